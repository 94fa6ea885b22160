import { describe, expect, it } from 'vitest';
import { build } from '../../src/images/build.ts';
import { rmi } from '../../src/images/rmi.ts';
import { isDockbookError } from '../../src/errors.ts';
import { useContext } from '../support/context.ts';
import { offline, useContextDirs } from './fixtures.ts';

const t = useContext('images-rmi');
const contextDir = useContextDirs();

async function buildTagged(name: string): Promise<string> {
  const dir = contextDir({ Dockerfile: `FROM busybox\nRUN echo ${name} > /stamp\n` });
  return (await build(t.ctx, dir, { tags: [name] })).id;
}

const exists = (ref: string) =>
  t.ctx.docker
    .getImage(ref)
    .inspect()
    .then(
      () => true,
      () => false,
    );

describe('rmi', () => {
  it('refuses an image a stopped container uses, with advice; after removing the container it goes', async () => {
    const name = `rmi-${t.ctx.session}-used:v1`;
    const id = await buildTagged(name);
    const container = await t.ctx.docker.createContainer({ Image: name, Labels: t.ctx.labels });
    const error = await rmi(t.ctx, name).catch((e: unknown) => e);
    expect(isDockbookError(error, 'IMAGE_IN_USE')).toBe(true);
    expect(error).toMatchObject({
      operation: 'rmi',
      command: `docker rmi ${name}`,
      hint: expect.stringContaining('remove that container first'),
    });
    expect((error as Error).message).toContain(container.id.slice(0, 12));
    expect(await exists(id)).toBe(true);
    await container.remove();
    const removed = await rmi(t.ctx, name);
    expect(removed.untagged).toEqual([name]);
    expect(removed.deleted).toContain(id);
    expect(await exists(id)).toBe(false);
  });

  it('removes several images at once, and prints like docker rmi', async () => {
    const names = [`rmi-${t.ctx.session}-a:v1`, `rmi-${t.ctx.session}-b:v1`];
    const ids = [await buildTagged(names[0]!), await buildTagged(names[1]!)];
    const removed = await rmi(t.ctx, names);
    expect(removed.untagged).toEqual(names);
    expect(removed.deleted).toEqual(expect.arrayContaining(ids));
    expect(String(removed)).toContain(`Untagged: ${names[0]}\nUntagged: ${names[1]}\nDeleted: `);
    for (const id of ids) expect(await exists(id)).toBe(false);
  });

  it('only untags a name when the image has others; its ID alone needs force', async () => {
    const first = `rmi-${t.ctx.session}-multi:v1`;
    const id = await buildTagged(first);
    await t.ctx.docker.getImage(id).tag({ repo: `rmi-${t.ctx.session}-multi`, tag: 'v2' });
    const error = await rmi(t.ctx, id).catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'IMAGE_IN_USE', hint: expect.stringContaining('several names') });
    expect(await rmi(t.ctx, first)).toMatchObject({ untagged: [first], deleted: [] });
    const forced = await rmi(t.ctx, id.slice(7, 19), { force: true });
    expect(forced.deleted).toContain(id);
  });

  it('forces the removal of an image a container uses', async () => {
    const name = `rmi-${t.ctx.session}-forced:v1`;
    const id = await buildTagged(name);
    await t.ctx.docker.createContainer({ Image: name, Labels: t.ctx.labels });
    expect((await rmi(t.ctx, name, { force: true })).untagged).toEqual([name]);
    expect(await exists(name)).toBe(false);
    expect(id).toMatch(/^sha256:/);
  });

  it('fails with NOT_FOUND for an unknown image and INVALID_ARGUMENT for a bad reference', async () => {
    await expect(rmi(t.ctx, `nothing-${t.ctx.session}:v1`)).rejects.toMatchObject({
      code: 'NOT_FOUND',
      operation: 'rmi',
    });
    await expect(rmi(offline(t.ctx), 'Bad:Ref!')).rejects.toMatchObject({ code: 'INVALID_ARGUMENT' });
  });
});
