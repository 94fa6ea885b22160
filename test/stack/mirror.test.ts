import { randomInt } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { execa } from 'execa';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { run } from '../../src/containers/run.ts';
import { connect, type Engine } from '../../src/core/connect.ts';
import { startDockerd, stopDockerd } from '../../src/stack/daemon.ts';
import { ownedDaemonArgs } from '../../src/stack/engine.ts';
import { build } from '../../src/images/build.ts';
import { pull } from '../../src/images/pull.ts';
import { seedImages, type SeedResult } from '../../src/stack/seed.ts';
import { registryImageId } from '../../src/registry/api.ts';
import { registryHost } from '../../src/registry/config.ts';
import { registryUp } from '../../src/stack/registry.ts';
import { fillMirror } from '../../src/stack/mirror.ts';
import type { Context, ProgressEvent } from '../../src/core/context.ts';
import { createContext } from '../../src/core/context-factory.ts';
import { useContextDirs } from '../images/fixtures.ts';
import { useContext } from '../support/context.ts';
import { freePort, useRegistryEnv } from '../registry/fixtures.ts';

const t = useContext('registry-mirror');
const r = useRegistryEnv();
const contextDir = useContextDirs();
let busybox: SeedResult;
let host: string;

beforeAll(async () => {
  await registryUp({ env: r.env });
  host = registryHost(r.env);
  [busybox] = (await seedImages(t.ctx.engine, { only: ['busybox'] })) as [SeedResult];
});

describe('filling the mirror with the locally built base images', () => {
  it('pushes every tag as library/<name>, busybox with its version, and removes the temporary tags', async () => {
    expect(busybox.tags).toEqual(['latest', expect.stringMatching(/^\d+\.\d+\.\d+$/)]);
    const [result] = await fillMirror(t.ctx.engine, [busybox], { env: r.env });
    expect(result).toMatchObject({
      name: 'busybox',
      repository: `${host}/library/busybox`,
      pushed: busybox.tags,
      present: [],
    });
    for (const tag of busybox.tags) {
      expect(await registryImageId(host, 'library/busybox', tag)).toBe(busybox.id);
      await expect(t.ctx.docker.getImage(`${host}/library/busybox:${tag}`).inspect()).rejects.toThrow();
    }
  });

  it('pushes nothing the second time: the registry already holds the same image IDs', async () => {
    const [again] = await fillMirror(t.ctx.engine, [busybox], { env: r.env });
    expect(again).toMatchObject({ pushed: [], present: busybox.tags });
  });

  it('pushes a tag again when the registry holds another image under it, and leaves pulled images out', async () => {
    const name = `mirror-${t.ctx.session}`;
    const other = await build(t.ctx, contextDir({ Dockerfile: `FROM busybox\nRUN echo ${t.ctx.session} > /stamp\n` }));
    await fillMirror(t.ctx.engine, [{ name, tags: ['v1'], id: busybox.id, source: 'test' }], { env: r.env });
    const [moved] = await fillMirror(t.ctx.engine, [{ name, tags: ['v1'], id: other.id, source: 'test' }], {
      env: r.env,
    });
    expect(moved).toMatchObject({ pushed: ['v1'], present: [] });
    expect(await registryImageId(host, `library/${name}`, 'v1')).toBe(other.id);
    expect(await fillMirror(t.ctx.engine, [{ name, tags: ['v2'], id: other.id }], { env: r.env })).toEqual([]);
    expect(await registryImageId(host, `library/${name}`, 'v2')).toBeUndefined();
  });

  it('fails naming the registry when it does not answer', async () => {
    const closed = `127.0.0.1:${await freePort()}`;
    await expect(fillMirror(t.ctx.engine, [busybox], { env: r.env, host: closed })).rejects.toMatchObject({
      code: 'ENGINE_UNREACHABLE',
      target: closed,
      message: expect.stringContaining('the registry does not answer (ECONNREFUSED)'),
    });
  });
});

