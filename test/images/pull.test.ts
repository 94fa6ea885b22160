import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { execa, type ResultPromise } from 'execa';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ensureCommand } from '../../src/stack/apt.ts';
import { build } from '../../src/images/build.ts';
import { pull } from '../../src/images/pull.ts';
import { run } from '../../src/containers/run.ts';
import type { ProgressEvent } from '../../src/core/context.ts';
import { useContext } from '../support/context.ts';
import { offline, useContextDirs } from './fixtures.ts';

const t = useContext('images-pull');
const contextDir = useContextDirs();

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer().listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
    server.on('error', reject);
  });
}

async function answers(url: string, deadline: number): Promise<void> {
  while (Date.now() < deadline) {
    if (
      await fetch(url).then(
        (r) => r.ok,
        () => false,
      )
    )
      return;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`${url} did not answer`);
}

describe('pull, from a real local registry', () => {
  let dir: string;
  let registry: ResultPromise | undefined;
  let host: string;
  let ref: string;
  let id: string;
  let digest: string;

  beforeAll(async () => {
    const bin = await ensureCommand('docker-registry', 'docker-registry', 'test pull');
    dir = mkdtempSync(join(tmpdir(), 'dockbook-registry-'));
    host = `127.0.0.1:${await freePort()}`;
    writeFileSync(
      join(dir, 'config.yml'),
      `version: 0.1\nstorage:\n  filesystem:\n    rootdirectory: ${join(dir, 'data')}\nhttp:\n  addr: ${host}\n`,
    );
    registry = execa(bin, ['serve', join(dir, 'config.yml')], {
      stdout: { file: join(dir, 'registry.log') },
      stderr: { file: join(dir, 'registry.log') },
    });
    registry.catch(() => {});
    await answers(`http://${host}/v2/`, Date.now() + 15_000);

    ref = `${host}/pull-${t.ctx.session}:v1`;
    id = (await build(t.ctx, contextDir({ Dockerfile: `FROM busybox\nRUN echo ${t.ctx.session} > /stamp\n` }))).id;
    const repo = `${host}/pull-${t.ctx.session}`;
    for (const tag of ['v1', 'latest']) await t.ctx.docker.getImage(id).tag({ repo, tag });
    const pushed = await execa('docker', ['push', ref]);
    digest = /digest: (sha256:[0-9a-f]{64})/.exec(pushed.stdout)![1]!;
    await execa('docker', ['push', `${repo}:latest`]);
    await execa('docker', ['rmi', ref, `${repo}:latest`]);
  });

  afterAll(async () => {
    registry?.kill();
    await registry?.catch(() => {});
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('pulls a missing image: the same ID and digest as pushed, its layers and progress events', async () => {
    await expect(t.ctx.docker.getImage(id).inspect()).rejects.toThrow();
    const events: ProgressEvent[] = [];
    const result = await pull(t.ctx, ref, { onProgress: (event) => events.push(event) });
    expect(result).toMatchObject({ ref, id, digest, status: 'pulled' });
    expect(result.layers.map((layer) => layer.status)).toEqual(['Already exists', 'Pull complete']);
    expect(events.every((event) => event.operation === 'pull')).toBe(true);
    expect(events.map((event) => event.status)).toContain('Pull complete');
    expect(String(result)).toContain(`Digest: ${digest}\nStatus: Downloaded newer image for ${ref}`);
    expect((await t.ctx.docker.getImage(ref).inspect()).Config.Labels).toMatchObject(t.ctx.labels);
    expect(t.ctx.addedImageRefs.has(ref)).toBe(true);
  });

  it('lets run pull a missing image first, saying so as docker run does', async () => {
    await t.ctx.docker
      .getImage(ref)
      .remove()
      .catch(() => undefined);
    const r = await run(t.ctx, ref, ['cat', '/stamp'], { rm: true });
    expect(r.stdout).toBe(`${t.ctx.session}\n`);
    expect(r.pulled).toBe(true);
    expect(r.pullLog[0]).toBe(`Unable to find image '${ref}' locally`);
    expect(r.pullLog).toContain(`Status: Downloaded newer image for ${ref}`);
    expect(r.pullLog.some((line) => /: Pull complete$/.test(line))).toBe(true);
    // The pull's end (its last progress event) adds no line: the log ends as docker run's does.
    expect(r.pullLog.at(-1)).toBe(`Status: Downloaded newer image for ${ref}`);
    expect(r.pullLog).not.toContain('');
    const again = await run(t.ctx, ref, ['true'], { rm: true });
    expect(again.pulled).toBe(false);
  });

  it("says up to date when the local image is the registry's, and takes latest when no tag is given", async () => {
    const again = await pull(t.ctx, ref);
    expect(again).toMatchObject({ id, digest, status: 'up to date', layers: [] });
    expect(String(again)).toContain(`Status: Image is up to date for ${ref}`);
    const latest = await pull(t.ctx, `${host}/pull-${t.ctx.session}`);
    expect(latest).toMatchObject({ ref: `${host}/pull-${t.ctx.session}:latest`, id });
  });

  it('fails with NOT_FOUND for a tag the registry lacks, PULL_FAILED when no registry answers', async () => {
    const missing = await pull(t.ctx, `${host}/pull-${t.ctx.session}:nope`).catch((e: unknown) => e);
    expect(missing).toMatchObject({
      code: 'NOT_FOUND',
      operation: 'pull',
      command: `docker pull ${host}/pull-${t.ctx.session}:nope`,
      daemonMessage: expect.stringContaining('manifest unknown'),
    });
    const closed = `127.0.0.1:${await freePort()}`;
    await expect(pull(t.ctx, `${closed}/nothing:v1`)).rejects.toMatchObject({
      code: 'PULL_FAILED',
      daemonMessage: expect.stringContaining('connection refused'),
    });
  });

  it('fails with PULL_FAILED when the stream reports an error: a layer the registry lost', async () => {
    const broken = `${host}/pull-${t.ctx.session}-broken:v1`;
    const brokenId = (
      await build(t.ctx, contextDir({ Dockerfile: `FROM busybox\nRUN echo broken-${t.ctx.session} > /stamp\n` }))
    ).id;
    await t.ctx.docker.getImage(brokenId).tag({ repo: `${host}/pull-${t.ctx.session}-broken`, tag: 'v1' });
    await execa('docker', ['push', broken]);
    await execa('docker', ['rmi', broken]);
    const manifest = await fetch(`http://${host}/v2/pull-${t.ctx.session}-broken/manifests/v1`, {
      headers: { Accept: 'application/vnd.docker.distribution.manifest.v2+json' },
    }).then((r) => r.json() as Promise<{ layers: { digest: string }[] }>);
    const layer = manifest.layers[manifest.layers.length - 1]!.digest.replace('sha256:', '');
    rmSync(join(dir, 'data/docker/registry/v2/blobs/sha256', layer.slice(0, 2), layer), { recursive: true });
    const error = await pull(t.ctx, broken).catch((e: unknown) => e);
    expect(error).toMatchObject({
      code: 'PULL_FAILED',
      operation: 'pull',
      command: `docker pull ${broken}`,
      daemonMessage: 'unknown blob',
    });
    expect(t.ctx.addedImageRefs.has(broken)).toBe(false);
  });

  it('rejects a bad reference before any call', async () => {
    await expect(pull(offline(t.ctx), 'Bad:Ref!')).rejects.toMatchObject({
      code: 'INVALID_ARGUMENT',
      operation: 'pull',
    });
  });
});
