import { createConnection, createServer, type Server } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CLIENT_MAX_API_VERSION, compareApiVersions, connect, negotiateApiVersion } from '../../src/core/connect.ts';
import { discoverEndpoint } from '../../src/core/endpoint.ts';
import { engineUp } from '../../src/stack/engine.ts';
import { DockbookError } from '../../src/errors.ts';

/** The socket path of the engine the suite runs against. */
const engineSocket = new URL(discoverEndpoint().host).pathname;

describe('API version negotiation', () => {
  it('speaks the lower of the client and engine versions', () => {
    expect(negotiateApiVersion({ ApiVersion: '1.41', MinAPIVersion: '1.12' }, '1.47')).toBe('1.41');
    expect(negotiateApiVersion({ ApiVersion: '1.51', MinAPIVersion: '1.24' }, '1.47')).toBe('1.47');
  });

  it('compares versions numerically, not as text', () => {
    expect(compareApiVersions('1.9', '1.41')).toBe(-1);
    expect(compareApiVersions('1.41', '1.41')).toBe(0);
  });

  it('refuses an engine that no longer accepts the client version', () => {
    expect(() => negotiateApiVersion({ ApiVersion: '2.10', MinAPIVersion: '2.0' }, '1.47')).toThrow(
      /accepts API 2.0 to 2.10/,
    );
  });

  it('pins the real engine client to the version /version negotiates', async () => {
    const engine = await connect();
    const version = await engine.docker.version();
    expect(engine.serverApiVersion).toBe(version.ApiVersion);
    expect(engine.apiVersion).toBe(negotiateApiVersion(version as { ApiVersion: string }, CLIENT_MAX_API_VERSION));
    expect((engine.docker.modem as { version?: string }).version).toBe(`v${engine.apiVersion}`);
    // The pinned client really talks to the engine at that version.
    expect(Array.isArray(await engine.docker.listContainers({ all: true }))).toBe(true);
  });
});

describe('engine discovery against the real engine', () => {
  let proxy: Server;
  let port = 0;
  const open = new Set<{ destroy(): void }>();

  beforeAll(async () => {
    // A TCP endpoint in front of the engine's socket, so a tcp:// DOCKER_HOST can be proven to win.
    proxy = createServer((client) => {
      const upstream = createConnection(engineSocket);
      open.add(client).add(upstream);
      client.pipe(upstream).pipe(client);
      client.on('error', () => upstream.destroy());
      upstream.on('error', () => client.destroy());
    });
    await new Promise<void>((resolve) => proxy.listen(0, '127.0.0.1', resolve));
    port = (proxy.address() as { port: number }).port;
  });
  afterAll(async () => {
    for (const socket of open) socket.destroy();
    await new Promise<void>((resolve) => proxy.close(() => resolve()));
  });

  it('uses a valid DOCKER_HOST over the default socket', async () => {
    const engine = await connect({ env: { DOCKER_HOST: `tcp://127.0.0.1:${port}` } });
    expect(engine.endpoint).toEqual({ host: `tcp://127.0.0.1:${port}`, source: 'DOCKER_HOST' });
    expect(engine.engineVersion).toBe((await connect()).engineVersion);
  });

  it('gives a clear error for a DOCKER_HOST that points nowhere, and does not fall back', async () => {
    const env = { DOCKER_HOST: 'unix:///nonexistent/docker.sock' };
    const error = await connect({ env }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(DockbookError);
    expect(error).toMatchObject({ code: 'ENGINE_UNREACHABLE', target: 'unix:///nonexistent/docker.sock' });
    expect((error as Error).message).toMatch(/DOCKER_HOST is set, so no other engine is tried/);
    // engine up must not start or silently use another engine either.
    await expect(engineUp({ env, install: false })).rejects.toMatchObject({ code: 'ENGINE_UNREACHABLE' });
  });

  it('reports a closed TCP port the same way', async () => {
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const free = (closed.address() as { port: number }).port;
    await new Promise<void>((resolve) => closed.close(() => resolve()));
    await expect(connect({ env: { DOCKER_HOST: `tcp://127.0.0.1:${free}` } })).rejects.toThrow(/ECONNREFUSED/);
  });

  it('rejects a protocol that is not an engine endpoint', async () => {
    await expect(connect({ env: { DOCKER_HOST: 'ftp://example' } })).rejects.toMatchObject({
      code: 'INVALID_ARGUMENT',
    });
  });
});
