import { describe, beforeAll, expect, it } from 'vitest';
import { build } from '../../src/images/build.ts';
import { pull } from '../../src/images/pull.ts';
import { push } from '../../src/images/push.ts';
import { rmi } from '../../src/images/rmi.ts';
import { tag } from '../../src/images/tag.ts';
import { privateRegistryDir, privateRegistryHost } from '../../src/registry/config.ts';
import { courseCredentials } from '../../src/registry/credentials.ts';
import { registryUp } from '../../src/stack/registry.ts';
import { login } from '../../src/registry/login.ts';
import type { ProgressEvent } from '../../src/core/context.ts';
import { freePort, useRegistryEnv } from '../registry/fixtures.ts';
import { useContext } from '../support/context.ts';
import { useContextDirs } from './fixtures.ts';

const t = useContext('images-push');
const r = useRegistryEnv();
const contextDir = useContextDirs();

describe('push to the private registry', () => {
  let host = '';
  beforeAll(async () => {
    host = (await registryUp({ env: r.env, kind: 'private' })).host;
  });

  it('is UNAUTHORIZED without a login, with a hint to log in', async () => {
    const ref = `${host}/nologin-${t.ctx.session}:v1`;
    await tag(t.ctx, 'busybox', ref);
    const error = await push(t.ctx, ref).catch((e: unknown) => e);
    expect(error).toMatchObject({
      code: 'UNAUTHORIZED',
      operation: 'push',
      target: ref,
      command: `docker push ${ref}`,
    });
    expect((error as Error).message).toContain('login(');
  });

  it('pushes after a login, and a pull after removing the image gives back the same digest', async () => {
    await login(t.ctx, host, courseCredentials(privateRegistryDir(r.env)));
    const ref = `${host}/trip-${t.ctx.session}:v1`;
    const tagged = await tag(t.ctx, 'busybox', ref);
    const events: ProgressEvent[] = [];
    const pushed = await push(t.ctx, ref, { onProgress: (e) => events.push(e) });
    expect(pushed.digest).toMatch(/^sha256:[0-9a-f]{64}$/);
    expect(pushed.counts).toEqual({ pushed: 1, exists: 0, mounted: 0 });
    expect(String(pushed)).toMatch(new RegExp(`^\\w+: Pushed\\n${ref.replace(/\./g, '\\.')}: digest: sha256:`));
    expect(events.some((e) => e.operation === 'push' && e.status === 'Pushed')).toBe(true);
    await rmi(t.ctx, ref);
    const pulled = await pull(t.ctx, ref);
    expect(pulled).toMatchObject({ status: 'pulled', digest: pushed.digest, id: tagged.id });
  });

  it(
    'uploads only the layers the registry lacks: the rest ' + 'exist in the repository or are mounted from another',
    async () => {
      // The busybox layer is in the registry already (the round trip pushed it to trip-…).
      const base = `${host}/dedup-${t.ctx.session}:base`;
      await build(t.ctx, contextDir({ Dockerfile: `FROM busybox\nRUN echo base-${t.ctx.session} > /base\n` }), {
        tags: [base],
      });
      const first = await push(t.ctx, base);
      expect(first.counts).toEqual({ pushed: 1, exists: 0, mounted: 1 });
      expect(String(first)).toContain(`: Mounted from trip-${t.ctx.session}`);
      const child = `${host}/dedup-${t.ctx.session}:child`;
      await build(t.ctx, contextDir({ Dockerfile: `FROM ${base}\nRUN echo child-${t.ctx.session} > /child\n` }), {
        tags: [child],
      });
      const pushed = await push(t.ctx, child);
      expect(pushed.counts).toEqual({ pushed: 1, exists: 2, mounted: 0 });
      expect(String(pushed)).toContain(': Layer already exists');
      const elsewhere = `${host}/other-${t.ctx.session}:child`;
      await tag(t.ctx, child, elsewhere);
      expect((await push(t.ctx, elsewhere)).counts).toEqual({ pushed: 0, exists: 0, mounted: 3 });
    },
  );

  it('pulling a tag the registry does not have is NOT_FOUND', async () => {
    await expect(pull(t.ctx, `${host}/trip-${t.ctx.session}:nope`)).rejects.toMatchObject({
      code: 'NOT_FOUND',
      operation: 'pull',
    });
  });

  it('a registry that does not answer is PUSH_FAILED, naming it', async () => {
    const down = `127.0.0.1:${await freePort()}`;
    const ref = `${down}/down-${t.ctx.session}:v1`;
    await tag(t.ctx, 'busybox', ref);
    const error = await push(t.ctx, ref).catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'PUSH_FAILED', operation: 'push', target: ref });
    expect((error as Error).message).toMatch(/connection refused.*dockbook registry status/);
  });

  it('a name with no local image is NOT_FOUND', async () => {
    await expect(push(t.ctx, `${host}/absent-${t.ctx.session}:v1`)).rejects.toMatchObject({
      code: 'NOT_FOUND',
      operation: 'push',
    });
  });
});
