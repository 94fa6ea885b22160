import { randomBytes } from 'node:crypto';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { cli } from '../../src/docker-cli.ts';
import { connect } from '../../src/core/connect.ts';
import { isDockbookError } from '../../src/errors.ts';
import { proxyDir } from '../../src/docker-proxy/folder.ts';
import { sessionProxy } from '../../src/docker-proxy/session.ts';
import { cleanupSession, removeLabelled } from '../../src/session/cleanup.ts';
import { createContext } from '../../src/core/context-factory.ts';
import { useContext } from '../support/context.ts';
import { relay } from './fixtures.ts';

const t = useContext('docker-proxy-faults');
const engineSocket = () => new URL(t.ctx.engine.endpoint.host).pathname;

/** A request straight to the proxy's socket: status and body. */
function raw(
  socketPath: string,
  method: string,
  path: string,
  body: string,
): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = request({ socketPath, method, path, headers: { 'Content-Type': 'application/json' } }, (res) => {
      let text = '';
      res.on('data', (c: Buffer) => (text += c.toString()));
      res.on('end', () => resolve({ status: res.statusCode!, body: text }));
    });
    req.on('error', reject);
    req.end(body);
  });
}

describe('the proxy, on its own', () => {
  it('adds the labels with or without the API version prefix, keeping the request own', async () => {
    const { socketPath } = (await sessionProxy(t.ctx))!;
    for (const path of ['/containers/create', `/v${t.ctx.engine.apiVersion}/containers/create`]) {
      const made = await raw(
        socketPath,
        'POST',
        path,
        JSON.stringify({ Image: 'busybox', Cmd: ['true'], Labels: { mine: 'kept' } }),
      );
      expect(made.status).toBe(201);
      const { Id } = JSON.parse(made.body) as { Id: string };
      expect((await t.ctx.docker.getContainer(Id).inspect()).Config.Labels).toMatchObject({
        ...t.ctx.labels,
        mine: 'kept',
      });
    }
  });

  it('refuses a create it cannot label with a clear answer, and forwards nothing', async () => {
    const { socketPath } = (await sessionProxy(t.ctx))!;
    const refused = await raw(socketPath, 'POST', '/v1.41/volumes/create', 'not json');
    expect(refused.status).toBe(400);
    expect(JSON.parse(refused.body).message).toMatch(
      /^dockbook proxy: could not add the session's labels to POST \/v1\.41\/volumes\/create/,
    );
  });

  it('reports its own failure as a DockbookError from cli(), and what it made is still cleaned up', async () => {
    const ctx = await createContext({ notebook: 'test:docker-proxy-broken' });
    try {
      await sessionProxy(ctx);
      // Its record of tags cannot be written: a folder stands where the file goes.
      mkdirSync(join(proxyDir(ctx.session), 'tracked'));
      const error = await cli(ctx, `tag busybox broken-${ctx.session}:v1`).catch((e: unknown) => e);
      expect(isDockbookError(error, 'ENGINE_ERROR')).toBe(true);
      expect((error as Error).message).toMatch(
        /^\[cli\] docker tag busybox broken-db-[0-9a-f]{8}:v1: the session's Docker proxy failed: EISDIR/,
      );
    } finally {
      await cleanupSession(ctx);
    }
    await expect(ctx.docker.getImage(`broken-${ctx.session}:v1`).inspect()).rejects.toMatchObject({ statusCode: 404 });
  });

  it('that cannot start, is a DockbookError naming the proxy', async () => {
    // A cache "folder" that is a file, at a path short enough that the proxy's socket would go there.
    const file = `/tmp/dbk-${randomBytes(4).toString('hex')}`;
    writeFileSync(file, '');
    try {
      const ctx = await createContext({ notebook: 'test:docker-proxy-no-cache', engine: t.ctx.engine });
      const error = await sessionProxy(ctx, { ...process.env, DOCKBOOK_CACHE: file }).catch((e: unknown) => e);
      expect(isDockbookError(error, 'ENGINE_ERROR')).toBe(true);
      expect((error as Error).message).toMatch(/the session's Docker proxy could not start \(ENOTDIR\)/);
    } finally {
      rmSync(file, { force: true });
    }
  });
});

describe('an engine that goes away', () => {
  it('fails streams, hijacked calls and later calls promptly with ENGINE_UNREACHABLE, never hangs', async () => {
    const through = await relay(engineSocket(), 'unix');
    const ctx = await createContext({
      notebook: 'test:docker-proxy-gone',
      engine: await connect({ endpoint: { host: through.host, source: 'DOCKER_HOST' } }),
    });
    try {
      const id = (await cli(ctx, 'run -d busybox sleep 300')).stdout.trim();
      const events = cli(ctx, 'events', { timeoutMs: 60_000, reject: false });
      const attached = cli(ctx, ['attach', id], { timeoutMs: 60_000, reject: false });
      await new Promise((resolve) => setTimeout(resolve, 1000));
      const t0 = Date.now();
      await through.cut();
      const [e, a] = await Promise.all([events, attached]);
      expect(Date.now() - t0).toBeLessThan(15_000);
      expect(e.exitCode).not.toBe(0);
      expect(a.exitCode).not.toBe(0);
      const later = await cli(ctx, 'ps').catch((error: unknown) => error);
      expect(isDockbookError(later, 'ENGINE_UNREACHABLE')).toBe(true);
      expect((later as Error).message).toContain(`Cannot connect to the Docker daemon at ${through.host}`);
    } finally {
      await cleanupSession(ctx).catch(() => undefined);
      await removeLabelled(t.ctx.docker, () => true, ctx.session);
    }
  });
});

describe('a tcp endpoint', () => {
  it('is forwarded to as well: labels added, attached and stdin calls work', async () => {
    const through = await relay(engineSocket(), 'tcp');
    const ctx = await createContext({
      notebook: 'test:docker-proxy-tcp',
      engine: await connect({ endpoint: { host: through.host, source: 'DOCKER_HOST' } }),
    });
    try {
      expect((await sessionProxy(ctx))!.host).toMatch(/^unix:/);
      expect((await cli(ctx, 'run --rm -i busybox tr a-z A-Z', { input: 'tcp\n' })).stdout).toBe('TCP\n');
      const id = (await cli(ctx, 'create --label mine=kept busybox true')).stdout.trim();
      expect((await ctx.docker.getContainer(id).inspect()).Config.Labels).toMatchObject({
        ...ctx.labels,
        mine: 'kept',
      });
      await cleanupSession(ctx);
      await expect(t.ctx.docker.getContainer(id).inspect()).rejects.toMatchObject({ statusCode: 404 });
    } finally {
      await cleanupSession(ctx);
      await through.cut();
    }
  });
});
