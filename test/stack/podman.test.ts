import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type Docker from 'dockerode';
import { execa } from 'execa';
import { afterAll, describe, expect, it } from 'vitest';
import { connect } from '../../src/core/connect.ts';
import { processMatches, readOwnedProcess } from '../../src/stack/owned-process.ts';
import { demuxer } from '../../src/core/streams.ts';
import { registryImageId } from '../../src/registry/api.ts';
import { registryHost } from '../../src/registry/config.ts';
import { PODMAN_NETWORK } from '../../src/stack/podman-conf.ts';
import { containerUlimits, hardLimits } from '../../src/stack/podman-host.ts';
import { seedImages } from '../../src/stack/seed.ts';
import {
  engineStatus,
  formatEngineStatus,
  formatPodmanStatus,
  podmanDown,
  podmanStatus,
  podmanUp,
  type PodmanUpResult,
} from '../../src/stack.ts';

// A Podman of this test's own: its own cache folder (socket, storage, configuration, lock), so it never meets the
// course's Podman (`engine up --podman`) or another run of this file, except on the `dockbook` network, which every
// dockbook Podman shares by design (see PODMAN_NETWORK). It pulls from the shared public registry, the mirror.
// Under /tmp itself, not the run's TMPDIR: Podman refuses a runroot (<cache>/podman/run) over 50 bytes.
const cache = mkdtempSync('/tmp/dockbook-podman-');
const env = { ...process.env, DOCKBOOK_CACHE: cache };
const dir = join(cache, 'podman');
const socket = join(dir, 'podman.sock');
const LABELS = { 'dockbook.test': 'podman' };

afterAll(async () => {
  await podmanDown({ env, purge: true }).catch(() => undefined);
  rmSync(cache, { recursive: true, force: true });
});

/** Runs a container to its end and returns its exit code and stdout. */
async function runToEnd(docker: Docker, Cmd: string[]): Promise<{ exitCode: number; stdout: string }> {
  const container = await docker.createContainer({ Image: 'busybox', Cmd, Labels: LABELS });
  try {
    await container.start();
    const { StatusCode } = (await container.wait()) as { StatusCode: number };
    const raw = (await container.logs({ stdout: true, stderr: false, follow: false })) as unknown as Buffer;
    let stdout = '';
    demuxer((name, data) => {
      if (name === 'stdout') stdout += data.toString('utf8');
    })(raw);
    return { exitCode: StatusCode, stdout };
  } finally {
    await container.remove({ force: true });
  }
}

/** The lines of Docker's own iptables chains (nat and filter) that name this Podman's bridge or subnet. */
async function dockerRulesNamingPodman(): Promise<string[]> {
  const { stdout } = await execa('iptables-save');
  const subnet = PODMAN_NETWORK.subnet.replace(/\.0\/24$/, '.');
  return stdout
    .split('\n')
    .filter((line) => /\bDOCKER/.test(line))
    .filter((line) => line.includes(PODMAN_NETWORK.bridge) || line.includes(subnet));
}

