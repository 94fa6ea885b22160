import { describe, expect, it } from 'vitest';
import { run } from '../../src/containers/run.ts';
import { resolveImage } from '../../src/core/resolve.ts';
import { useContext } from '../support/context.ts';

const t = useContext('resolve');

/** Commits distinct labelled images until two share their first hex digit; returns all their IDs. */
async function imagesWithSharedPrefix(): Promise<string[]> {
  const base = await t.ctx.docker.createContainer({ Image: 'busybox', Cmd: ['true'], Labels: t.ctx.labels });
  const ids: string[] = [];
  for (let i = 0; i < 40; i++) {
    const { Id } = (await base.commit({
      changes: `LABEL dockbook.session=${t.ctx.session}\nLABEL n=${i}`,
    } as object)) as { Id: string };
    ids.push(Id);
    const firsts = ids.map((id) => id.replace('sha256:', '')[0]);
    if (new Set(firsts).size < firsts.length) return ids;
  }
  throw new Error('no shared prefix in 40 images');
}

describe('image ID prefixes', () => {
  it('runs an image by the shortest unique prefix, and names an ambiguous or unknown one clearly', async () => {
    const ids = (await imagesWithSharedPrefix()).map((id) => id.replace('sha256:', ''));
    const all = (await t.ctx.docker.listImages({ all: true })).map((i) => i.Id.replace('sha256:', ''));
    const target = ids[0]!;
    let n = 1;
    while (all.filter((id) => id.startsWith(target.slice(0, n))).length > 1) n++;
    const r = await run(t.ctx, target.slice(0, n), ['echo', 'by prefix'], { rm: true });
    expect(r.stdout).toBe('by prefix\n');

    const shared = ids.find((id, i) => ids.some((other, j) => j !== i && other[0] === id[0]))!;
    const ambiguous = await resolveImage(t.ctx, shared[0]!, 'run').catch((e: unknown) => e);
    expect(ambiguous).toMatchObject({ code: 'AMBIGUOUS_PREFIX' });
    expect((ambiguous as Error).message).toMatch(/matches \d+ images/);
    const free = '0123456789abcdef'
      .split('')
      .map((c) => `${c}${c}${c}${c}${c}${c}`)
      .find((p) => !all.some((id) => id.startsWith(p)))!;
    await expect(resolveImage(t.ctx, free, 'run')).rejects.toMatchObject({ code: 'NOT_FOUND' });
  });
});
