import { createHash } from 'node:crypto';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { discoverEndpoint, endpointEnv } from '../../src/core/endpoint.ts';
import { isDockbookError } from '../../src/errors.ts';

function homeWithContext(name: string, host: string): string {
  const home = mkdtempSync(join(tmpdir(), 'dockbook-home-'));
  const id = createHash('sha256').update(name).digest('hex');
  mkdirSync(join(home, '.docker', 'contexts', 'meta', id), { recursive: true });
  writeFileSync(join(home, '.docker', 'config.json'), JSON.stringify({ currentContext: name }));
  writeFileSync(
    join(home, '.docker', 'contexts', 'meta', id, 'meta.json'),
    JSON.stringify({ Name: name, Endpoints: { docker: { Host: host } } }),
  );
  return home;
}

const none = () => false;

describe('discoverEndpoint', () => {
  it('takes DOCKER_HOST first, even when a context and sockets exist', () => {
    const home = homeWithContext('remote', 'tcp://10.0.0.1:2375');
    const endpoint = discoverEndpoint({ env: { DOCKER_HOST: 'unix:///tmp/x.sock' }, home, exists: () => true });
    expect(endpoint).toEqual({ host: 'unix:///tmp/x.sock', source: 'DOCKER_HOST' });
  });

  it('reads the current context from the docker config when DOCKER_HOST is unset', () => {
    const home = homeWithContext('remote', 'tcp://10.0.0.1:2375');
    const endpoint = discoverEndpoint({ env: {}, home });
    expect(endpoint).toMatchObject({ host: 'tcp://10.0.0.1:2375', source: 'context', context: 'remote' });
  });

  it('lets DOCKER_CONTEXT override the config, and names a missing context in its error', () => {
    const home = homeWithContext('remote', 'tcp://10.0.0.1:2375');
    let caught: unknown;
    try {
      discoverEndpoint({ env: { DOCKER_CONTEXT: 'gone' }, home });
    } catch (error) {
      caught = error;
    }
    expect(isDockbookError(caught, 'ENGINE_UNREACHABLE')).toBe(true);
    expect((caught as Error).message).toMatch(/context "gone"/);
  });

  it('treats the "default" context as the default sockets', () => {
    const home = homeWithContext('default', 'ignored');
    expect(discoverEndpoint({ env: {}, home, exists: none })).toEqual({
      host: 'unix:///var/run/docker.sock',
      source: 'default-socket',
    });
  });

  it('falls back to the first default socket that exists (rootless, Desktop)', () => {
    const home = mkdtempSync(join(tmpdir(), 'dockbook-home-'));
    const desktop = join(home, '.docker', 'run', 'docker.sock');
    const endpoint = discoverEndpoint({
      env: { XDG_RUNTIME_DIR: '/run/user/1000' },
      home,
      exists: (p) => p === desktop,
    });
    expect(endpoint).toEqual({ host: `unix://${desktop}`, source: 'default-socket' });
  });
});

describe('endpointEnv', () => {
  // A process started with the runner's environment plus endpointEnv finds the runner's engine again.
  const again = (env: NodeJS.ProcessEnv, endpoint: Parameters<typeof endpointEnv>[0], home: string) => {
    const merged = Object.fromEntries(
      Object.entries({ ...env, ...endpointEnv(endpoint) }).filter(([, value]) => value !== undefined),
    );
    return discoverEndpoint({ env: merged, home });
  };

  it('gives DOCKER_HOST with its TLS folder, whatever the environment named', () => {
    const remote = { host: 'tcp://198.19.0.2:2376', source: 'DOCKER_HOST' as const, tlsDir: '/certs' };
    expect(endpointEnv(remote)).toEqual({
      DOCKER_HOST: 'tcp://198.19.0.2:2376',
      DOCKER_TLS_VERIFY: '1',
      DOCKER_CERT_PATH: '/certs',
      DOCKER_CONTEXT: undefined,
    });
    const home = homeWithContext('remote', 'tcp://10.0.0.1:2375');
    expect(again({ DOCKER_CONTEXT: 'remote', DOCKER_HOST: 'unix:///other.sock' }, remote, home)).toEqual(remote);
    const plain = { host: 'tcp://198.19.0.2:2375', source: 'DOCKER_HOST' as const };
    expect(again({ DOCKER_TLS_VERIFY: '1', DOCKER_CERT_PATH: '/old' }, plain, home)).toEqual(plain);
  });

  it('gives a context by its name, and for a default socket neither DOCKER_HOST nor a context', () => {
    const home = homeWithContext('remote', 'tcp://10.0.0.1:2375');
    const context = discoverEndpoint({ env: {}, home });
    expect(again({ DOCKER_HOST: 'unix:///other.sock' }, context, home)).toEqual(context);
    const plainHome = mkdtempSync(join(tmpdir(), 'dockbook-home-'));
    const socket = { host: 'unix:///var/run/docker.sock', source: 'default-socket' as const };
    expect(again({ DOCKER_HOST: 'tcp://10.0.0.1:2375', DOCKER_CONTEXT: 'x' }, socket, plainHome)).toEqual(socket);
  });
});