describe('a clean engine started with the mirror pulls Docker Hub names from it', () => {
  let dir: string;
  let engine: Engine;
  let clean: Context;
  // Never --bridge=none: a dockerd started with it deletes the host's docker0, the shared engine's bridge.
  const bridge = `dbk${randomInt(0, 0xffffff).toString(16).padStart(6, '0')}`;

  beforeAll(async () => {
    // A second dockerd of its own (data, exec root, socket, config, a bridge of its own, no iptables), never the shared
    // one.
    dir = mkdtempSync(join(tmpdir(), 'dockbook-engine2-'));
    writeFileSync(join(dir, 'daemon.json'), '{}\n');
    await execa('ip', ['link', 'add', 'name', bridge, 'type', 'bridge']);
    await execa('ip', ['addr', 'add', `198.18.${randomInt(1, 255)}.1/24`, 'dev', bridge]);
    await execa('ip', ['link', 'set', bridge, 'up']);
    const endpoint = { host: `unix://${join(dir, 'docker.sock')}`, source: 'DOCKER_HOST' as const };
    const isolation = [
      '--data-root',
      join(dir, 'data'),
      '--exec-root',
      join(dir, 'exec'),
      '--config-file',
      join(dir, 'daemon.json'),
      `--bridge=${bridge}`,
      '--iptables=false',
      '--ip6tables=false',
      '--ip-forward=false',
    ];
    await startDockerd({
      dir,
      host: endpoint.host,
      args: ownedDaemonArgs({ env: r.env, daemonArgs: isolation }),
      ready: () =>
        connect({ endpoint, timeoutMs: 1000 }).then(
          () => true,
          () => false,
        ),
    });
    engine = await connect({ endpoint });
    clean = await createContext({ engine, notebook: 'test:registry-mirror-engine' });
  });

  afterAll(async () => {
    if (dir) await stopDockerd({ dir });
    await execa('ip', ['link', 'del', bridge], { reject: false });
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('has the public registry as its mirror, and no image', async () => {
    const info = (await engine.docker.info()) as { RegistryConfig: { Mirrors: string[] } };
    expect(info.RegistryConfig.Mirrors).toEqual([`http://${host}/`]);
    expect(await engine.docker.listImages()).toEqual([]);
  });

  it('pulls `busybox` with the progress messages of a real pull, then says up to date', async () => {
    const events: ProgressEvent[] = [];
    const result = await pull(clean, 'busybox', { onProgress: (event) => events.push(event) });
    expect(result).toMatchObject({ ref: 'busybox:latest', id: busybox.id, status: 'pulled' });
    expect(result.layers.map((layer) => layer.status)).toEqual(['Pull complete']);
    expect(events.map((event) => event.status)).toEqual(
      expect.arrayContaining([
        'Pulling from library/busybox',
        'Pulling fs layer',
        'Download complete',
        'Pull complete',
      ]),
    );
    const head = await fetch(`http://${host}/v2/library/busybox/manifests/latest`, {
      method: 'HEAD',
      headers: { Accept: 'application/vnd.docker.distribution.manifest.v2+json' },
    });
    expect(result.digest).toBe(head.headers.get('docker-content-digest'));
    expect(String(result)).toContain('Status: Downloaded newer image for busybox:latest');
    expect(await pull(clean, 'busybox')).toMatchObject({ status: 'up to date', layers: [] });
  });

  it('lets run pull busybox:<version> first, as docker run does on a clean machine', async () => {
    const version = busybox.tags[1]!;
    await engine.docker.getImage('busybox:latest').remove();
    const result = await run(
      clean,
      `busybox:${version}`,
      ['sh', '-c', 'echo hello from $(busybox | head -1 | cut -d" " -f2)'],
      { rm: true },
    );
    expect(result.pulled).toBe(true);
    expect(result.pullLog[0]).toBe(`Unable to find image 'busybox:${version}' locally`);
    expect(result.pullLog).toContain(`Status: Downloaded newer image for busybox:${version}`);
    expect(result.stdout).toBe(`hello from v${version}\n`);
  });

  it('pulls `node` with no Docker Hub, and the pulled image runs the seeded Node.js', async () => {
    const [node] = (await seedImages(t.ctx.engine, { only: ['node'] })) as [SeedResult];
    await fillMirror(t.ctx.engine, [node], { env: r.env });
    const result = await pull(clean, 'node');
    expect(result).toMatchObject({ ref: 'node:latest', id: node.id, status: 'pulled' });
    expect(String(result)).toContain('Status: Downloaded newer image for node:latest');
    const version = await run(clean, 'node', ['node', '--version'], { rm: true });
    expect(version.stdout).toBe(`v${node.tags.find((tag) => /^\d+\.\d+\.\d+$/.test(tag))}\n`);
  }, 300_000);

  it(
    'reports an unknown tag: NOT_FOUND from the registry ' +
      'itself; through the mirror the engine then asks Docker Hub',
    async () => {
      const direct = await pull(clean, `${host}/library/busybox:no-such-tag`).catch((e: unknown) => e);
      expect(direct).toMatchObject({ code: 'NOT_FOUND', daemonMessage: expect.stringContaining('manifest unknown') });
      // The engine falls back from a mirror that lacks the tag to Docker Hub, and reports Docker Hub's failure.
      const mirrored = await pull(clean, 'busybox:no-such-tag').catch((e: unknown) => e);
      expect(mirrored).toMatchObject({
        code: 'PULL_FAILED',
        command: 'docker pull busybox:no-such-tag',
        daemonMessage: expect.stringContaining('registry-1.docker.io'),
      });
    },
  );
});
