import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { execa, type ResultPromise } from 'execa';
import { beforeAll, describe, expect, it } from 'vitest';
import { connect, type Engine } from '../../src/core/connect.ts';
import { LABEL_NOTEBOOK } from '../../src/core/labels.ts';

const fixture = (name: string) => `test/notebook/run/fixtures/interrupt/${name}.md`;
let engine: Engine;

beforeAll(async () => {
  engine = await connect();
});

/** Starts `dockbook run` on a fixture; resolves once its first cell has passed (the second is running then). */
async function runUntilSecondCell(
  name: string,
  env: NodeJS.ProcessEnv = {},
): Promise<{ child: ResultPromise; stdout: () => string }> {
  // No forceKillAfterDelay: execa's own SIGKILL 5 s after a kill() would decide the exit under load, not the runner.
  const child = execa('node', ['bin/dockbook.js', 'run', fixture(name)], {
    reject: false,
    env,
    all: false,
    forceKillAfterDelay: false,
  });
  let stdout = '';
  let stderr = '';
  child.stdout!.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  await new Promise<void>((resolve, reject) => {
    child.stderr!.on('data', (chunk: Buffer) => {
      stderr += chunk.toString();
      if (stderr.includes(`✓ ${fixture(name)} cell 1/2`)) resolve();
    });
    child.then(() => reject(new Error(`dockbook run ended before its second cell:\n${stderr}`)), reject);
  });
  return { child, stdout: () => stdout };
}

/** What the fixture notebook's sessions left on the engine: containers and images labelled with its name. */
async function leftBy(notebook: string): Promise<string[]> {
  const filters = { label: [`${LABEL_NOTEBOOK}=${notebook}`] };
  const containers = await engine.docker.listContainers({ all: true, filters });
  const images = await engine.docker.listImages({ filters });
  return [...containers.map((c) => `container ${c.Names[0]}`), ...images.map((i) => `image ${i.Id}`)];
}

