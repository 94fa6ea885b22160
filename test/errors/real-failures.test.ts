import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { create, run } from '../../src/containers/run.ts';
import { inspect } from '../../src/containers/inspect.ts';
import { rm } from '../../src/containers/remove.ts';
import { wait } from '../../src/containers/wait.ts';
import { DockbookError, type ErrorCode } from '../../src/errors.ts';
import { build } from '../../src/images/build.ts';
import { inspectImage } from '../../src/images/inspect.ts';
import { pull } from '../../src/images/pull.ts';
import { push } from '../../src/images/push.ts';
import { rmi } from '../../src/images/rmi.ts';
import { tag } from '../../src/images/tag.ts';
import { privateRegistryHost } from '../../src/registry/config.ts';
import { Session } from '../../src/session/session.ts';
import { rmVolume } from '../../src/volumes/volumes.ts';
import { useContext } from '../support/context.ts';
import { testContainer, uniqueName } from '../support/containers.ts';
import { unreachableContext } from '../validate/unreachable.ts';

// Errors from real failures against the real engine: each carries a hint and the equivalent
// command, NOT_FOUND's hint names how to list what exists, and no message says a sentence twice.

const t = useContext('errors-real-failures');

async function failure(work: () => Promise<unknown>): Promise<DockbookError> {
  const error = await work().then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error, 'it did not fail').toBeInstanceOf(DockbookError);
  return error as DockbookError;
}

function sentencesOf(message: string): string[] {
  return message
    .split(/(?<=[.!?])\s+|\n/)
    .map((s) =>
      s
        .trim()
        .replace(/[.!?]+$/, '')
        .toLowerCase(),
    )
    .filter((s) => s.length > 3);
}

/** What every error must have: a code, a non-empty hint and command, and no sentence said twice. */
function expectWellFormed(error: DockbookError, code: ErrorCode): void {
  expect(error.code, error.message).toBe(code);
  expect(error.hint.trim().length, error.message).toBeGreaterThan(0);
  expect(error.command.trim().length, error.message).toBeGreaterThan(0);
  expect(error.message).toContain(error.hint.split(/(?<=\.)\s/)[0]!.trim());
  const sentences = sentencesOf(error.message);
  expect(
    sentences.filter((s, i) => sentences.indexOf(s) !== i),
    error.message,
  ).toEqual([]);
  // Nor a run of five words twice in its first line (an engine message wrapping itself: "no such
  // image: x: No such image: x"); a log tail after it may repeat what it shows.
  const words = error.message
    .split('\n')[0]!
    .toLowerCase()
    .split(/[^a-z0-9:./_-]+/)
    .filter(Boolean);
  const runs = words.slice(0, -4).map((_, i) => words.slice(i, i + 5).join(' '));
  expect(
    runs.filter((run, i) => runs.indexOf(run) !== i),
    error.message,
  ).toEqual([]);
}

