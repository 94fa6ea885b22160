import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { execa } from 'execa';
import { afterAll, describe, expect, it } from 'vitest';
import { build } from '../../src/images/build.ts';
import { tag } from '../../src/images/tag.ts';
import { deleteManifest, probeRegistry, registryImageId } from '../../src/registry/api.ts';
import { registryDown, registryGc, registryStatus, registryUp } from '../../src/stack/registry.ts';
import { useContext } from '../support/context.ts';
import { useRegistryEnv } from '../registry/fixtures.ts';

const t = useContext('registry-gc');
const r = useRegistryEnv();
const work = mkdtempSync(join(tmpdir(), 'dockbook-gc-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

/**
 * Pushes an image with a 2 MB layer of its own to the test's registry; returns the repository and the manifest digest.
 */
async function pushUniqueImage(host: string): Promise<{ repository: string; digest: string }> {
  writeFileSync(join(work, 'blob'), randomBytes(2_000_000));
  writeFileSync(join(work, 'Dockerfile'), 'FROM busybox\nCOPY blob /blob\n');
  const built = await build(t.ctx, work, { tags: [t.ctx.session + '-gc'] });
  const repository = `gc-${t.ctx.session}`;
  const ref = `${host}/${repository}:v1`;
  await tag(t.ctx, built.id, ref);
  const pushed = await execa('docker', ['push', ref]);
  const digest = /digest: (sha256:[0-9a-f]{64})/.exec(pushed.stdout)?.[1];
  expect(digest).toBeDefined();
  return { repository, digest: digest! };
}

describe('registry gc', () => {
  it(
    'frees the layers of a deleted manifest, restarting ' + 'the registry dockbook started; down collects too',
    async () => {
      const { host } = await registryUp({ env: r.env });
      const { repository, digest } = await pushUniqueImage(host);
      const pid = (await registryStatus(r.env)).pid;

      // Nothing deleted yet: the collection keeps every referenced layer.
      const kept = await registryGc(r.env);
      expect(kept).toMatchObject({ kind: 'public', restarted: true });
      expect(kept.before - kept.after).toBeLessThan(100_000);
      expect(await registryImageId(host, repository, 'v1')).toBeDefined();
      expect((await registryStatus(r.env)).pid).not.toBe(pid);

      expect(await deleteManifest(host, repository, digest)).toBe(true);
      const freed = await registryGc(r.env);
      expect(freed.before - freed.after).toBeGreaterThan(1_900_000);
      expect(await probeRegistry(host)).toBe('registry');

      // A second push and delete, then `down`: it stops the registry and collects on its own.
      const again = await pushUniqueImage(host);
      await deleteManifest(host, again.repository, again.digest);
      await registryDown(r.env);
      const after = await registryGc(r.env);
      expect(after).toMatchObject({ restarted: false });
      expect(after.before - after.after).toBeLessThan(100_000);
    },
  );

  it('refuses a registry dockbook did not start', async () => {
    // The suite's own public registry may or may not be dockbook's; a foreign port is simplest:
    const env = {
      ...r.env,
      DOCKBOOK_CACHE: join(work, 'foreign'),
      DOCKBOOK_REGISTRY_PORT: process.env.DOCKBOOK_REGISTRY_PORT ?? '5000',
    };
    await expect(registryGc(env)).rejects.toMatchObject({ code: 'CONFLICT_RUNNING', operation: 'registry gc' });
  });
});
