import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import type { Context } from '../../src/core/context.ts';
import { createContext } from '../../src/core/context-factory.ts';
import { LABEL_SESSION } from '../../src/core/labels.ts';
import { cli } from '../../src/docker-cli.ts';
import { build } from '../../src/images/build.ts';
import { history } from '../../src/images/history.ts';
import { cleanupSession } from '../../src/session/cleanup.ts';
import { usePodmanContext } from '../support/podman.ts';
import { useContextDirs } from './fixtures.ts';

// Builds on Podman (DOCKBOOK_PODMAN_HOST, see test/support/podman.ts): its builder, buildah, prints its own log, makes
// no layer for WORKDIR, and labels every step's image; the library reads the one and reports the others as they are.
const t = usePodmanContext('images-build-podman');
const contextDir = useContextDirs();

/** A Dockerfile no other build has made: every step after FROM runs on the first build. */
function app(ctx: Context, token = randomBytes(6).toString('hex')): Record<string, string> {
  return {
    Dockerfile:
      `FROM busybox\nRUN echo ${ctx.session}-${token} > /stamp\nWORKDIR /app\nCOPY a.txt .\nENV MODE=demo\n` +
      `EXPOSE 80\nCMD ["cat", "a.txt"]\n`,
    'a.txt': 'hello\n',
  };
}
const INSTRUCTIONS = ['RUN echo', 'WORKDIR /app', 'COPY a.txt .', 'ENV MODE=demo', 'EXPOSE 80', 'CMD ["cat", "a.txt"]'];

/** Labelled images of these sessions left on the engine, intermediates included. */
async function labelledImages(ctx: Context, sessions: string[]): Promise<string[]> {
  const images = await ctx.docker.listImages({ all: true, filters: { label: [LABEL_SESSION] } } as object);
  return images.filter((image) => sessions.includes(image.Labels?.[LABEL_SESSION] ?? '')).map((image) => image.Id);
}