describe('errors from real failures', () => {
  let server: Server;
  let busyPort = 0;
  let buildDir = '';
  beforeAll(async () => {
    server = createServer();
    await new Promise<void>((resolve) => server.listen(0, '0.0.0.0', resolve));
    busyPort = (server.address() as { port: number }).port;
    buildDir = mkdtempSync(join(tmpdir(), 'dockbook-errors-'));
    writeFileSync(join(buildDir, 'Dockerfile'), 'FROM busybox\nRUN echo failing on purpose && exit 3\n');
  });
  afterAll(() => {
    server.close();
    rmSync(buildDir, { recursive: true, force: true });
  });

  it('NOT_FOUND for a container names docker ps -a', async () => {
    const error = await failure(() => inspect(t.ctx, `nosuch-${t.ctx.session}`));
    expectWellFormed(error, 'NOT_FOUND');
    expect(error.hint).toContain('docker ps -a');
  });

  it('NOT_FOUND for an image names docker images', async () => {
    const error = await failure(() => inspectImage(t.ctx, `nosuch-${t.ctx.session}:v0`));
    expectWellFormed(error, 'NOT_FOUND');
    expect(error.hint).toContain('docker images');
    const removal = await failure(() => rmi(t.ctx, `nosuch-${t.ctx.session}:v0`));
    expectWellFormed(removal, 'NOT_FOUND');
    expect(removal.hint).toContain('docker images');
  });

  it('NOT_FOUND for a volume names docker volume ls', async () => {
    const error = await failure(() => rmVolume(t.ctx, `nosuch-${t.ctx.session}`));
    expectWellFormed(error, 'NOT_FOUND');
    expect(error.hint).toContain('docker volume ls');
  });

  it('CONFLICT_RUNNING: removing a running container', async () => {
    const { name } = await testContainer(t.ctx, 'sleep 60');
    const error = await failure(() => rm(t.ctx, name));
    expectWellFormed(error, 'CONFLICT_RUNNING');
    await rm(t.ctx, name, { force: true });
  });

  it('NAME_IN_USE: a second container with the same name', async () => {
    const name = uniqueName(t.ctx, 'dup');
    await create(t.ctx, 'busybox', 'true', { name });
    const error = await failure(() => create(t.ctx, 'busybox', 'true', { name }));
    expectWellFormed(error, 'NAME_IN_USE');
  });

  it('PORT_IN_USE: publishing a host port something already listens on', async () => {
    const error = await failure(() => run(t.ctx, 'busybox', 'true', { ports: [`${busyPort}:80`], rm: true }));
    expectWellFormed(error, 'PORT_IN_USE');
  });

  it('UNAUTHORIZED: a push to the private registry without a login', async () => {
    const ref = `${privateRegistryHost()}/errors-${t.ctx.session}:v1`;
    await tag(t.ctx, 'busybox', ref);
    const error = await failure(() => push(t.ctx, ref));
    expectWellFormed(error, 'UNAUTHORIZED');
  });

  it('BUILD_FAILED: a RUN step that fails', async () => {
    const error = await failure(() => build(t.ctx, buildDir, { tags: [`errors-${t.ctx.session}:fail`] }));
    expectWellFormed(error, 'BUILD_FAILED');
  }, 400_000); // builds on one engine take turns (the image gate waits up to 3 min for another process's)

  it('TIMEOUT: waiting on a container that keeps running', async () => {
    const { name } = await testContainer(t.ctx, 'sleep 60');
    const error = await failure(() => wait(t.ctx, name, { timeoutMs: 300 }));
    expectWellFormed(error, 'TIMEOUT');
    await rm(t.ctx, name, { force: true });
  });

  it('INVALID_ARGUMENT: a wrong-shaped option', async () => {
    const error = await failure(() => new Session(t.ctx).run('busybox', 'env', { env: 'A=1' as never }));
    expectWellFormed(error, 'INVALID_ARGUMENT');
  });

  it('ENGINE_UNREACHABLE: an engine that does not answer', async () => {
    const session = new Session(await unreachableContext());
    const error = await failure(() => session.ps());
    expectWellFormed(error, 'ENGINE_UNREACHABLE');
  });

  it('PULL_FAILED offline: the image is not in the course mirror and Docker Hub cannot be reached', async () => {
    const mirrors =
      ((await t.ctx.docker.info()) as { RegistryConfig?: { Mirrors?: string[] } }).RegistryConfig?.Mirrors ?? [];
    const name = `nosuchimage-${t.ctx.session.slice(3)}`;
    const error = await failure(() => pull(t.ctx, name));
    expectWellFormed(error, 'PULL_FAILED');
    expect(error.message).toContain('Docker Hub cannot be reached');
    expect(error.message).not.toMatch(/^[^.]*: Get "https:\/\/registry-1/);
    expect(error.command).toBe(`docker pull ${name}:latest`);
    if (mirrors.length > 0) {
      expect(error.reason).toContain(`not in the course's registry mirror (${mirrors.join(', ')})`);
      const host = mirrors[0]!.replace(/^https?:\/\//, '').replace(/\/$/, '');
      expect(error.hint).toContain(`docker push ${host}/library/${name}:latest`);
    } else {
      expect(error.reason).toContain('the engine has no registry mirror');
    }
  });
});
