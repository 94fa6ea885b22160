import { existsSync, readFileSync, statSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { inspect } from 'node:util';
import { execa } from 'execa';
import { beforeAll, describe, expect, it } from 'vitest';
import { privateRegistryDir, privateRegistryHost } from '../../src/registry/config.ts';
import { courseCredentials } from '../../src/registry/credentials.ts';
import { registryUp } from '../../src/stack/registry.ts';
import { authAddress, login } from '../../src/registry/login.ts';
import { sessionAuth } from '../../src/registry/session-auth.ts';
import { tag } from '../../src/images/tag.ts';
import { useContext } from '../support/context.ts';
import { freePort, useRegistryEnv } from './fixtures.ts';

const t = useContext('registry-login');
const r = useRegistryEnv();

function userDockerConfig(): string {
  const file = join(homedir(), '.docker', 'config.json');
  return existsSync(file) ? readFileSync(file, 'utf8') : '';
}

describe('authAddress', () => {
  it('asks Podman about a loopback registry as localhost:PORT, the one name its /auth lets speak plain HTTP', () => {
    expect(authAddress('podman', '127.0.0.1:5001')).toBe('localhost:5001');
    expect(authAddress('podman', '127.1.2.3:5000')).toBe('localhost:5000');
    expect(authAddress('podman', '[::1]:5001')).toBe('localhost:5001');
    for (const host of ['localhost:5001', 'registry.example.com:5000', '10.0.0.5:5000', '127.0.0.1', 'docker.io'])
      expect(authAddress('podman', host)).toBe(host);
    expect(authAddress('docker', '127.0.0.1:5001')).toBe('127.0.0.1:5001');
  });
});

describe('login', () => {
  beforeAll(async () => {
    await registryUp({ env: r.env, kind: 'private' });
  });

  it('refuses a wrong password with UNAUTHORIZED and a hint, never echoing the password', async () => {
    const host = privateRegistryHost(r.env);
    const password = `wrong-${t.ctx.session}-secret`;
    const error = await login(t.ctx, host, { username: 'student', password }).catch((e: unknown) => e);
    expect(error).toMatchObject({
      code: 'UNAUTHORIZED',
      operation: 'login',
      target: host,
      command: `docker login ${host} --username student --password-stdin`,
    });
    expect((error as { hint: string }).hint).toContain('check the user name and password');
    const { message, hint, command, daemonMessage, reason } = error as Record<string, string>;
    for (const text of [message, hint, command, daemonMessage, reason, inspect(error, { depth: 10 })])
      expect(text).not.toContain(password);
    expect(sessionAuth(t.ctx, host)).toBeUndefined();
  });

  it('keeps accepted credentials in the session only, and prints no password', async () => {
    const host = privateRegistryHost(r.env);
    const before = userDockerConfig();
    const credentials = courseCredentials(privateRegistryDir(r.env));
    const result = await login(t.ctx, `http://${host}/`, credentials);
    expect(result).toMatchObject({ registry: host, username: credentials.username, dockerConfig: undefined });
    expect(inspect(result)).toBe('Login Succeeded');
    expect(JSON.stringify(result)).not.toContain(credentials.password);
    expect(sessionAuth(t.ctx, host)).toEqual({
      username: credentials.username,
      password: credentials.password,
      serveraddress: host,
    });
    expect(userDockerConfig()).toBe(before);
  });

  it('writes a DOCKER_CONFIG under the cache folder when asked, which the docker CLI then uses', async () => {
    const host = privateRegistryHost(r.env);
    const dir = join(r.cache, 'docker-config');
    const before = userDockerConfig();
    const result = await login(t.ctx, host, courseCredentials(privateRegistryDir(r.env)), {
      dockerConfig: true,
      dockerConfigDir: dir,
    });
    expect(result.dockerConfig).toBe(dir);
    expect(statSync(join(dir, 'config.json')).mode & 0o777).toBe(0o600);
    const ref = `${host}/cli-${t.ctx.session}:v1`;
    await tag(t.ctx, 'busybox', ref);
    const pushed = await execa('docker', ['--config', dir, 'push', ref]);
    expect(pushed.stdout).toMatch(/v1: digest: sha256:[0-9a-f]{64}/);
    expect(`${pushed.stdout}${pushed.stderr}`).not.toContain(courseCredentials(privateRegistryDir(r.env)).password);
    const anonymous = await execa('docker', ['--config', join(r.cache, 'empty-config'), 'pull', ref], {
      reject: false,
    });
    expect(anonymous.stderr).toMatch(/no basic auth credentials|unauthorized/);
    expect(userDockerConfig()).toBe(before);
  });

  it('says when the registry does not answer', async () => {
    const host = `127.0.0.1:${await freePort()}`;
    const error = await login(t.ctx, host, { username: 'student', password: 'irrelevant-pw' }).catch((e: unknown) => e);
    expect(error).toMatchObject({ operation: 'login', target: host });
    expect((error as Error).message).toMatch(/connection refused/);
    expect((error as Error).message).not.toContain('irrelevant-pw');
  });

  it('refuses a login without a password before any call', async () => {
    await expect(login(t.ctx, '127.0.0.1:5001', { username: 'student', password: '' })).rejects.toMatchObject({
      code: 'INVALID_ARGUMENT',
    });
  });
});
