import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { build } from '../../src/images/build.ts';
import { pruneImages } from '../../src/images/prune.ts';
import { cleanupSession } from '../../src/session/cleanup.ts';
import type { Context } from '../../src/core/context.ts';
import { createContext } from '../../src/core/context-factory.ts';
import { useContext } from '../support/context.ts';
import { useContextDirs, writeFiles } from './fixtures.ts';

const t = useContext('images-prune');
const contextDir = useContextDirs();
const exists = (id: string) =>
  t.ctx.docker
    .getImage(id)
    .inspect()
    .then(
      () => true,
      () => false,
    );

/** Builds `name` twice with different content: the first image loses its tag and dangles. */
async function dangling(ctx: Context, name: string): Promise<string> {
  const dir = contextDir({ Dockerfile: 'FROM busybox\nCOPY stamp /\n', stamp: `${name} 1\n` });
  const first = (await build(ctx, dir, { tags: [name] })).id;
  writeFiles(dir, { stamp: `${name} 2\n` });
  await build(ctx, dir, { tags: [name] });
  return first;
}

describe('pruneImages (C33)', () => {
  let other: Context;
  const ids = { dangling: '', unused: '', used: '', othersDangling: '' };

  beforeAll(async () => {
    const s = t.ctx.session;
    ids.dangling = await dangling(t.ctx, `prune-${s}-rebuilt:v1`);
    ids.unused = (
      await build(t.ctx, contextDir({ Dockerfile: `FROM busybox\nRUN echo unused-${s} > /stamp\n` }), {
        tags: [`prune-${s}-unused:v1`],
      })
    ).id;
    ids.used = (
      await build(t.ctx, contextDir({ Dockerfile: `FROM busybox\nRUN echo used-${s} > /stamp\n` }), {
        tags: [`prune-${s}-used:v1`],
      })
    ).id;
    await t.ctx.docker.createContainer({ Image: ids.used, Labels: t.ctx.labels });
    other = await createContext({ notebook: 'test:images-prune-other' });
    ids.othersDangling = await dangling(other, `prune-${other.session}-rebuilt:v1`);
  });

  afterAll(async () => {
    if (other) await cleanupSession(other);
  });

  it(
    "removes only the session's dangling images; -a " + 'also unused ones; never one a stopped container uses',
    async () => {
      const pruned = await pruneImages(t.ctx);
      expect(pruned.deleted).toContain(ids.dangling);
      expect(pruned.spaceReclaimed).toBeGreaterThanOrEqual(0);
      expect(await exists(ids.dangling)).toBe(false);
      expect([await exists(ids.unused), await exists(ids.used)]).toEqual([true, true]);

      const all = await pruneImages(t.ctx, { all: true });
      expect(all.deleted).toContain(ids.unused);
      expect(all.deleted).not.toContain(ids.used);
      expect([await exists(ids.unused), await exists(ids.used)]).toEqual([false, true]);
      expect(String(all)).toMatch(
        new RegExp(`^Deleted Images:\\n(deleted: sha256:[0-9a-f]{64}\\n)+\\nTotal reclaimed space: \\S+B$`),
      );
    },
  );

  it("never touches another session's images", async () => {
    await pruneImages(t.ctx, { all: true });
    expect(await exists(ids.othersDangling)).toBe(true);
    // scope 'course' is not run here: it would prune the dangling images of test files running beside this one.
    expect((await pruneImages(other)).deleted).toContain(ids.othersDangling);
  });

  it('reports nothing when nothing is left to prune', async () => {
    const again = await pruneImages(t.ctx);
    expect(again).toMatchObject({ deleted: [], spaceReclaimed: 0 });
    expect(String(again)).toBe('Total reclaimed space: 0B');
  });
});
