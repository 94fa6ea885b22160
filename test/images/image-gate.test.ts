import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { execa } from 'execa';
import { afterAll, describe, expect, it } from 'vitest';
import { build } from '../../src/images/build.ts';
import { cleanupSession } from '../../src/session/cleanup.ts';
import { createContext } from '../../src/core/context-factory.ts';
import { useContext } from '../support/context.ts';

const mine = useContext('image-gate-b');
const work = mkdtempSync(join(tmpdir(), 'dockbook-gate-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

describe('one session cleaning up while another builds on its layers', () => {
  it('never removes the cached layers a build in flight stands on: the cleanup waits, the build succeeds', async () => {
    // Layers no other run has: a file of this run's own bytes.
    writeFileSync(join(work, 'stamp'), randomBytes(32).toString('hex'));
    const base = 'FROM busybox\nCOPY stamp /stamp\nRUN cat /stamp > /copy\nRUN echo step-three > /three\n';
    writeFileSync(join(work, 'Dockerfile.a'), base);
    writeFileSync(join(work, 'Dockerfile.b'), `${base}RUN sleep 4\nRUN echo done > /done\n`);

    const other = await createContext({ notebook: 'test:image-gate-a' });
    const first = await build(other, work, { dockerfile: 'Dockerfile.a', tags: [`gate-a-${other.session}`] });
    expect(first.steps.slice(1).every((step) => !step.cached)).toBe(true);

    // B starts on A's cached layers, then runs a slow step; A cleans up in the middle of it.
    const second = build(mine.ctx, work, { dockerfile: 'Dockerfile.b', tags: [`gate-b-${mine.ctx.session}`] });
    await new Promise((resolve) => setTimeout(resolve, 1500));
    const cleanupStarted = performance.now();
    const cleanup = cleanupSession(other).then(() => performance.now());
    const built = await second;
    const builtAt = performance.now();
    const cleanedAt = await cleanup;

    expect(built.steps.slice(1, 4).every((step) => step.cached)).toBe(true);
    expect(built.steps.slice(4).every((step) => !step.cached)).toBe(true);
    // The cleanup waited for the build in flight, and then removed A's image.
    expect(cleanedAt).toBeGreaterThanOrEqual(builtAt);
    expect(cleanedAt - cleanupStarted).toBeGreaterThan(0);
    const left = await other.docker.listImages({ filters: { label: [`dockbook.session=${other.session}`] } });
    expect(left).toEqual([]);
    // B's image still runs: the layers it stands on are all there.
    const image = await mine.ctx.docker.getImage(built.id).inspect();
    expect(image.Id).toBe(built.id);
  }, 120_000);

  it(
    "two sessions building the same Dockerfile at once take turns: the second takes every step from the first one's " +
      'whole chain',
    async () => {
      writeFileSync(join(work, 'stamp2'), randomBytes(32).toString('hex'));
      writeFileSync(
        join(work, 'Dockerfile.same'),
        'FROM busybox\nCOPY stamp2 /stamp\nRUN sleep 3 && cat /stamp > /copy\nRUN echo after > /after\n',
      );
      const other = await createContext({ notebook: 'test:image-gate-c' });
      try {
        const [a, b] = await Promise.all([
          build(other, work, { dockerfile: 'Dockerfile.same', tags: [`gate-c-${other.session}`] }),
          build(mine.ctx, work, { dockerfile: 'Dockerfile.same', tags: [`gate-d-${mine.ctx.session}`] }),
        ]);
        const built = [a, b].map((result) => result.steps.slice(1).map((step) => step.cached));
        // One ran every step; the other found every step made, none half made.
        expect(built.map((steps) => steps.every(Boolean)).sort()).toEqual([false, true]);
        expect(built.map((steps) => steps.every((cached) => !cached)).sort()).toEqual([false, true]);
      } finally {
        await cleanupSession(other);
      }
    },
    120_000,
  );
  it(
    "another process's no-cache build of a Dockerfile with the same first steps never takes a session's rebuild off " +
      'its cache',
    async () => {
      // The first steps are shared by both Dockerfiles and by no other run: a WORKDIR of this run's own.
      const workdir = `/gate-${randomBytes(4).toString('hex')}`;
      writeFileSync(join(work, 'source'), 'version 1\n');
      writeFileSync(join(work, 'other'), 'the other Dockerfile\n');
      writeFileSync(
        join(work, 'Dockerfile.ours'),
        `FROM busybox\nWORKDIR ${workdir}\nRUN echo installed > installed\nCOPY source source\n`,
      );
      writeFileSync(join(work, 'Dockerfile.theirs'), `FROM busybox\nWORKDIR ${workdir}\nCOPY other other\n`);
      const first = await build(mine.ctx, work, { dockerfile: 'Dockerfile.ours' });
      expect(first.steps.slice(1).map((step) => step.cached)).toEqual([false, false, false]);

      // Their no-cache build makes a newer copy of `WORKDIR`, with only their COPY under it.
      const theirs = execa(
        'node',
        [
          '--import',
          'tsx',
          join(import.meta.dirname, '../fixtures/gate/no-cache-builder.ts'),
          work,
          'Dockerfile.theirs',
        ],
        { stdin: 'pipe', lines: false },
      );
      let cleanedAt = Number.POSITIVE_INFINITY;
      const said = (word: string) =>
        new Promise<void>((resolve) =>
          theirs.stdout!.on('data', (chunk: Buffer) => chunk.toString().includes(word) && resolve()),
        );
      const cleaned = said('cleaned').then(() => (cleanedAt = performance.now()));
      try {
        await said('built');
        // A build that cannot enter their copies (another first step on the base) does not wait for them.
        writeFileSync(join(work, 'Dockerfile.unrelated'), `FROM busybox\nRUN echo unrelated-${workdir}\n`);
        await build(mine.ctx, work, { dockerfile: 'Dockerfile.unrelated' });
        expect(cleanedAt).toBe(Number.POSITIVE_INFINITY);
        // Our source-only change: the WORKDIR and RUN steps must still come from our first build.
        writeFileSync(join(work, 'source'), 'version 2\n');
        const rebuilding = build(mine.ctx, work, { dockerfile: 'Dockerfile.ours' });
        await new Promise((resolve) => setTimeout(resolve, 2000));
        theirs.stdin!.end('clean\n');
        const rebuilt = await rebuilding;
        const rebuiltAt = performance.now();
        expect(rebuilt.steps.slice(1).map((step) => step.cached)).toEqual([true, true, false]);
        // It waited for their cleanup: their copies were in the way until then.
        await cleaned;
        expect(rebuiltAt).toBeGreaterThan(cleanedAt);
      } finally {
        theirs.stdin!.end('clean\n');
        await theirs.catch(() => undefined);
      }
    },
    240_000,
  );
});
