import { beforeAll, describe, expect, it } from 'vitest';
import { build } from '../../src/images/build.ts';
import { tag } from '../../src/images/tag.ts';
import { useContext } from '../support/context.ts';
import { offline, useContextDirs } from './fixtures.ts';

const t = useContext('images-tag');
const contextDir = useContextDirs();

describe('tag', () => {
  let id: string;
  let source: string;

  beforeAll(async () => {
    source = `tag-${t.ctx.session}:v1`;
    id = (
      await build(t.ctx, contextDir({ Dockerfile: `FROM busybox\nRUN echo ${t.ctx.session} > /stamp\n` }), {
        tags: [source],
      })
    ).id;
  });

  it('adds a second name for the same image; the old name stays', async () => {
    const result = await tag(t.ctx, source, `tag-${t.ctx.session}-copy:v2`);
    expect(result).toMatchObject({ id, ref: `tag-${t.ctx.session}-copy:v2` });
    const image = await t.ctx.docker.getImage(id).inspect();
    expect(image.RepoTags.sort()).toEqual([`tag-${t.ctx.session}-copy:v2`, source]);
    expect(String(result)).toBe(`tag-${t.ctx.session}-copy:v2 -> ${id.slice(7, 19)}`);
  });

  it('means latest when the target has no tag, and takes a registry host and an ID prefix', async () => {
    expect((await tag(t.ctx, id.slice(7, 17), `tag-${t.ctx.session}-bare`)).ref).toBe(
      `tag-${t.ctx.session}-bare:latest`,
    );
    const pushed = await tag(t.ctx, { id }, `localhost:5000/team/tag-${t.ctx.session}:v1`);
    expect((await t.ctx.docker.getImage(pushed.ref).inspect()).Id).toBe(id);
  });

  it('remembers names it gives to images the session did not build, so cleanup removes them', async () => {
    const busybox = await t.ctx.docker.getImage('busybox').inspect();
    const result = await tag(t.ctx, 'busybox', `tag-${t.ctx.session}-busybox:mine`);
    expect(result.id).toBe(busybox.Id);
    expect(t.ctx.addedImageRefs.has(`tag-${t.ctx.session}-busybox:mine`)).toBe(true);
  });

  it('rejects a bad target before any call, and fails with NOT_FOUND for an unknown source', async () => {
    await expect(tag(offline(t.ctx), source, 'Bad:Ref!')).rejects.toMatchObject({
      code: 'INVALID_ARGUMENT',
      operation: 'tag',
    });
    await expect(tag(offline(t.ctx), source, `x@sha256:${'a'.repeat(64)}`)).rejects.toMatchObject({
      code: 'INVALID_ARGUMENT',
    });
    await expect(tag(t.ctx, `nothing-${t.ctx.session}:v1`, `tag-${t.ctx.session}:v3`)).rejects.toMatchObject({
      code: 'NOT_FOUND',
      operation: 'tag',
    });
  });
});