describe('build on Podman', () => {
  it('reads every step, and an unchanged rebuild takes each from the cache and gives the same image', async () => {
    const dir = contextDir(app(t.ctx));
    const progress: string[] = [];
    const tags = [`podman-build-${t.ctx.session}`];
    const first = await build(t.ctx, dir, { tags, onProgress: (event) => progress.push(event.status) });
    expect(first.steps.map((step) => step.instruction.split(' >')[0]!.replace(/ db-.*$/, ''))).toEqual([
      'FROM busybox',
      ...INSTRUCTIONS,
    ]);
    expect(first.steps.map((step) => step.index)).toEqual([1, 2, 3, 4, 5, 6, 7]);
    expect(first.steps.map((step) => step.cached)).toEqual([true, false, false, false, false, false, false]);
    // buildah prints no ID for FROM, and 11 hex characters for the others.
    expect(first.steps[0]!.id).toBeUndefined();
    for (const step of first.steps.slice(1)) expect(step.id).toMatch(/^[0-9a-f]{11}$/);
    const appended = Object.keys(t.ctx.labels).length;
    expect(first.log.startsWith(`STEP 1/${7 + appended}: FROM busybox\n`)).toBe(true);
    expect(first.log).toContain(`COMMIT docker.io/library/${tags[0]}:latest\n`);
    expect(first.tag).toBe(`${tags[0]}:latest`);
    // Progress numbers the Dockerfile's seven steps as `podman build` of it would, the LABEL steps left out.
    expect(progress.filter((line) => line.startsWith('STEP')).map((line) => line.split(':')[0])).toEqual(
      [1, 2, 3, 4, 5, 6, 7].map((n) => `STEP ${n}/7`),
    );
    expect(progress.join('\n')).not.toContain('LABEL');

    const second = await build(t.ctx, dir, { tags });
    expect(second.steps.map((step) => step.cached)).toEqual(Array(7).fill(true));
    expect(second.steps.map((step) => step.id)).toEqual(first.steps.map((step) => step.id));
    expect(second.log).toMatch(/^--> Using cache [0-9a-f]{64}$/m);
    // The LABEL steps too: the labels go to Podman in one order (see buildLabels), so the image is the same.
    expect(second.id).toBe(first.id);
    expect(second.step('COPY').cached).toBe(true);
  });

  it("reports the engine's layers: a RUN and a COPY each add one; WORKDIR, ENV, EXPOSE and CMD none", async () => {
    const built = await build(t.ctx, contextDir(app(t.ctx)));
    const image = await t.ctx.docker.getImage(built.id).inspect();
    const base = await t.ctx.docker.getImage('busybox').inspect();
    const added = image.RootFS.Layers!.slice(base.RootFS.Layers!.length);
    expect(image.RootFS.Layers!.slice(0, base.RootFS.Layers!.length)).toEqual(base.RootFS.Layers);
    // Docker's classic builder adds a third, for WORKDIR (0 bytes): buildah makes no layer for it.
    expect(added).toHaveLength(2);
    const rows = (await history(t.ctx, built.id)).filter((row) => !row.instruction.startsWith('LABEL'));
    const ours = rows.slice(0, rows.length - (await history(t.ctx, 'busybox')).length).reverse();
    expect(ours.map((row) => [row.instruction.split(' ')[0], row.emptyLayer])).toEqual([
      ['RUN', false],
      ['WORKDIR', true],
      ['COPY', false],
      ['ENV', true],
      ['EXPOSE', true],
      ['CMD', true],
    ]);
    // A layer's size as Podman gives it is its tar's: more than the 6 bytes of a.txt.
    expect(ours[2]!.size).toBeGreaterThan(6);
    // IDs as everywhere else: sha256: and 64 hex characters (Podman gives them without sha256:).
    for (const row of rows) expect(row.id).toMatch(/^(sha256:[0-9a-f]{64}|<missing>)$/);
  });

  it('runs every step but FROM again with noCache', async () => {
    const dir = contextDir(app(t.ctx));
    await build(t.ctx, dir);
    const again = await build(t.ctx, dir, { noCache: true });
    expect(again.steps.map((step) => step.cached)).toEqual([true, false, false, false, false, false, false]);
  });

  it('numbers the steps of a multi-stage build across its stages, as Docker does', async () => {
    const dir = contextDir({
      Dockerfile:
        `FROM busybox AS build\nRUN echo ${t.ctx.session} > /out\n` + 'FROM busybox\nCOPY --from=build /out /out\n',
    });
    const built = await build(t.ctx, dir);
    expect(built.steps.map((step) => `${step.index} ${step.instruction}`)).toEqual([
      '1 FROM busybox AS build',
      `2 RUN echo ${t.ctx.session} > /out`,
      '3 FROM busybox',
      '4 COPY --from=build /out /out',
    ]);
    expect(built.log).toContain(`[2/2] STEP 1/${2 + Object.keys(t.ctx.labels).length}: FROM busybox\n`);
  });
});

describe('BUILD_FAILED on Podman', () => {
  it('a failing RUN names the step and its exit code, and shows the end of the log', async () => {
    const marker = `before-failure-${t.ctx.session}`;
    const dir = contextDir({ Dockerfile: `FROM busybox\nRUN echo ${marker} && exit 3\n` });
    const error = await build(t.ctx, dir).catch((e: unknown) => e);
    expect(error).toMatchObject({
      code: 'BUILD_FAILED',
      daemonMessage: `building at STEP "RUN echo ${marker} && exit 3": while running runtime: exit status 3`,
    });
    expect((error as Error).message).toContain(`step 2 (RUN echo ${marker} && exit 3) failed with exit code 3`);
    expect((error as Error).message).toMatch(new RegExp(`The log ends:\n(.*\n)*${marker}`));
  });

  it('a COPY of a file the context lacks (or .dockerignore leaves out) names the file in clear words', async () => {
    const dir = contextDir({
      Dockerfile: 'FROM busybox\nCOPY here.txt secret.env /x/\n',
      'here.txt': 'here\n',
      'secret.env': 'TOKEN=1\n',
      '.dockerignore': 'secret.env\n',
    });
    const error = await build(t.ctx, dir).catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'BUILD_FAILED', daemonMessage: expect.stringContaining('secret.env') });
    expect((error as Error).message).toContain(
      'step 2 (COPY here.txt secret.env /x/) failed: secret.env is not in the build context, or .dockerignore ' +
        'leaves it out (copier: stat: "/secret.env": no such file or directory)',
    );
  });

  it('an unknown instruction names the step, without the dump of buildah’s parsed step', async () => {
    const error = await build(t.ctx, contextDir({ Dockerfile: 'FROM busybox\nFROBNICATE now\n' })).catch(
      (e: unknown) => e,
    );
    expect(error).toMatchObject({ code: 'BUILD_FAILED', daemonMessage: expect.stringContaining('FROBNICATE') });
    expect((error as Error).message).toContain('step 2 (FROBNICATE now) failed: Build error: Unknown instruction');
    expect((error as Error).message.split('The log ends')[0]).not.toContain('imagebuilder');
  });
});

