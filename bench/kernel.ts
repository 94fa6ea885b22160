// A tslab kernel: start to first result, a trivial cell's round trip, and where its time goes
// (from a CPU profile of a second kernel), and a notebook's first cell (importing dockbook) cold and
// after the runner's warm-up. Run: npx tsx bench/kernel.ts [cells]
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startKernel, type StartKernelOptions } from '../src/notebook/kernel/kernel.ts';
import { packageRoot } from '../src/paths.ts';
import { WARM_UP } from '../src/notebook/run/run-notebooks.ts';
import { summarize, time } from './stats.ts';

const cells = Number(process.argv[2] ?? 50);

/** Where a profile sample goes: the first category with a frame on the sample's stack. */
const CATEGORIES: [string, RegExp][] = [
  ['ESM to CommonJS again (ts.transpileModule)', /^esModuleToCommonJSModule$/],
  ['new type checker (merging lib and @types globals)', /^(createTypeChecker|initializeTypeChecker)$/],
  ['type-check the cell', /^checkSourceFile$/],
  ['rebuild the TS program (parse, reuse, bind)', /^synchronizeProgram$/],
  ['emit JS and declarations', /^emitFiles$/],
  ['run the cell (vm)', /^(runInThisContext|runInContext)$/],
  ['messages (ZeroMQ, HMAC, JSON)', /^(signAndSend|fromRaw|serialSend)$/],
  ['garbage collection', /^\(garbage collector\)$/],
  ['idle: waiting for the client', /^\(idle\)$/],
];
const OTHER = 'other (tslab, TypeScript)';

interface Profile {
  nodes: { id: number; callFrame: { functionName: string }; children?: number[] }[];
  startTime: number;
  samples: number[];
  timeDeltas: number[];
}

function line(label: string, value: string): void {
  console.log(`${label.padEnd(52)} ${value}`);
}

/** Runs `cells` trivial cells in a fresh kernel; returns the time window they ran in (µs, monotonic). */
async function trivialCells(options: StartKernelOptions, report: boolean): Promise<{ from: number; to: number }> {
  const started = performance.now();
  const kernel = await startKernel(packageRoot, options);
  const ready = performance.now() - started;
  await kernel.execute('1');
  if (report)
    line(
      'start to ready / to first cell result',
      `${ready.toFixed(0)} ms / ${(performance.now() - started).toFixed(0)} ms`,
    );
  let i = 0;
  const trivialCell = () => kernel.execute(`${i++} + 1`);
  for (let warmup = 0; warmup < 5; warmup++) await trivialCell();
  const cpu = process.cpuUsage();
  const from = Number(process.hrtime.bigint() / 1000n);
  const trivial = summarize(await time(cells, trivialCell, 0));
  const to = Number(process.hrtime.bigint() / 1000n);
  const client = process.cpuUsage(cpu);
  const declaring = summarize(await time(cells, () => kernel.execute(`const v${i} = ${i++}`), 0));
  if (report) {
    line(
      `trivial cell \`i + 1\` (n=${trivial.n})`,
      `median ${trivial.median.toFixed(1)} ms, p90 ${trivial.p90.toFixed(1)} ms`,
    );
    line(
      `declaring cell \`const v = i\` (n=${declaring.n})`,
      `median ${declaring.median.toFixed(1)} ms, p90 ${declaring.p90.toFixed(1)} ms`,
    );
    line('client CPU per trivial cell', `${((client.user + client.system) / 1000 / cells).toFixed(2)} ms`);
  }
  await kernel.shutdown({ graceMs: 30_000 });
  return { from, to };
}

/** Milliseconds per category of the samples taken between `from` and `to`. */
function breakdown(profile: Profile, from: number, to: number): Map<string, number> {
  const nodes = new Map(profile.nodes.map((node) => [node.id, node]));
  const parents = new Map(
    profile.nodes.flatMap((node) => (node.children ?? []).map((child) => [child, node.id] as const)),
  );
  const spent = new Map<string, number>();
  let at = profile.startTime;
  profile.samples.forEach((sample, i) => {
    at += profile.timeDeltas[i] ?? 0;
    if (at < from || at > to) return;
    const stack: string[] = [];
    for (let id: number | undefined = sample; id !== undefined; id = parents.get(id))
      stack.push(nodes.get(id)?.callFrame.functionName ?? '');
    const category = CATEGORIES.find(([, pattern]) => stack.some((name) => pattern.test(name)))?.[0] ?? OTHER;
    spent.set(category, (spent.get(category) ?? 0) + (profile.timeDeltas[i + 1] ?? 0) / 1000);
  });
  return spent;
}

await trivialCells({}, true);

const dir = await mkdtemp(join(tmpdir(), 'dockbook-bench-'));
const { from, to } = await trivialCells({ nodeArgs: ['--cpu-prof', `--cpu-prof-dir=${dir}`] }, false);
const [file] = await readdir(dir);
const spent = breakdown(JSON.parse(await readFile(join(dir, file ?? ''), 'utf8')) as Profile, from, to);
await rm(dir, { recursive: true, force: true });
console.log(`where a trivial cell's time goes in the kernel (CPU profile, ms per cell):`);
for (const category of [...CATEGORIES.map(([name]) => name), OTHER])
  line(`  ${category}`, ((spent.get(category) ?? 0) / cells).toFixed(1));

// A notebook's first cell, `import { openSession, check } from 'dockbook'`, in the notebooks
// folder: in a cold kernel, and after the warm-up the runner gives each kernel before its
// first cell (WARM_UP: the next notebook's kernel does it while the current one runs).
async function firstImport(warm: boolean): Promise<number> {
  const kernel = await startKernel(join(packageRoot, 'notebooks'));
  try {
    if (warm) await kernel.execute(WARM_UP, { timeoutMs: 60_000 });
    const t0 = performance.now();
    const result = await kernel.execute("import { openSession, check } from 'dockbook';");
    if (result.status !== 'ok') throw new Error(`the import failed: ${JSON.stringify(result)}`);
    return performance.now() - t0;
  } finally {
    await kernel.shutdown();
  }
}
for (const warm of [false, true]) {
  const runs: number[] = [];
  for (let i = 0; i < 5; i++) runs.push(await firstImport(warm));
  const sorted = runs.sort((a, b) => a - b);
  line(
    `first cell's import of dockbook, ${warm ? 'after the warm-up' : 'cold kernel'} (n=5)`,
    `median ${sorted[2]!.toFixed(0)} ms, min ${sorted[0]!.toFixed(0)} ms`,
  );
}
