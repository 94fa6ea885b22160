import { execa } from 'execa';
import { beforeAll, describe, expect, it } from 'vitest';
import { build } from '../../src/images/build.ts';
import { images } from '../../src/images/list.ts';
import { useContext } from '../support/context.ts';
import { useContextDirs, writeFiles } from './fixtures.ts';

const t = useContext('images-list');
const contextDir = useContextDirs();

describe('images', () => {
  let repo: string;
  let id: string;
  let danglingId: string;

  beforeAll(async () => {
    repo = `list-${t.ctx.session}`;
    const dir = contextDir({ Dockerfile: 'FROM busybox\nCOPY data.txt /\n', 'data.txt': 'first\n' });
    danglingId = (await build(t.ctx, dir, { tags: [`${repo}:v1`] })).id;
    writeFiles(dir, { 'data.txt': 'second, so the first build loses its tag\n' });
    id = (await build(t.ctx, dir, { tags: [`${repo}:v1`, `${repo}:v2`] })).id;
  });

  it("lists one row per repository:tag of the session's images, and dangling ones as <none>", async () => {
    const list = await images(t.ctx);
    const mine = list.filter((row) => row.id === id);
    expect(mine.map((row) => row.ref).sort()).toEqual([`${repo}:v1`, `${repo}:v2`]);
    expect(mine[0]).toMatchObject({ repository: repo, shortId: id.slice(7, 19), labels: t.ctx.labels });
    expect(mine[0]!.created.getTime()).toBeGreaterThan(Date.now() - 10 * 60_000);
    expect(mine[0]!.size).toBe((await t.ctx.docker.getImage(id).inspect()).Size);
    expect(list.find((row) => row.id === danglingId)).toMatchObject({
      repository: '<none>',
      tag: '<none>',
      ref: danglingId,
    });
    expect(list.some((row) => row.repository === 'busybox')).toBe(false);
  });

  it('filters by reference and dangling, and scope all shows other images', async () => {
    expect((await images(t.ctx, { reference: `${repo}:v2` })).map((row) => row.ref)).toEqual([`${repo}:v2`]);
    expect((await images(t.ctx, { dangling: true })).map((row) => row.id)).toEqual([danglingId]);
    expect((await images(t.ctx, { dangling: false })).some((row) => row.id === danglingId)).toBe(false);
    const busybox = await images(t.ctx, { scope: 'all', reference: 'busybox' });
    expect(busybox.map((row) => row.ref)).toContain('busybox:latest');
    expect(busybox.every((row) => row.repository === 'busybox')).toBe(true);
  });

  it('prints like docker images, which shows the same rows, IDs and sizes (CLI parity)', async () => {
    const list = await images(t.ctx);
    const text = String(list);
    expect(text.split('\n')[0]).toMatch(/^REPOSITORY\s+TAG\s+IMAGE ID\s+CREATED\s+SIZE$/);
    expect(text).toMatch(
      new RegExp(
        `${repo}\\s+v1\\s+${id.slice(7, 19)}\\s+(Less than a second|\\d+ seconds?|About a minute|\\d+ minutes) ` +
          `ago\\s+\\S+B`,
      ),
    );
    const { stdout } = await execa('docker', [
      'images',
      '--filter',
      `label=dockbook.session=${t.ctx.session}`,
      '--format',
      '{{.Repository}} {{.Tag}} {{.ID}} {{.Size}}',
    ]);
    const ours = text
      .split('\n')
      .slice(1)
      .map((line) => line.split(/\s{2,}/))
      .map(([repository, tag, id, , size]) => `${repository} ${tag} ${id} ${size}`);
    expect(ours.sort()).toEqual(stdout.split('\n').sort());
    expect(list.toHTML()).toContain(`<td>${repo}</td>`);
  });
});