describe("the project's own Podman: up, a container, status, down", () => {
  let up: PodmanUpResult;
  let pid: number;

  it('comes up on its own socket, and connect() there says Podman', async () => {
    // Podman's own defaults, which no container could start with here (no CAP_SYS_RESOURCE): up reads what the
    // service may give and restarts it with that.
    const defaults = ['nofile=1048576:1048576', 'nproc=1048576:1048576'];
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, 'containers.conf'), `default_ulimits = ["${defaults.join('", "')}"]\n`);
    const lines: string[] = [];
    up = await podmanUp({ env, log: (line) => lines.push(line) });
    expect(up.started).toBe(true);
    if (up.ulimits.join() !== defaults.join()) expect(lines.join('\n')).toMatch(/hard limits allow .*: restarting it/);
    expect(up.host).toBe(`unix://${socket}`);
    expect(up.engine.kind).toBe('podman');
    expect((await connect({ env: { DOCKER_HOST: up.host } })).kind).toBe('podman');
  });

  it('gives containers the limits its own service process may give, read from that process', async () => {
    pid = readOwnedProcess(dir)!.pid;
    expect(up.ulimits).toEqual(containerUlimits(hardLimits(readFileSync(`/proc/${pid}/limits`, 'utf8'))));
    expect(readFileSync(join(dir, 'containers.conf'), 'utf8')).toContain(
      `default_ulimits = ${JSON.stringify(up.ulimits).replace(/","/g, '", "')}`,
    );
  });

  it('pulls busybox through the mirror and runs it through the API: `ulimit -n` prints its limit', async () => {
    const docker = up.engine.docker;
    const stream = await docker.pull('busybox:latest');
    await new Promise<void>((resolve, reject) =>
      docker.modem.followProgress(stream, (error: Error | null) => (error ? reject(error) : resolve())),
    );
    const image = await docker.getImage('busybox:latest').inspect();
    expect(image.Id).toBe(await registryImageId(registryHost(), 'library/busybox', 'latest'));
    const nofile = up.ulimits.find((u) => u.startsWith('nofile='))!.split(':')[1];
    const nproc = up.ulimits.find((u) => u.startsWith('nproc='))!.split(':')[1];
    expect(await runToEnd(docker, ['sh', '-c', 'ulimit -n; ulimit -u'])).toEqual({
      exitCode: 0,
      stdout: `${nofile}\n${nproc}\n`,
    });
  });

  it('seeds node from the mirror with the version tags of the image this machine built', async () => {
    const [node] = await seedImages(up.engine, { only: ['node'] });
    expect(node).toMatchObject({ name: 'node', action: 'pulled' });
    expect(node!.tags).toContain('20');
    const versioned = node!.tags.find((tag: string) => /^\d+\.\d+\.\d+$/.test(tag));
    expect(versioned).toBeDefined();
    expect((await up.engine.docker.getImage(`node:${versioned}`).inspect()).Id).toBe(node!.id);
  });

  it('says where it runs and its version, in the library and on the command line', async () => {
    const status = await podmanStatus(env);
    expect(status).toMatchObject({
      host: up.host,
      dir,
      owned: true,
      pid,
      engineVersion: up.engine.engineVersion,
      storageRoot: join(dir, 'storage'),
      network: { name: 'dockbook', bridge: 'dockbook0', subnet: '10.87.0.0/24' },
      ulimits: up.ulimits,
      mirror: registryHost(),
    });
    const text = formatPodmanStatus(status);
    expect(text).toContain(`endpoint:       ${up.host}\n`);
    expect(text).toContain(`engine:         podman ${up.engine.engineVersion} (`);
    expect(text).toContain(`owned:          yes, podman pid ${pid} started by dockbook`);
    const cli = await execa('node', ['bin/dockbook.js', 'engine', 'status', '--podman', '--json'], { env });
    expect(JSON.parse(cli.stdout)).toMatchObject({ host: up.host, engineVersion: up.engine.engineVersion, pid });
  });

  it('is, to `engine status` with DOCKER_HOST at its socket, a Podman dockbook owns, with its mirror', async () => {
    const status = await engineStatus({ ...env, DOCKER_HOST: up.host });
    expect(status).toMatchObject({ kind: 'podman', owned: true, pid, mirrors: [registryHost()] });
    expect(formatEngineStatus(status)).toContain(`owned:          yes, podman pid ${pid} started by dockbook`);
  });

  it('a second up uses the service that runs', async () => {
    const again = await podmanUp({ env, install: false });
    expect(again).toMatchObject({ started: false, host: up.host, ulimits: up.ulimits });
  });

  it("down stops its containers and itself, purge its folder; Docker's docker0, rules and engine stay", async () => {
    const sleeper = await up.engine.docker.createContainer({
      Image: 'busybox',
      Cmd: ['sleep', '300'],
      Labels: LABELS,
      StopTimeout: 1,
    } as Docker.ContainerCreateOptions);
    await sleeper.start();
    const name = (await sleeper.inspect()).Name.replace(/^\//, '');
    expect(await dockerRulesNamingPodman()).toEqual([]);

    const down = await podmanDown({ env, purge: true });
    expect(down).toEqual({ pid, stopped: [name], purged: true });
    expect(processMatches(pid, up.host)).toBe(false);
    expect(existsSync(socket)).toBe(false);
    expect(existsSync(dir)).toBe(false);
    await expect(podmanStatus(env)).rejects.toMatchObject({ code: 'ENGINE_UNREACHABLE', target: up.host });

    await execa('ip', ['link', 'show', 'docker0']);
    expect(await dockerRulesNamingPodman()).toEqual([]);
    const shared = await connect();
    expect(shared.kind).toBe('docker');
    expect((await podmanDown({ env })).pid).toBeUndefined();
  });
});
