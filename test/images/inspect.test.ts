import { beforeAll, describe, expect, it } from 'vitest';
import { build } from '../../src/images/build.ts';
import { inspectImage } from '../../src/images/inspect.ts';
import { useContext } from '../support/context.ts';
import { offline, useContextDirs } from './fixtures.ts';

const t = useContext('images-inspect');
const contextDir = useContextDirs();

describe('inspectImage', () => {
  let ref: string;

  beforeAll(async () => {
    ref = `inspect-${t.ctx.session}:v1`;
    const dockerfile =
      'FROM busybox\nENV PORT=80\nWORKDIR /srv\nCOPY index.html .\nEXPOSE 80 9000/udp\nVOLUME /srv/data\n' +
      'ENTRYPOINT ["httpd", "-f"]\nCMD ["-p", "80"]\n';
    await build(t.ctx, contextDir({ Dockerfile: dockerfile, 'index.html': '<h1>hi</h1>\n' }), { tags: [ref] });
  });

  it('shows the ID, names, creation time, OS, architecture and the configuration the Dockerfile set', async () => {
    const image = await inspectImage(t.ctx, ref);
    expect(image.id).toMatch(/^sha256:[0-9a-f]{64}$/);
    expect(image.repoTags).toEqual([ref]);
    expect(image.repoDigests).toEqual([]);
    expect(image.created.getTime()).toBeGreaterThan(Date.now() - 10 * 60_000);
    expect(image).toMatchObject({ os: 'linux', architecture: t.ctx.engine.arch });
    expect(image.config).toEqual({
      cmd: ['-p', '80'],
      entrypoint: ['httpd', '-f'],
      env: expect.arrayContaining(['PORT=80']),
      workingDir: '/srv',
      exposedPorts: ['80/tcp', '9000/udp'],
      labels: expect.objectContaining(t.ctx.labels),
      volumes: ['/srv/data'],
    });
    expect(image.raw.Id).toBe(image.id);
    expect(String(image)).toContain(`${image.id.slice(7, 19)} (${ref}) linux/`);
  });

  it("lists the layers, base first: the base image's layers are a prefix of them", async () => {
    const image = await inspectImage(t.ctx, ref);
    const base = await inspectImage(t.ctx, 'busybox');
    expect(image.layers.slice(0, base.layers.length)).toEqual(base.layers);
    expect(image.layers.length).toBe(base.layers.length + 2);
    expect(image.size).toBeGreaterThan(base.size);
  });

  it('takes an ID prefix as well as a name', async () => {
    const { id } = await inspectImage(t.ctx, ref);
    expect((await inspectImage(t.ctx, id.slice(7, 19))).id).toBe(id);
  });

  it('fails with NOT_FOUND for an unknown image and INVALID_ARGUMENT for a bad reference', async () => {
    await expect(inspectImage(t.ctx, `nothing-${t.ctx.session}`)).rejects.toMatchObject({
      code: 'NOT_FOUND',
      command: `docker image inspect nothing-${t.ctx.session}:latest`,
    });
    await expect(inspectImage(offline(t.ctx), 'Bad:Ref!')).rejects.toMatchObject({ code: 'INVALID_ARGUMENT' });
  });
});
