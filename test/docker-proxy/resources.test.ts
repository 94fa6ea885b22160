import { existsSync } from 'node:fs';
import { hostname } from 'node:os';
import { describe, expect, it } from 'vitest';
import { proxyDir } from '../../src/docker-proxy/folder.ts';
import { sessionProxy } from '../../src/docker-proxy/session.ts';
import { cleanupSession, sweepStaleSessions } from '../../src/session/cleanup.ts';
import { createContext } from '../../src/core/context-factory.ts';
import type { Context } from '../../src/core/context.ts';
import { LABEL_OWNER } from '../../src/core/labels.ts';
import { makeThroughCli, stillThere, type Made } from './fixtures.ts';

async function labelsOf(ctx: Context, made: Made): Promise<Array<Record<string, string>>> {
  const { docker } = ctx;
  return [
    ...(await Promise.all(made.containers.map(async (id) => (await docker.getContainer(id).inspect()).Config.Labels))),
    (await docker.getVolume(made.volumes[2]!).inspect()).Labels,
    ...(await Promise.all(
      made.networks.map(async (id) => (await docker.getNetwork(id).inspect()).Labels as Record<string, string>),
    )),
    ...(await Promise.all(made.images.map(async (ref) => (await docker.getImage(ref).inspect()).Config.Labels ?? {}))),
  ];
}

describe("what the docker CLI in cli() creates, through the session's proxy", () => {
  it('carries the session labels (the user own kept) or is tracked, and cleanup removes all of it', async () => {
    const ctx = await createContext({ notebook: 'test:docker-proxy-resources' });
    try {
      const made = await makeThroughCli(ctx);
      const proxy = (await sessionProxy(ctx))!;
      expect(proxy.socketPath).toBe(`${proxyDir(ctx.session)}/docker.sock`);
      for (const labels of await labelsOf(ctx, made)) expect(labels).toMatchObject(ctx.labels);
      expect((await ctx.docker.getContainer(made.containers[0]!).inspect()).Config.Labels).toMatchObject({
        mine: 'kept',
      });
      // Names given by tag and commit are recorded too (a tag names an image the session did not make);
      // so is the anonymous volume `rm` left behind, which has no labels.
      expect([...ctx.addedImageRefs].sort()).toEqual([
        `docker.io/library/${made.images[1]}`,
        `docker.io/library/${made.refs[0]}`,
      ]);
      expect([...ctx.orphanVolumes]).toEqual([made.volumes[1]]);

      const report = await cleanupSession(ctx);
      expect(report.containers).toHaveLength(3);
      expect(report.networks).toEqual(made.networks);
      expect(await stillThere(ctx, made)).toEqual([]);
      expect(existsSync(proxyDir(ctx.session))).toBe(false);
      await expect(ctx.docker.getImage('busybox:latest').inspect()).resolves.toMatchObject({
        RepoTags: expect.arrayContaining(['busybox:latest']),
      });
    } finally {
      await cleanupSession(ctx);
    }
  });

  it(
    'of a session whose process is gone, is removed by the ' + "next session's sweep, tags and orphaned volumes too",
    async () => {
      const crashed = await createContext({ notebook: 'test:docker-proxy-crashed' });
      crashed.labels[LABEL_OWNER] = `${hostname()}:2147483646`;
      try {
        const made = await makeThroughCli(crashed);
        expect(await stillThere(crashed, made)).toHaveLength(10);
        const report = await sweepStaleSessions(crashed.docker);
        expect(report.images).toEqual(expect.arrayContaining([`docker.io/library/${made.refs[0]}`]));
        expect(report.volumes).toEqual(expect.arrayContaining([made.volumes[1]]));
        expect(await stillThere(crashed, made)).toEqual([]);
        expect(existsSync(proxyDir(crashed.session))).toBe(false);
      } finally {
        await cleanupSession(crashed);
      }
    },
  );

  it('starts one proxy per session, on the first call, and a new one after cleanup', async () => {
    const ctx = await createContext({ notebook: 'test:docker-proxy-lazy' });
    const other = await createContext({ notebook: 'test:docker-proxy-lazy' });
    try {
      expect(existsSync(proxyDir(ctx.session))).toBe(false);
      const [a, b] = await Promise.all([sessionProxy(ctx), sessionProxy(ctx)]);
      expect(a).toBe(b);
      expect((await sessionProxy(other))!.socketPath).not.toBe(a!.socketPath);
      await cleanupSession(ctx);
      expect(existsSync(a!.socketPath)).toBe(false);
      const again = await sessionProxy(ctx);
      expect(again).not.toBe(a);
      expect(existsSync(again!.socketPath)).toBe(true);
    } finally {
      await cleanupSession(ctx);
      await cleanupSession(other);
    }
  });
});
