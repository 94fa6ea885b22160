import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { execa } from 'execa';
import { describe, expect, it } from 'vitest';
import { build } from '../../src/images/build.ts';
import { useContext } from '../support/context.ts';
import { offline, runIn, useContextDirs, writeFiles } from './fixtures.ts';

const t = useContext('images-build');
const contextDir = useContextDirs();

const md5 = (path: string) => createHash('md5').update(readFileSync(path)).digest('hex');

const appFiles = {
  Dockerfile:
    'FROM busybox\nARG GREETING=hello\nWORKDIR /app\nCOPY . /app/\n' +
    'RUN echo "greeting=$GREETING" && echo "$GREETING" > /greeting\nCMD ["cat", "/greeting"]\n',
  '.dockerignore': '# secrets and logs stay out\nsecret.env\nlogs\n*.log\n!keep.log\n',
  'a.txt': 'alpha\n',
  'sub/deep/b.txt': 'beta\n',
  'keep.log': 'kept despite *.log\n',
  'debug.log': 'ignored\n',
  'secret.env': 'TOKEN=1\n',
  'logs/today.txt': 'ignored folder\n',
};

describe('build', () => {
  it('sends every context file but those .dockerignore excludes, with identical bytes', async () => {
    const dir = contextDir(appFiles);
    const result = await build(t.ctx, dir);
    const listed = await runIn(t.ctx, result.id, 'cd /app && find . -type f | sort | xargs md5sum');
    const inImage = Object.fromEntries(listed.split('\n').map((line) => line.split(/\s+/).reverse()));
    const expected = ['./.dockerignore', './Dockerfile', './a.txt', './keep.log', './sub/deep/b.txt'];
    expect(Object.keys(inImage)).toEqual(expected);
    for (const path of expected) expect(inImage[path]).toBe(md5(join(dir, path)));
  });

  it('tags the image with every -t, gives the full ID, and the image carries the session labels', async () => {
    const tags = [`build-${t.ctx.session}:v1`, `build-${t.ctx.session}`];
    const result = await build(t.ctx, contextDir(appFiles), { tags, labels: { 'course.chapter': '02' } });
    expect(result.id).toMatch(/^sha256:[0-9a-f]{64}$/);
    expect(result.tags).toEqual([`build-${t.ctx.session}:v1`, `build-${t.ctx.session}:latest`]);
    for (const tag of result.tags) expect((await t.ctx.docker.getImage(tag).inspect()).Id).toBe(result.id);
    const labels = (await t.ctx.docker.getImage(result.id).inspect()).Config.Labels;
    expect(labels).toMatchObject({ ...t.ctx.labels, 'course.chapter': '02' });
    expect(String(result)).toContain(`built ${result.shortId} as build-${t.ctx.session}:v1`);
  });

  it("passes build args, and keeps each step's own output apart from the builder's markers", async () => {
    const result = await build(t.ctx, contextDir(appFiles), { buildArgs: { GREETING: `bonjour-${t.ctx.session}` } });
    const run = result.steps.find((step) => step.instruction.startsWith('RUN'))!;
    expect(run.output).toBe(`greeting=bonjour-${t.ctx.session}\n`);
    expect(result.log).toContain(`greeting=bonjour-${t.ctx.session}`);
    expect(result.log).toContain('Step 1/');
    expect(await runIn(t.ctx, result.id, 'cat /greeting')).toBe(`bonjour-${t.ctx.session}`);
    expect(result.steps.map((step) => step.instruction)).toEqual([
      'FROM busybox',
      'ARG GREETING=hello',
      'WORKDIR /app',
      'COPY . /app/',
      'RUN echo "greeting=$GREETING" && echo "$GREETING" > /greeting',
      'CMD ["cat", "/greeting"]',
    ]);
    expect(result.steps.map((step) => step.index)).toEqual([1, 2, 3, 4, 5, 6]);
    expect(result.log).toContain(`LABEL dockbook.session=${t.ctx.session}`);
  });

  it(
    'reuses the cache for an unchanged rebuild; a changed ' + 'file invalidates its COPY and every later step',
    async () => {
      const dir = contextDir({
        Dockerfile:
          `FROM busybox\nRUN echo ${t.ctx.session} > /stamp\nCOPY data.txt /data.txt\nRUN wc -c /data.txt\n` +
          `CMD ["cat", "/data.txt"]\n`,
        'data.txt': 'version 1\n',
      });
      const first = await build(t.ctx, dir);
      expect(first.steps.map((step) => step.cached)).toEqual([true, false, false, false, false]);
      const second = await build(t.ctx, dir);
      expect(second.steps.map((step) => step.cached)).toEqual([true, true, true, true, true]);
      expect(second.id).toBe(first.id);
      expect(second.steps.every((step) => step.durationMs >= 0)).toBe(true);
      writeFiles(dir, { 'data.txt': 'version 2, longer\n' });
      const third = await build(t.ctx, dir);
      expect(third.steps.map((step) => step.cached)).toEqual([true, true, false, false, false]);
      expect(third.steps[3]!.output).toContain('18 /data.txt');
      expect(third.id).not.toBe(first.id);
    },
  );

  it('runs every step again with noCache', async () => {
    const dir = contextDir({
      Dockerfile: `FROM busybox\nRUN echo ${t.ctx.session}-nocache > /stamp\nCMD ["cat", "/stamp"]\n`,
    });
    await build(t.ctx, dir);
    const again = await build(t.ctx, dir, { noCache: true });
    expect(again.steps.slice(1).some((step) => step.cached)).toBe(false);
    expect(again.steps[1]!.durationMs).toBeGreaterThan(0);
  });

  it('reads the Dockerfile the dockerfile option names, even inside an ignored folder, as the CLI does', async () => {
    const dir = contextDir({
      'docker/Dockerfile.dev': 'FROM busybox\nCOPY . /ctx/\nCMD ["ls", "/ctx"]\n',
      '.dockerignore': 'docker\n',
      'app.js': '1\n',
    });
    const result = await build(t.ctx, dir, { dockerfile: 'docker/Dockerfile.dev' });
    // The engine reads the Dockerfile, then keeps it out of COPY: only the folder it sat in remains.
    expect(await runIn(t.ctx, result.id, 'ls -A /ctx; ls -A /ctx/docker | wc -l')).toBe(
      '.dockerignore\napp.js\ndocker\n0',
    );
  });

  it(
    'fails with BUILD_FAILED on a failing RUN, naming the ' + 'step and showing the log tail, and leaves no container',
    async () => {
      const marker = `before-failure-${t.ctx.session}`;
      const dir = contextDir({ Dockerfile: `FROM busybox\nRUN echo ${marker} && exit 3\n` });
      const error = await build(t.ctx, dir, { tags: [`fail-${t.ctx.session}`] }).catch((e: unknown) => e);
      expect(error).toMatchObject({
        code: 'BUILD_FAILED',
        operation: 'build',
        command: `docker build -t fail-${t.ctx.session}:latest ${dir}`,
      });
      const message = (error as Error).message;
      expect(message).toContain(`step 2 (RUN echo ${marker} && exit 3) failed with exit code 3`);
      // The engine's own words stay available, verbatim.
      expect((error as { daemonMessage?: string }).daemonMessage).toContain('returned a non-zero code: 3');
      expect(message).toContain(`${marker}\n`);
      const containers = await t.ctx.docker.listContainers({ all: true });
      expect(containers.filter((c) => c.Command.includes(marker))).toEqual([]);
    },
  );

  it('fails with BUILD_FAILED when the engine cannot parse the Dockerfile', async () => {
    const error = await build(t.ctx, contextDir({ Dockerfile: 'FROM busybox\nFROBNICATE now\n' })).catch(
      (e: unknown) => e,
    );
    expect(error).toMatchObject({
      code: 'BUILD_FAILED',
      daemonMessage: expect.stringContaining('unknown instruction: FROBNICATE'),
    });
  });

  it('fails with BUILD_FAILED when COPY names a file the context lacks', async () => {
    const error = await build(t.ctx, contextDir({ Dockerfile: 'FROM busybox\nCOPY missing.txt /\n' })).catch(
      (e: unknown) => e,
    );
    expect(error).toMatchObject({ code: 'BUILD_FAILED', daemonMessage: expect.stringContaining('missing.txt') });
    expect((error as Error).message).toContain('step 2 (COPY missing.txt /) failed');
  });

  it('fails at once with BUILD_FAILED when a context file changes size while it is packed', async ({ skip }) => {
    const dir = contextDir({ Dockerfile: 'FROM busybox\nCOPY . /x/\n', growing: '' });
    // A bind-mounted /proc file says it is empty but reads as text: like a log file written to during the build.
    const mounted = await execa('mount', ['--bind', '/proc/version', join(dir, 'growing')], { reject: false });
    if (mounted.exitCode !== 0) return skip('needs root to bind-mount a file');
    try {
      const error = await build(t.ctx, dir).catch((e: unknown) => e);
      expect(error).toMatchObject({
        code: 'BUILD_FAILED',
        reason: 'the build context could not be read: Size mismatch',
        daemonMessage: undefined,
      });
    } finally {
      await execa('umount', [join(dir, 'growing')]);
    }
  });

  it('rejects a missing context, a missing Dockerfile and a bad tag before calling the engine', async () => {
    const ctx = offline(t.ctx);
    const dir = contextDir({ 'a.txt': 'no Dockerfile here\n' });
    await expect(build(ctx, join(dir, 'nope'))).rejects.toMatchObject({
      code: 'INVALID_ARGUMENT',
      reason: expect.stringContaining('does not exist'),
    });
    await expect(build(ctx, dir)).rejects.toMatchObject({
      code: 'INVALID_ARGUMENT',
      reason: expect.stringContaining('no Dockerfile'),
    });
    await expect(build(ctx, dir, { dockerfile: '../Dockerfile' })).rejects.toMatchObject({ code: 'INVALID_ARGUMENT' });
    await expect(build(ctx, contextDir(appFiles), { tags: ['Bad:Ref!'] })).rejects.toMatchObject({
      code: 'INVALID_ARGUMENT',
      operation: 'build',
    });
  });

  it('resolves a relative context folder against ctx.cwd', async () => {
    const dir = contextDir({ 'app/Dockerfile': 'FROM busybox\nCMD ["true"]\n' });
    const result = await build({ ...t.ctx, cwd: dir }, 'app');
    expect(result.steps[0]!.instruction).toBe('FROM busybox');
  });
});
