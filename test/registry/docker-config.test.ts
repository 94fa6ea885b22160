import { existsSync, mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { cli } from '../../src/docker-cli.ts';
import { tag } from '../../src/images/tag.ts';
import { privateRegistryDir, privateRegistryHost } from '../../src/registry/config.ts';
import { courseCredentials } from '../../src/registry/credentials.ts';
import { dockerConfigDir, sessionDockerConfig, sweepStaleDockerConfigs } from '../../src/registry/docker-config.ts';
import { registryUp } from '../../src/stack/registry.ts';
import { login } from '../../src/registry/login.ts';
import { cleanupSession } from '../../src/session/cleanup.ts';
import { createContext } from '../../src/core/context-factory.ts';
import { useContext } from '../support/context.ts';
import { useRegistryEnv } from './fixtures.ts';

const t = useContext('registry-docker-config');
const other = useContext('registry-docker-config-other');
const r = useRegistryEnv();

describe("the session's DOCKER_CONFIG, for the CLI that cli() runs", () => {
  let host: string;
  beforeAll(async () => {
    host = (await registryUp({ env: r.env, kind: 'private' })).host;
  });

  it('is a folder of the session under the cache, mode 0700, never ~/.docker', async () => {
    const dir = sessionDockerConfig(t.ctx);
    expect(dir).toBe(join(dockerConfigDir(), t.ctx.session));
    expect(statSync(dir).mode & 0o777).toBe(0o700);
    const info = await cli(t.ctx, `info --format '{{.ID}}'`);
    expect(info.exitCode).toBe(0);
  });

  it('keeps a `docker login` made through cli() for that session only, without showing the password', async () => {
    const { username, password } = courseCredentials(privateRegistryDir(r.env));
    const ref = `${host}/cli-login-${t.ctx.session}:v1`;
    await tag(t.ctx, 'busybox', ref);

    const refused = await cli(t.ctx, `push ${ref}`).catch((e: unknown) => e);
    expect(refused).toMatchObject({ code: 'UNAUTHORIZED', operation: 'cli' });

    const loggedIn = await cli(t.ctx, ['login', host, '--username', username, '--password-stdin'], { input: password });
    expect(loggedIn.stdout).toContain('Login Succeeded');
    expect(`${String(loggedIn)}${loggedIn.stderr}`).not.toContain(password);
    expect(statSync(join(sessionDockerConfig(t.ctx), 'config.json')).mode & 0o777).toBe(0o600);

    expect((await cli(t.ctx, `push ${ref}`)).stdout).toMatch(/v1: digest: sha256:[0-9a-f]{64}/);
    // Another session has its own folder, with no login in it.
    await expect(cli(other.ctx, `pull ${ref}`)).rejects.toMatchObject({ code: 'UNAUTHORIZED' });
  });

  it('holds the login that login({ dockerConfig: true }) writes, and cleanup removes it', async () => {
    const ctx = await createContext({ notebook: 'test:registry-docker-config-login' });
    const ref = `${host}/api-login-${ctx.session}:v1`;
    try {
      const result = await login(ctx, host, courseCredentials(privateRegistryDir(r.env)), { dockerConfig: true });
      expect(result.dockerConfig).toBe(sessionDockerConfig(ctx));
      await tag(ctx, 'busybox', ref);
      expect((await cli(ctx, `push ${ref}`)).stdout).toMatch(/v1: digest: sha256:[0-9a-f]{64}/);
    } finally {
      await cleanupSession(ctx);
    }
    expect(existsSync(join(dockerConfigDir(), ctx.session))).toBe(false);
  });

  it('sweeps the folders of sessions whose process is gone, and keeps live ones', () => {
    const stale = join(dockerConfigDir(), `db-stale-${t.ctx.session}`);
    mkdirSync(stale, { recursive: true });
    // A pid that cannot be alive: above the kernel's pid_max.
    writeFileSync(
      join(stale, 'dockbook-owner'),
      `${hostname()}:${Number(readFileSync('/proc/sys/kernel/pid_max', 'utf8')) + 1}\n`,
    );
    const live = sessionDockerConfig(t.ctx);
    expect(sweepStaleDockerConfigs()).toContain(`db-stale-${t.ctx.session}`);
    expect(existsSync(stale)).toBe(false);
    expect(existsSync(live)).toBe(true);
  });
});
