import { beforeAll, describe, expect, it } from 'vitest';
import { build } from '../../src/images/build.ts';
import { history, instructionOf } from '../../src/images/history.ts';
import { useContext } from '../support/context.ts';
import { offline, useContextDirs } from './fixtures.ts';

const t = useContext('images-history');
const contextDir = useContextDirs();

describe('history', () => {
  let id: string;

  beforeAll(async () => {
    const dockerfile =
      'FROM busybox\nENV APP=demo\nWORKDIR /app\nARG V=1\nCOPY a.txt .\nRUN echo $V > v.txt\nEXPOSE 80\n' +
      'CMD ["cat", "a.txt"]\n';
    id = (await build(t.ctx, contextDir({ Dockerfile: dockerfile, 'a.txt': 'hello\n' }))).id;
  });

  it('recovers each Dockerfile instruction, newest first, down to the base image', async () => {
    const rows = await history(t.ctx, id);
    const ours = rows.filter((row) => !row.instruction.startsWith('LABEL'));
    expect(ours.map((row) => row.instruction.replace(/file:[0-9a-f]+/, 'file:…'))).toEqual([
      'CMD ["cat" "a.txt"]',
      'EXPOSE 80',
      'RUN echo $V > v.txt',
      'COPY file:… in .',
      'ARG V=1',
      'WORKDIR /app',
      'ENV APP=demo',
      '',
    ]);
    expect(rows[0]!.id).toBe(id);
    const busybox = await t.ctx.docker.getImage('busybox').inspect();
    expect(rows[rows.length - 1]).toMatchObject({ id: busybox.Id, size: busybox.Size, emptyLayer: false });
    expect(ours.find((row) => row.instruction.startsWith('RUN'))).toMatchObject({
      size: 2,
      emptyLayer: false,
      createdBy: '|1 V=1 /bin/sh -c echo $V > v.txt',
    });
  });

  it("tells layers from configuration-only steps: the layers match the image's RootFS", async () => {
    const rows = await history(t.ctx, id);
    const layers = (await t.ctx.docker.getImage(id).inspect()).RootFS.Layers!;
    expect(rows.filter((row) => !row.emptyLayer).length).toBe(layers.length);
    expect(rows.filter((row) => row.emptyLayer).map((row) => row.instruction.split(' ')[0])).toEqual(
      expect.arrayContaining(['CMD', 'EXPOSE', 'ARG', 'ENV', 'LABEL']),
    );
  });

  it('prints like docker history', async () => {
    const text = String(await history(t.ctx, id));
    expect(text.split('\n')[0]).toMatch(/^IMAGE\s+CREATED\s+INSTRUCTION\s+SIZE$/);
    expect(text).toMatch(new RegExp(`${id.slice(7, 19)}\\s+.* ago\\s+LABEL `));
    expect(text).toMatch(/RUN echo \$V > v.txt\s+2B/);
  });

  it('reads instructions the way each builder records them', () => {
    expect(instructionOf('/bin/sh -c #(nop)  EXPOSE 80')).toBe('EXPOSE 80');
    expect(instructionOf('/bin/sh -c npm install')).toBe('RUN npm install');
    expect(instructionOf('RUN /bin/sh -c apk add curl # buildkit')).toBe('RUN /bin/sh -c apk add curl');
  });

  it('fails with NOT_FOUND for an unknown image and INVALID_ARGUMENT for a bad reference', async () => {
    await expect(history(t.ctx, `nothing-${t.ctx.session}:v9`)).rejects.toMatchObject({
      code: 'NOT_FOUND',
      operation: 'history',
    });
    await expect(history(offline(t.ctx), 'Bad:Ref!')).rejects.toMatchObject({ code: 'INVALID_ARGUMENT' });
  });
});
