import { describe, expect, it } from 'vitest';
import { run } from '../../src/containers/run.ts';
import { build } from '../../src/images/build.ts';
import { inspectImage } from '../../src/images/inspect.ts';
import { images } from '../../src/images/list.ts';
import { pruneImages } from '../../src/images/prune.ts';
import { rmi } from '../../src/images/rmi.ts';
import { tag } from '../../src/images/tag.ts';
import { usePodmanContext } from '../support/podman.ts';
import { useContextDirs } from './fixtures.ts';

// Image values on Podman (DOCKBOOK_PODMAN_HOST) as on Docker: familiar names, sha256: IDs, prunes that take what
// Docker's take.
const t = usePodmanContext('images-podman');
const contextDir = useContextDirs();

const DOCKERFILE =
  'FROM busybox\nARG VERSION=1\nRUN echo "version $VERSION" > /version.txt\nCMD ["cat", "/version.txt"]\n';

describe('images on Podman', () => {
  it('names show as Docker shows them: images(), inspectImage, tag and rmi', async () => {
    const ref = `podman-names-${t.ctx.session}:v1`;
    const tagged = await tag(t.ctx, 'busybox', ref);
    expect(tagged.ref).toBe(ref);
    const rows = await images(t.ctx, { scope: 'all', reference: `podman-names-${t.ctx.session}` });
    expect(rows.map((r) => [r.repository, r.tag, r.ref])).toEqual([[`podman-names-${t.ctx.session}`, 'v1', ref]]);
    const busybox = await inspectImage(t.ctx, 'busybox');
    expect(busybox.repoTags).toContain('busybox:latest');
    expect(busybox.repoTags.filter((name) => name.startsWith('docker.io/'))).toEqual([]);
    expect(busybox.id).toMatch(/^sha256:[0-9a-f]{64}$/);
    expect((await rmi(t.ctx, ref)).untagged).toEqual([ref]);
  });

  it('prune takes the dangling image, prune -a every unused one; every ID is sha256:', async () => {
    const dir = contextDir({ Dockerfile: DOCKERFILE });
    const app = `podman-app-${t.ctx.session}`;
    const first = await build(t.ctx, dir, { tags: [app], buildArgs: { VERSION: `old-${t.ctx.session}` } });
    const second = await build(t.ctx, dir, { tags: [app], buildArgs: { VERSION: `new-${t.ctx.session}` } });
    const spare = await build(t.ctx, dir, {
      tags: [`podman-spare-${t.ctx.session}`],
      buildArgs: { VERSION: `spare-${t.ctx.session}` },
    });
    await run(t.ctx, app);
    const listed = await images(t.ctx);
    expect(listed.map((r) => r.id)).toEqual([spare.id, second.id, first.id]);
    expect(listed.map((r) => r.repository)).toEqual([`podman-spare-${t.ctx.session}`, app, '<none>']);

    const pruned = await pruneImages(t.ctx);
    expect(pruned.deleted).toContain(first.id);
    expect(pruned.deleted).not.toContain(second.id);
    expect(pruned.deleted).not.toContain(spare.id);
    for (const id of pruned.deleted) expect(id).toMatch(/^sha256:[0-9a-f]{64}$/);

    const all = await pruneImages(t.ctx, { all: true });
    expect(all.deleted).toContain(spare.id);
    expect(all.deleted).not.toContain(second.id);
    for (const id of all.deleted) expect(id).toMatch(/^sha256:[0-9a-f]{64}$/);
    expect((await images(t.ctx)).map((r) => r.ref)).toEqual([`${app}:latest`]);
  });
});
