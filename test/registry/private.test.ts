import { readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { inspect } from 'node:util';
import { describe, expect, it } from 'vitest';
import { pull } from '../../src/images/pull.ts';
import { push } from '../../src/images/push.ts';
import { tag } from '../../src/images/tag.ts';
import { probeRegistry } from '../../src/registry/api.ts';
import { privateRegistryDir, privateRegistryHost, registryConfig } from '../../src/registry/config.ts';
import { courseCredentials } from '../../src/registry/credentials.ts';
import { formatRegistryStatus, registryDown, registryStatus, registryUp } from '../../src/stack/registry.ts';
import { login } from '../../src/registry/login.ts';
import { cleanupSession } from '../../src/session/cleanup.ts';
import { createContext } from '../../src/core/context-factory.ts';
import { useContext } from '../support/context.ts';
import { useRegistryEnv } from './fixtures.ts';

const t = useContext('registry-private');
const r = useRegistryEnv();

describe('the private registry', () => {
  it('listens on 5001 unless DOCKBOOK_PRIVATE_REGISTRY_PORT says otherwise, with htpasswd auth in its config', () => {
    expect(privateRegistryHost({})).toBe('127.0.0.1:5001');
    expect(privateRegistryDir({ DOCKBOOK_CACHE: '/c' })).toBe('/c/registry/private');
    expect(() => privateRegistryHost({ DOCKBOOK_PRIVATE_REGISTRY_PORT: 'x' })).toThrow(
      expect.objectContaining({ code: 'INVALID_ARGUMENT' }),
    );
    const config = registryConfig('/c/registry/private', '127.0.0.1:5001', {
      realm: 'dockbook-private',
      path: '/c/registry/private/htpasswd',
    });
    expect(config).toContain(
      'auth:\n  htpasswd:\n    realm: dockbook-private\n    path: /c/registry/private/htpasswd\n',
    );
  });

  it('starts with a bcrypt htpasswd of generated course credentials, kept 0600 and never printed', async () => {
    const up = await registryUp({ env: r.env, kind: 'private' });
    expect(up).toMatchObject({ host: privateRegistryHost(r.env), started: true });
    const dir = privateRegistryDir(r.env);
    const credentials = courseCredentials(dir);
    expect(credentials.password).toMatch(/^[\w-]{24}$/);
    for (const file of ['credentials.json', 'htpasswd']) expect(statSync(join(dir, file)).mode & 0o777).toBe(0o600);
    expect(readFileSync(join(dir, 'htpasswd'), 'utf8')).toMatch(new RegExp(`^${credentials.username}:\\$2y\\$`));
    for (const text of [inspect(credentials), String(credentials), JSON.stringify(credentials)])
      expect(text).not.toContain(credentials.password);
    expect(courseCredentials(dir).password).toBe(credentials.password);
    const response = await fetch(`http://${up.host}/v2/`);
    expect(response.status).toBe(401);
    expect(response.headers.get('www-authenticate')).toBe('Basic realm="dockbook-private"');
  });

  it('reports its status with its catalog, read with the course credentials', async () => {
    const host = privateRegistryHost(r.env);
    await login(t.ctx, host, courseCredentials(privateRegistryDir(r.env)));
    await tag(t.ctx, 'busybox', `${host}/status-${t.ctx.session}:v1`);
    await push(t.ctx, `${host}/status-${t.ctx.session}:v1`);
    const status = await registryStatus(r.env, 'private');
    expect(status).toMatchObject({
      kind: 'private',
      running: true,
      owned: true,
      repositories: [`status-${t.ctx.session}`],
    });
    expect(formatRegistryStatus(status)).toContain(`http://${host} (private: login needed to pull and push)`);
    expect(formatRegistryStatus(status)).not.toContain(courseCredentials(privateRegistryDir(r.env)).password);
  });

  it('refuses an anonymous pull, and serves it after a login', async () => {
    const host = privateRegistryHost(r.env);
    const ref = `${host}/status-${t.ctx.session}:v1`;
    const anonymous = await createContext({ notebook: 'test:registry-private-anonymous' });
    try {
      await expect(pull(anonymous, ref)).rejects.toMatchObject({ code: 'UNAUTHORIZED', operation: 'pull' });
      await login(anonymous, host, courseCredentials(privateRegistryDir(r.env)));
      expect((await pull(anonymous, ref)).digest).toMatch(/^sha256:/);
    } finally {
      await cleanupSession(anonymous);
    }
  });

  it('down stops only the private registry it started', async () => {
    const { pid } = await registryStatus(r.env, 'private');
    expect(await registryDown(r.env)).toBeUndefined();
    expect(await registryDown(r.env, 'private')).toBe(pid);
    expect(await probeRegistry(privateRegistryHost(r.env))).toBe('none');
  });
});