describe('cleanup on Podman', () => {
  it('removes every image the builds made, and reports the built ones, not their labelled intermediates', async () => {
    const ctx = await createContext({ notebook: 'test:images-build-podman-cleanup', engine: t.engine });
    try {
      const one = await build(ctx, contextDir(app(ctx)), { tags: [`podman-one-${ctx.session}`] });
      const two = await build(ctx, contextDir(app(ctx)));
      // buildah commits every step with the build's labels: the intermediate images carry the session's too.
      expect((await labelledImages(ctx, [ctx.session])).length).toBeGreaterThan(2);
      const report = await cleanupSession(ctx);
      expect(report.images.sort()).toEqual([one.id, two.id].sort());
      expect(await labelledImages(ctx, [ctx.session])).toEqual([]);
    } finally {
      await cleanupSession(ctx);
    }
  });

  it("keeps the images another session's build took from the cache until that session is cleaned up too", async () => {
    const a = await createContext({ notebook: 'test:images-build-podman-a', engine: t.engine });
    const b = await createContext({ notebook: 'test:images-build-podman-b', engine: t.engine });
    try {
      const files = app(a);
      const made = await build(a, contextDir(files));
      const dir = contextDir(files);
      const reused = await build(b, dir);
      expect(reused.steps.map((step) => step.cached)).toEqual(Array(7).fill(true));
      expect((await cleanupSession(a)).images).toEqual([made.id]);
      // Session a's step images that b's image stands on stay (labelled a) until b's cleanup prunes them.
      const rebuilt = await build(b, dir);
      expect(rebuilt.steps.map((step) => step.cached)).toEqual(Array(7).fill(true));
      expect(rebuilt.id).toBe(reused.id);
      expect((await cleanupSession(b)).images).toEqual([reused.id]);
      expect(await labelledImages(b, [a.session, b.session])).toEqual([]);
    } finally {
      await cleanupSession(a);
      await cleanupSession(b);
    }
  });
});

describe('docker build through the CLI and the session proxy, on Podman', () => {
  it('labels the image; a rebuild takes every step from the cache; cleanup removes it', async () => {
    const ctx = await createContext({ notebook: 'test:images-build-podman-cli', engine: t.engine });
    try {
      const name = `podman-cli-${ctx.session}`;
      const dir = contextDir(app(ctx));
      const first = await cli(ctx, ['build', '-t', name, '--label', 'course.chapter=02', dir]);
      expect(first.stdout).toMatch(/^STEP 1\/\d+: FROM busybox$/m);
      const second = await cli(ctx, ['build', '-t', name, '--label', 'course.chapter=02', dir]);
      const steps = second.stdout.split('\n').filter((line) => line.startsWith('STEP'));
      const cached = second.stdout.split('\n').filter((line) => line.startsWith('--> Using cache'));
      // Every step after FROM, the LABEL steps of the session's labels and of --label among them.
      expect(steps.length).toBe(7 + 1 + Object.keys(ctx.labels).length);
      expect(cached.length).toBe(steps.length - 1);
      const image = await ctx.docker.getImage(name).inspect();
      expect(image.Config.Labels).toMatchObject({ ...ctx.labels, 'course.chapter': '02' });
      expect(second.stdout).toContain(`Successfully built ${image.Id.slice(7, 19)}`);
      const report = await cleanupSession(ctx);
      expect(report.images).toContain(image.Id);
      expect(await labelledImages(ctx, [ctx.session])).toEqual([]);
    } finally {
      await cleanupSession(ctx);
    }
  });
});