/** The pids of a process's children (the runner's kernels). */
function children(pid: number): number[] {
  const text = readFileSync(`/proc/${pid}/task/${pid}/children`, 'utf8').trim();
  return text ? text.split(/\s+/).map(Number) : [];
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

describe('a run that is interrupted', () => {
  it('Ctrl-C at a build: interrupts the cell, cleans up, says where, writes the summary, exits 130', async () => {
    const marker = `interrupt-marker-${randomBytes(4).toString('hex')}`;
    const { child, stdout } = await runUntilSecondCell('interrupt-build', { MARKER: marker });
    // Wait until the build's RUN step is under way, then press Ctrl-C.
    for (let i = 0; i < 100; i++) {
      const building = await engine.docker.listContainers({ all: true });
      if (building.some((c) => c.Command.includes(marker))) break;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    child.kill('SIGINT');
    const result = await child;
    expect(result.exitCode).toBe(130);
    expect(stdout()).toContain(`interrupted at ${fixture('interrupt-build')}:21 (cell 2)`);
    expect(stdout()).toMatch(/1 passed, 1 failed/);
    expect(await leftBy('interrupt-build')).toEqual([]);
    // The engine cancels the build when its request is cut off, and removes the step's container.
    let steps = [] as unknown[];
    for (let i = 0; i < 200; i++) {
      steps = (await engine.docker.listContainers({ all: true })).filter((c) => c.Command.includes(marker));
      if (steps.length === 0) break;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    expect(steps).toEqual([]);
    expect(result.durationMs ?? 0).toBeLessThan(60_000);
  });

  it('Ctrl-C at -j 2: every running notebook is interrupted, cleans up and says where', async () => {
    const marker = `interrupt-marker-${randomBytes(4).toString('hex')}`;
    const [run, build] = [fixture('interrupt-run'), fixture('interrupt-build')];
    const child = execa('node', ['bin/dockbook.js', 'run', '-j', '2', run, build], {
      reject: false,
      env: { MARKER: marker },
      forceKillAfterDelay: false,
    });
    let [stdout, stderr] = ['', ''];
    child.stdout!.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr!.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    // Both notebooks in their second cell: the `running` container up, and the build's RUN step under way.
    const secondCells = async () => {
      const containers = await engine.docker.listContainers({ all: true });
      return (
        containers.some((c) => c.Command.includes(marker)) &&
        containers.some(
          (c) => c.Labels[LABEL_NOTEBOOK] === 'interrupt-run' && c.Names.some((n) => n.startsWith('/running-')),
        )
      );
    };
    const t0 = Date.now();
    while (!(await secondCells())) {
      expect(Date.now() - t0, `both second cells never started:\n${stderr}`).toBeLessThan(240_000);
      expect(child.exitCode, `dockbook run ended early:\n${stderr}`).toBeNull();
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
    const kernels = children(child.pid!).filter((pid) =>
      readFileSync(`/proc/${pid}/cmdline`, 'utf8').includes('tslab'),
    );
    expect(kernels).toHaveLength(2);
    child.kill('SIGINT');
    const result = await child;
    expect(result.exitCode).toBe(130);
    expect(stdout).toContain(`interrupted at ${run}:18 (cell 2)\ninterrupted at ${build}:21 (cell 2)\n`);
    expect(stdout).toMatch(/2 passed, 2 failed/);
    // Each notebook's lines together, its interrupted cell's failure under its line.
    const lines = stderr.split('\n').filter((line) => /^ {2}[✓✗] /.test(line));
    const blocks = lines.map((line) => (line.includes(run) ? 'run' : 'build'));
    expect(blocks.join(',')).toMatch(/^(run,run,build,build|build,build,run,run)$/);
    expect(await leftBy('interrupt-run')).toEqual([]);
    expect(await leftBy('interrupt-build')).toEqual([]);
    expect(kernels.filter(alive)).toEqual([]);
    let steps = [] as unknown[];
    for (let i = 0; i < 200; i++) {
      steps = (await engine.docker.listContainers({ all: true })).filter((c) => c.Command.includes(marker));
      if (steps.length === 0) break;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    expect(steps).toEqual([]);
  }, 300_000);

  it('SIGTERM at a run: the same, exit 143, and the running container is gone', async () => {
    const { child, stdout } = await runUntilSecondCell('interrupt-run');
    await new Promise((resolve) => setTimeout(resolve, 1500));
    child.kill('SIGTERM');
    const result = await child;
    expect(result.exitCode).toBe(143);
    expect(stdout()).toContain(`interrupted at ${fixture('interrupt-run')}:18 (cell 2)`);
    expect(await leftBy('interrupt-run')).toEqual([]);
  });

  it(
    'SIGKILL of the runner: its kernel ends itself ' + 'within 2 s, and `dockbook clean` removes what it made',
    async () => {
      const { child } = await runUntilSecondCell('interrupt-run');
      const kernels = children(child.pid!).filter((pid) =>
        readFileSync(`/proc/${pid}/cmdline`, 'utf8').includes('tslab'),
      );
      expect(kernels.length).toBeGreaterThan(0);
      child.kill('SIGKILL');
      await child;
      const t0 = Date.now();
      while (kernels.some(alive) && Date.now() - t0 < 5000) await new Promise((resolve) => setTimeout(resolve, 100));
      expect(kernels.filter(alive)).toEqual([]);
      expect(Date.now() - t0).toBeLessThan(2500);
      expect((await leftBy('interrupt-run')).length).toBeGreaterThan(0);
      const clean = await execa('node', ['bin/dockbook.js', 'clean']);
      expect(clean.stdout).toMatch(/^removed \d+ containers/);
      expect(await leftBy('interrupt-run')).toEqual([]);
    },
  );

  it(
    'signalling only the `npx dockbook` wrapper stops ' + 'the run cleanly too: the runner sees its parent go',
    async () => {
      const wrapper = execa('npx', ['dockbook', 'run', fixture('interrupt-run')], { reject: false });
      let stderr = '';
      await new Promise<void>((resolve, reject) => {
        wrapper.stderr!.on('data', (chunk: Buffer) => {
          stderr += chunk.toString();
          if (stderr.includes(`✓ ${fixture('interrupt-run')} cell 1/2`)) resolve();
        });
        wrapper.then(() => reject(new Error(`the run ended early:\n${stderr}`)), reject);
      });
      const runner = descendants(wrapper.pid!).find((pid) =>
        readFileSync(`/proc/${pid}/cmdline`, 'utf8').includes('dockbook'),
      );
      expect(runner).toBeDefined();
      // Only the wrapper is signalled: npm passes it to the shell it ran the bin in, which dies of
      // it without passing it on; the runner sees its parent go.
      process.kill(wrapper.pid!, 'SIGTERM');
      await wrapper;
      const t0 = Date.now();
      while (alive(runner!) && Date.now() - t0 < 60_000) await new Promise((resolve) => setTimeout(resolve, 100));
      expect(alive(runner!)).toBe(false);
      expect(await leftBy('interrupt-run')).toEqual([]);
    },
  );

  it('a second Ctrl-C stops at once, and the next start sweeps what was left', async () => {
    const { child } = await runUntilSecondCell('interrupt-run');
    const kernels = children(child.pid!).filter((pid) =>
      readFileSync(`/proc/${pid}/cmdline`, 'utf8').includes('tslab'),
    );
    child.kill('SIGINT');
    child.kill('SIGINT');
    const result = await child;
    expect(result.exitCode).toBe(130);
    // Its kernels end themselves once it is gone; then the next start's sweep (here `dockbook clean`) removes their
    // work.
    const t0 = Date.now();
    while (kernels.some(alive) && Date.now() - t0 < 5000) await new Promise((resolve) => setTimeout(resolve, 100));
    expect(kernels.filter(alive)).toEqual([]);
    await execa('node', ['bin/dockbook.js', 'clean']);
    expect(await leftBy('interrupt-run')).toEqual([]);
  });
});

/** Every process below `pid`. */
function descendants(pid: number): number[] {
  return children(pid).flatMap((child) => [child, ...descendants(child)]);
}
