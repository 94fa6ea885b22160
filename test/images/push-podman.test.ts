import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { build } from '../../src/images/build.ts';
import { push } from '../../src/images/push.ts';
import { tag } from '../../src/images/tag.ts';
import { privateRegistryDir, privateRegistryHost } from '../../src/registry/config.ts';
import { courseCredentials } from '../../src/registry/credentials.ts';
import { login } from '../../src/registry/login.ts';
import { usePodmanContext } from '../support/podman.ts';
import { useContextDirs } from './fixtures.ts';

// Pushes on Podman (DOCKBOOK_PODMAN_HOST, see test/support/podman.ts), to the course's private registry: the one
// Podman's registries.conf lets speak plain HTTP. Podman's Docker-compatible login reaches it as localhost:PORT only,
// and its push streams no layer; the library logs in and reports each layer as on Docker, the latter from the
// registry's log.
const t = usePodmanContext('images-push-podman');
const contextDir = useContextDirs();

describe('push on Podman', () => {
  it('logs in to the plain-HTTP registry at 127.0.0.1:PORT, and a wrong password is UNAUTHORIZED there', async () => {
    const host = privateRegistryHost();
    // Asked as given, Podman's /auth speaks HTTPS to it, whatever registries.conf says: no password is checked.
    const asked = await t.ctx.docker
      .checkAuth({ username: 'student', password: 'irrelevant-pw', serveraddress: host })
      .catch((e: unknown) => e);
    expect(String((asked as { json?: { message?: string } }).json?.message)).toMatch(
      /server gave HTTP response to HTTPS client/,
    );
    const wrong = await login(t.ctx, host, { username: 'student', password: `wrong-${t.ctx.session}` }).catch(
      (e: unknown) => e,
    );
    expect(wrong).toMatchObject({ code: 'UNAUTHORIZED', operation: 'login', target: host });
    expect((wrong as { daemonMessage: string }).daemonMessage).toMatch(/failed with status: 401 Unauthorized$/);
    const result = await login(t.ctx, host, courseCredentials(privateRegistryDir()));
    expect(result).toMatchObject({ registry: host, username: 'student' });
  });

  it('reports each layer as the registry saw the push: uploaded, already there, mounted from elsewhere', async () => {
    const host = privateRegistryHost();
    await login(t.ctx, host, courseCredentials(privateRegistryDir()));
    const repository = `${host}/podman-push-${t.ctx.session}`;
    const token = randomBytes(6).toString('hex');
    const built = await build(t.ctx, contextDir({ Dockerfile: `FROM busybox\nRUN echo ${token} > /stamp\n` }), {
      tags: [`${repository}:v1`],
    });
    const diffIds = ((await t.ctx.docker.getImage(built.id).inspect()).RootFS.Layers ?? []).map((id) =>
      id.replace(/^sha256:/, '').slice(0, 12),
    );
    expect(diffIds).toHaveLength(2);

    const first = await push(t.ctx, `${repository}:v1`);
    expect(first.layers.map((l) => l.id)).toEqual(diffIds);
    // Our own layer is new to every registry; busybox's may be there from other pushes, in other repositories.
    expect(first.layers[1]).toEqual({ id: diffIds[1], status: 'pushed' });
    expect(first.layers[0]!.status).not.toBe('exists');

    const again = await push(t.ctx, `${repository}:v1`);
    expect(again.digest).toBe(first.digest);
    expect(again.counts).toEqual({ pushed: 0, exists: 2, mounted: 0 });
    expect(String(again)).toContain(`${diffIds[1]}: Layer already exists`);

    const copy = `${host}/podman-push-copy-${t.ctx.session}:v1`;
    await tag(t.ctx, `${repository}:v1`, copy);
    const copied = await push(t.ctx, copy);
    expect(copied.digest).toBe(first.digest);
    expect(copied.counts).toEqual({ pushed: 0, exists: 0, mounted: 2 });
    expect(copied.layers[1]).toEqual({ id: diffIds[1], status: 'mounted', from: `podman-push-${t.ctx.session}` });
  });
});
