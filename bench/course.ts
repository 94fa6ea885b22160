// The whole course under `dockbook run` against bench/bare-course.sh, a plain bash script that types the same Docker
// work serially with no verification (issue 18; goal: the course at or below 1.0× the bare serial script).
// Interleaved A/B pairs, the order alternating from pair to pair; prints each pair's wall times and ratio, the
// medians, the machine's load (1-minute average) at the start and end of each run, and where dockbook's extra time
// goes: process start, first kernel, each notebook's first cell, type-checking, engine reads (the verification
// calls), cleanup, from the runner's reports (their timings) and a probe in its processes (bench/course-probe.cjs;
// bench/course-breakdown.ts reads both).
//
// Run: npx tsx bench/course.ts [--pairs 3] [-j N | --jobs N] [--serial-pairs N] [--notebooks 01,04] [--no-probe]
//   -j N            passed to `dockbook run` (when it has -j); then --serial-pairs (default 1) more pairs with -j 1
//   --notebooks     only these notebooks, on both sides (for trying the bench; the goal is about the whole course)
//   --no-probe      dockbook runs without the probe: wall times only, and the figures of the reports
//   --from DIR      prints again what a bench left in DIR (its pairs' times, logs, reports and probe records)
// Both sides run from one copy of the package taken at the start (bin, dist, kernel, notebooks; `npm run build`
// first), so a build or a run of someone else's in this folder changes neither the code measured nor the reports.
// What each run left (logs, marks, reports, probe records) stays in the folder printed at the start.
import { spawn } from 'node:child_process';
import {
  closeSync,
  cpSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  openSync,
  readdirSync,
  readFileSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { cpus, loadavg, totalmem, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import type { NotebookReport } from '../src/notebook/run/report.ts';
import {
  median,
  parseBareTimes,
  parseProbe,
  runFigures,
  shortName,
  type BareNotebook,
  type NotebookFigures,
  type RunFigures,
  type RunInput,
} from './course-breakdown.ts';

const { values: args } = parseArgs({
  options: {
    pairs: { type: 'string', default: '3' },
    jobs: { type: 'string', short: 'j' },
    'serial-pairs': { type: 'string' },
    notebooks: { type: 'string' },
    'no-probe': { type: 'boolean', default: false },
    from: { type: 'string' },
  },
});
const pairs = Number(args.pairs);
const probe = !args['no-probe'];
if (!Number.isInteger(pairs) || pairs < 1) throw new Error(`--pairs ${args.pairs}: a whole number ≥ 1`);
if (args.jobs !== undefined && !/^[1-9]\d*$/.test(args.jobs)) throw new Error(`-j ${args.jobs}: a whole number ≥ 1`);

interface Plan {
  label: string;
  args: string[];
  pairs: number;
}
interface Timed {
  code: number;
  wallMs: number;
  spawnAt: number;
  exitAt: number;
  loadStart: number;
  loadEnd: number;
}
/** What a pair's folder keeps in pair.json: enough, with its logs, reports and probe records, to print it again. */
interface PairRecord {
  plan: Omit<Plan, 'pairs'>;
  index: number;
  bareFirst: boolean;
  notebooks: string[];
  bare: Timed;
  dockbook: Timed;
}
interface Pair extends PairRecord {
  dir: string;
  bareNotebooks: Map<string, BareNotebook>;
  input: RunInput;
  /** Notebooks whose report in the folder is not this run's (another run wrote it meanwhile). */
  foreign: string[];
}

/** The run going on (the bench passes SIGTERM on to it), and whether the bench was told to stop. */
let current: ReturnType<typeof spawn> | undefined;
let stopping = false;
const seconds = (ms: number | undefined, digits = 1) => (ms === undefined ? 'n/a' : (ms / 1000).toFixed(digits));
const load = () => loadavg().map((l) => l.toFixed(2));
const root = resolve(import.meta.dirname, '..');

if (args.from) {
  // Prints the pairs a bench left in that folder again, as they were measured.
  const done = readdirSync(args.from)
    .filter((entry) => existsSync(join(args.from!, entry, 'pair.json')))
    .map((entry) => readPair(join(args.from!, entry)));
  console.log(`course bench, as measured in ${args.from}: ${done.length} pairs`);
  for (const label of [...new Set(done.map((p) => p.plan.label))])
    report(
      label,
      done.filter((p) => p.plan.label === label).sort((a, b) => a.index - b.index),
    );
} else await measure();

/** Runs the pairs, interleaved, and prints them. */
async function measure(): Promise<void> {
  if (!readFileSync(join(root, 'dist', 'notebook', 'run', 'notebook-run.js'), 'utf8').includes('kernelShutDownAt'))
    throw new Error("dist/ has no reports' timings: run `npm run build` first");
  const bench = mkdtempSync(join(tmpdir(), 'dockbook-course-bench-'));
  const copy = packageCopy(join(bench, 'package'));
  const course = readdirSync(join(copy, 'notebooks'))
    .filter((f) => /^\d\d-.*\.md$/.test(f))
    .sort();
  const chosen = args.notebooks ? args.notebooks.split(/[,\s]+/).filter(Boolean) : undefined;
  const notebooks = chosen ? course.filter((f) => chosen.includes(shortName(f))) : course;
  if (notebooks.length === 0) throw new Error(`--notebooks ${args.notebooks}: none of ${course.join(', ')}`);

  const help = await run(copy, 'node', ['bin/dockbook.js', 'run', '--help'], {}, join(bench, 'help.txt'));
  const hasJobs = readFileSync(join(bench, 'help.txt'), 'utf8').includes('--jobs');
  if (help.code !== 0) throw new Error(`dockbook run --help failed: ${readFileSync(join(bench, 'help.txt'), 'utf8')}`);
  if (args.jobs !== undefined && !hasJobs) throw new Error(`-j ${args.jobs}: this dockbook run has no -j (--jobs) yet`);
  const plans: Plan[] = [
    {
      label: args.jobs ? `dockbook run -j ${args.jobs}` : hasJobs ? 'dockbook run (its default -j)' : 'dockbook run',
      args: args.jobs ? ['-j', args.jobs] : [],
      pairs,
    },
  ];
  const serialPairs = Number(args['serial-pairs'] ?? '1');
  if (hasJobs && args.jobs !== '1' && serialPairs > 0)
    plans.push({ label: 'dockbook run -j 1', args: ['-j', '1'], pairs: serialPairs });

  const engine = await run(copy, 'docker', ['version', '--format', '{{.Server.Version}}'], {}, join(bench, 'engine'));
  console.log(
    `course bench: ${plans.map((p) => `${p.pairs} pair${p.pairs > 1 ? 's' : ''} of ${p.label}`).join(', ')} ` +
      `against bench/bare-course.sh, interleaved`,
  );
  console.log(
    `machine: ${cpus().length} cores, ${(totalmem() / 2 ** 30).toFixed(0)} GiB, Node.js ${process.version}, engine ` +
      `${engine.code === 0 ? readFileSync(join(bench, 'engine'), 'utf8').trim() : '?'}; load ${load().join(' ')} ` +
      `(1, 5, 15 min)`,
  );
  console.log(`notebooks: ${chosen ? notebooks.join(' ') : `the whole course (${notebooks.length})`}`);
  console.log(
    `probe: ${probe ? 'on (bench/course-probe.cjs in the runner and the kernels)' : 'off'}; runs kept in ${bench} ` +
      `(npx tsx bench/course.ts --from ${bench} prints them again)\n`,
  );

  for (const signal of ['SIGINT', 'SIGTERM'] as const)
    process.on(signal, () => {
      // The run going on cleans up (Ctrl-C reaches it too; SIGTERM is passed on), then the bench prints what it has.
      stopping = true;
      if (signal === 'SIGTERM' && current?.pid) process.kill(current.pid, 'SIGTERM');
    });
  const done: Pair[] = [];
  rounds: for (let round = 0; round < Math.max(...plans.map((p) => p.pairs)); round++) {
    for (const plan of plans) {
      if (round >= plan.pairs) continue;
      const index = done.filter((p) => p.plan.label === plan.label).length + 1;
      const dir = join(bench, `${plan.args.join('').replace(/^-/, '') || 'default'}-pair-${index}`);
      mkdirSync(dir, { recursive: true });
      const bareFirst = (round + plans.indexOf(plan)) % 2 === 0;
      const timed: Partial<Record<'bare' | 'dockbook', Timed>> = {};
      for (const side of bareFirst ? (['bare', 'dockbook'] as const) : (['dockbook', 'bare'] as const)) {
        if (stopping) break rounds;
        process.stderr.write(`${plan.label}, pair ${index}: ${side} … `);
        timed[side] =
          side === 'bare' ? await runBare(copy, dir, notebooks) : await runDockbook(copy, dir, plan, chosen);
        process.stderr.write(`${seconds(timed[side].wallMs)} s (exit code ${timed[side].code})\n`);
        if (timed[side].code !== 0 && !stopping) {
          const log = join(dir, `${side}.out`);
          console.log(`${side} failed (exit code ${timed[side].code}); the end of ${log}:`);
          console.log(readFileSync(log, 'utf8').split('\n').slice(-30).join('\n'));
          stopping = true;
        }
      }
      if (timed.bare?.code !== 0 || timed.dockbook?.code !== 0) continue;
      const record: PairRecord = {
        plan: { label: plan.label, args: plan.args },
        index,
        bareFirst,
        notebooks,
        bare: timed.bare,
        dockbook: timed.dockbook,
      };
      writeFileSync(join(dir, 'pair.json'), `${JSON.stringify(record, null, 2)}\n`);
      done.push(readPair(dir));
    }
  }
  for (const plan of plans)
    report(
      plan.label,
      done.filter((p) => p.plan.label === plan.label),
    );
  console.log(`\nload at the end: ${load().join(' ')} (1, 5, 15 min); runs kept in ${bench}`);
  rmSync(copy, { recursive: true, force: true });
}

/** The bare script, timed; its cell marks go to the pair's folder. */
function runBare(copy: string, dir: string, notebooks: string[]): Promise<Timed> {
  const env = {
    BARE_TIMES: join(dir, 'bare.times'),
    BARE_LOG: join(dir, 'bare.log'),
    BARE_NOTEBOOKS: notebooks.map(shortName).join(' '),
  };
  return run(copy, 'bash', ['bench/bare-course.sh'], env, join(dir, 'bare.out'));
}

/** `dockbook run` of the notebooks, timed; its reports and what the probe recorded go to the pair's folder. */
async function runDockbook(copy: string, dir: string, plan: Plan, chosen: string[] | undefined): Promise<Timed> {
  const reportsDir = join(copy, 'reports', 'notebooks');
  rmSync(reportsDir, { recursive: true, force: true });
  const probeDir = join(dir, 'probe');
  mkdirSync(probeDir, { recursive: true });
  const env: NodeJS.ProcessEnv = probe
    ? {
        NODE_OPTIONS: `${process.env.NODE_OPTIONS ?? ''} --require ${join(copy, 'bench', 'course-probe.cjs')}`.trim(),
        BENCH_PROBE_DIR: probeDir,
      }
    : {};
  const files = chosen
    ? readdirSync(join(copy, 'notebooks'))
        .filter((f) => chosen.includes(shortName(f)) && f.endsWith('.md'))
        .map((f) => join('notebooks', f))
    : [];
  const words = ['bin/dockbook.js', 'run', ...plan.args, ...files];
  const timed = await run(copy, 'node', words, env, join(dir, 'dockbook.out'));
  if (existsSync(reportsDir)) cpSync(reportsDir, join(dir, 'reports'), { recursive: true });
  return timed;
}

/** A pair as its folder keeps it: the times, the bare script's marks, dockbook's reports and probe records. */
function readPair(dir: string): Pair {
  const record = JSON.parse(readFileSync(join(dir, 'pair.json'), 'utf8')) as PairRecord;
  const text = (file: string) => (existsSync(file) ? readFileSync(file, 'utf8') : '');
  const probeDir = join(dir, 'probe');
  const files = existsSync(probeDir) ? readdirSync(probeDir).map((f) => text(join(probeDir, f))) : [];
  const processes = files.length > 0 ? parseProbe(files) : undefined;
  const runs = new Set(processes?.flatMap((p) => (p.run ? [p.run] : [])));
  const { spawnAt, exitAt } = record.dockbook;
  const reports: NotebookReport[] = [];
  const foreign: string[] = [];
  for (const file of record.notebooks) {
    const path = join(dir, 'reports', file.replace(/\.md$/, '.json'));
    if (!existsSync(path)) continue;
    const report = JSON.parse(readFileSync(path, 'utf8')) as NotebookReport;
    // This run's report: its kernel was one the probe saw in this run (without the probe: it was made during the run).
    const ours = processes
      ? runs.has(report.timings?.run ?? '')
      : Date.parse(report.startedAt) >= spawnAt && Date.parse(report.startedAt) <= exitAt;
    if (ours && report.timings) reports.push(report);
    else foreign.push(shortName(file));
  }
  return {
    ...record,
    dir,
    bareNotebooks: parseBareTimes(text(join(dir, 'bare.times'))),
    input: { spawnAt, exitAt, reports, processes },
    foreign,
  };
}

/** Runs a command in `cwd`, its output into `log`: its wall time, and the load before and after. */
async function run(cwd: string, command: string, words: string[], env: NodeJS.ProcessEnv, log: string): Promise<Timed> {
  const out = openSync(log, 'w');
  const loadStart = loadavg()[0]!;
  const spawnAt = Date.now();
  const t0 = performance.now();
  const child = spawn(command, words, { cwd, env: { ...process.env, ...env }, stdio: ['ignore', out, out] });
  current = child;
  const code = await new Promise<number>((resolveCode) => {
    child.on('error', () => resolveCode(127));
    child.on('exit', (exitCode, signal) => resolveCode(exitCode ?? (signal ? 128 : 1)));
  });
  const wallMs = performance.now() - t0;
  current = undefined;
  closeSync(out);
  return { code, wallMs, spawnAt, exitAt: spawnAt + wallMs, loadStart, loadEnd: loadavg()[0]! };
}

/** A copy of the package that runs the CLI and the bare script from its own folder (as bench/soak.ts makes). */
function packageCopy(dir: string): string {
  mkdirSync(dir, { recursive: true });
  for (const entry of ['bin', 'dist', 'kernel', 'notebooks', 'package.json', 'tsconfig.json']) {
    // verbatimSymlinks keeps notebooks/node_modules/dockbook -> ../.. pointing into the copy.
    cpSync(join(root, entry), join(dir, entry), {
      recursive: true,
      verbatimSymlinks: true,
      filter: (src) => !src.endsWith('.ipynb'),
    });
  }
  mkdirSync(join(dir, 'bench'));
  for (const file of ['bare-course.sh', 'course-probe.cjs'])
    cpSync(join(root, 'bench', file), join(dir, 'bench', file));
  symlinkSync(join(root, 'node_modules'), join(dir, 'node_modules'));
  return dir;
}

/** Prints a plan's pairs, their medians, and where dockbook's extra time went. */
function report(label: string, results: Pair[]): void {
  console.log(`\n== ${label} against the bare serial script: ${results.length} pair${results.length === 1 ? '' : 's'}`);
  if (results.length === 0) return;
  const rows = [['pair', 'first', 'bare s', 'load', 'dockbook s', 'load', 'ratio', 'cells passed/failed']];
  for (const p of results) {
    rows.push([
      String(p.index),
      p.bareFirst ? 'bare' : 'dockbook',
      seconds(p.bare.wallMs),
      `${p.bare.loadStart.toFixed(2)}→${p.bare.loadEnd.toFixed(2)}`,
      seconds(p.dockbook.wallMs),
      `${p.dockbook.loadStart.toFixed(2)}→${p.dockbook.loadEnd.toFixed(2)}`,
      `${(p.dockbook.wallMs / p.bare.wallMs).toFixed(2)}×`,
      `${passed(p.input.reports)}/${failed(p.input.reports)}` +
        (p.foreign.length ? ` (reports not this run's: ${p.foreign.join(' ')})` : ''),
    ]);
  }
  const bareMedian = median(results.map((p) => p.bare.wallMs))!;
  const dockbookMedian = median(results.map((p) => p.dockbook.wallMs))!;
  const ratio = median(results.map((p) => p.dockbook.wallMs / p.bare.wallMs))!;
  rows.push(['median', '', seconds(bareMedian), '', seconds(dockbookMedian), '', `${ratio.toFixed(2)}×`, '']);
  console.log(table(rows, [0, 1]));
  console.log(
    `ratio of the medians ${(dockbookMedian / bareMedian).toFixed(2)}×; goal: at or below 1.00× the bare serial ` +
      `script: ${ratio <= 1 ? 'met' : 'not met'} (median of the pairs' ratios ${ratio.toFixed(2)}×)`,
  );
  breakdown(results);
}

/** Where dockbook's extra time went: the median over the plan's dockbook runs of each figure, in seconds. */
function breakdown(results: Pair[]): void {
  const runs = results.map((p) => ({
    ...runFigures({ ...p.input, bare: p.bareNotebooks }),
    reports: p.input.reports,
  }));
  const m = (f: (r: RunFigures) => number | undefined) => median(runs.map(f));
  const bareWall = median(results.map((p) => p.bare.wallMs));
  console.log(`\nwhere dockbook's time goes (median of ${runs.length} run${runs.length === 1 ? '' : 's'}, seconds):`);
  const lines: string[][] = [
    ['wall time', seconds(m((r) => r.wallMs)), `bare ${seconds(bareWall)}`],
    [
      'process start: spawned → first kernel spawned',
      seconds(m((r) => r.processStartMs)),
      `Node.js up ${seconds(
        m((r) => r.nodeUpMs),
        2,
      )}; then the CLI, the stack checked, the run set up`,
    ],
    [
      'first kernel: spawned → ready',
      seconds(m((r) => r.firstKernelMs)),
      `tslab up ${seconds(m((r) => r.tslabUpMs))}; warm-up cell ${seconds(m((r) => r.warmUpMs))}, of which ` +
        `type-checking ${seconds(m((r) => r.warmUpTypeCheckMs))}`,
    ],
    ['(spawned → first kernel ready)', seconds(m((r) => r.toFirstReadyMs)), ''],
    [
      'notebooks: first kernel ready → last report',
      seconds(m((r) => r.notebooksSpanMs)),
      `in no notebook (waiting for a kernel, between notebooks) ${seconds(m((r) => r.betweenNotebooksMs))}`,
    ],
    ['last report → exit', seconds(m((r) => r.tailMs)), 'the summary, the engine reports'],
  ];
  console.log(table(lines, [0]));

  // Per notebook: the median of each figure over the runs.
  const names = [...new Set(runs.flatMap((r) => r.notebooks.map((n) => n.name)))];
  const of = (name: string, f: (n: NotebookFigures) => number | undefined) =>
    median(runs.map((r) => r.notebooks.find((n) => n.name === name)).map((n) => (n ? f(n) : undefined)));
  const count = (name: string, f: (n: NotebookFigures) => number | undefined) => {
    const value = of(name, f);
    return value === undefined ? 'n/a' : String(Math.round(value));
  };
  const cellsExtra = (n: NotebookFigures) => (n.bareCellsMs === undefined ? undefined : n.cellsMs - n.bareCellsMs);
  const rest = (n: NotebookFigures) => {
    const extra = cellsExtra(n);
    return extra === undefined || n.typeCheckMs === undefined ? undefined : extra - n.typeCheckMs - (n.readsMs ?? 0);
  };
  const columns: [string, (n: NotebookFigures) => number | undefined][] = [
    ['dockbook', (n) => n.windowMs],
    ['bare', (n) => n.bareMs],
    ['extra', (n) => (n.bareMs === undefined ? undefined : n.windowMs - n.bareMs)],
    ['= cells', cellsExtra],
    ['(type-check', (n) => n.typeCheckMs],
    ['reads', (n) => n.readsMs],
    ['rest)', rest],
    ['+ cleanup', (n) => n.cleanupMs],
    ['+ judging', (n) => n.betweenCellsMs],
    ['1st cell', (n) => n.firstCellMs],
    ['idle', (n) => n.idleMs],
  ];
  const rows = [[...['notebook'], ...columns.map(([title]) => title), 'reads', 'calls', 'cli', 'fetch']];
  for (const name of names) {
    rows.push([
      name,
      ...columns.map(([, f]) => seconds(of(name, f), 2)),
      count(name, (n) => n.reads),
      count(name, (n) => n.engineCalls),
      count(name, (n) => n.cliCalls),
      count(name, (n) => n.fetches),
    ]);
  }
  const total = (f: (n: NotebookFigures) => number | undefined) =>
    median(
      runs.map((r) => {
        const values = r.notebooks.map(f);
        return values.some((v) => v === undefined) ? undefined : values.reduce((a, b) => a! + b!, 0);
      }),
    );
  rows.push(['total', ...columns.map(([, f]) => seconds(total(f), 2)), '', '', '', '']);
  console.log(
    [
      "\nper notebook (s): its window (its kernel ready → its report) against the bare script's notebook;",
      "  extra = the cells beyond the bare script's (of which tslab's type-checking, engine reads, the rest)",
      "        + the runner's cleanup (the kernel's cleanup cell, its shutdown, the removal by label)",
      '        + judging (the runner between cells); 1st cell: its duration (goal: 0.3 s after the kernel is ready);',
      '  reads: engine reads from cells (inspect, list, version, ping, history): the verification calls, and the',
      "  library's own look-ups; calls: the other engine calls; cli: those the docker CLI made through the session's",
      '  proxy (cli()); fetch: HTTP from cells to published ports and to the registries; idle: cell time with no',
      "  engine call, type-check or fetch in flight (the cells' code and the library, the docker CLI starting, and",
      "  waits: the image gate's turns between sessions' builds, polling, timers).",
    ].join('\n'),
  );
  console.log(table(rows, [0]));
  if (runs.some((r) => r.notebooks.reduce((t, n) => t + n.windowMs, 0) > r.notebooksSpanMs + 1000))
    console.log(
      "(notebooks ran at once: their windows add up to more than the time they ran in, and each one's extra is " +
        "against the bare script's notebook alone)",
    );
  const all = (f: (n: NotebookFigures) => number | undefined) => seconds(total(f));
  const calls = (f: (n: NotebookFigures) => number | undefined) => {
    const n = total(f);
    return n === undefined ? 'n/a' : String(Math.round(n));
  };
  console.log('\nin all, over the notebooks (s):');
  console.log(
    table(
      [
        ['type-checking in cells', all((n) => n.typeCheckMs), ''],
        [
          "type-checking in the kernels' warm-ups",
          seconds(m((r) => r.warmUpsTypeCheckMs)),
          `waited for: the first kernel's ${seconds(m((r) => r.warmUpTypeCheckMs))}; the others start ahead`,
        ],
        ['engine reads from cells (verification)', all((n) => n.readsMs), `${calls((n) => n.reads)} calls`],
        [
          'other engine calls from cells',
          '',
          `${calls((n) => n.engineCalls)} calls, ${calls((n) => n.cliCalls)} by cli()`,
        ],
        [
          "first cells, beyond the bare script's",
          all((n) => (n.firstCellMs === undefined ? undefined : n.firstCellMs - (n.cells[0]?.bareMs ?? 0))),
          "each opens its session (09's builds too)",
        ],
        ["the runner's cleanup", all((n) => n.cleanupMs), 'kernel cleanup cell, shutdown, removal by label'],
        ['judging, between cells', all((n) => n.betweenCellsMs), ''],
        ['idle in cells', all((n) => n.idleMs), 'no engine call, type-check or fetch in flight'],
      ],
      [0, 2],
    ),
  );
  const cleanupRows = [['cleanup (s)', 'kernel cleanup cell', 'shutdown', 'removal by label']];
  for (const name of names)
    cleanupRows.push([
      name,
      seconds(
        of(name, (n) => n.cleanupKernelMs),
        2,
      ),
      seconds(
        of(name, (n) => n.shutdownMs),
        2,
      ),
      seconds(
        of(name, (n) => n.sweepMs),
        2,
      ),
    ]);
  console.log(`\n${table(cleanupRows, [0])}`);
  // The goal: each notebook's first cell at most 0.3 s after its kernel is ready, beyond the Docker work it does (09's
  // first cell builds its image, as the bare script's does).
  const firstExtra = (n: NotebookFigures) => (n.firstCellMs ?? 0) - (n.cells[0]?.bareMs ?? 0);
  const slowFirst = names.filter((name) => (of(name, firstExtra) ?? 0) > 300);
  const slowList = slowFirst.map((name) => `${name} ${seconds(of(name, firstExtra), 2)} s`).join(', ');
  console.log(
    `\nfirst cells more than 0.3 s beyond the bare script's (goal: none): ${slowFirst.length} of ${names.length}` +
      (slowFirst.length ? ` (${slowList})` : ''),
  );

  // The cells with the most extra time.
  const cells = new Map<string, { name: string; index: number; extra: number[]; ms: number[]; bare: number[] }>();
  const detail = new Map<string, { typeCheck: number[]; reads: number[]; readCount: number[]; idle: number[] }>();
  for (const r of runs)
    for (const n of r.notebooks)
      for (const c of n.cells) {
        if (c.bareMs === undefined) continue;
        const key = `${n.name}:${c.index}`;
        const entry = cells.get(key) ?? { name: n.name, index: c.index, extra: [], ms: [], bare: [] };
        entry.extra.push(c.ms - c.bareMs);
        entry.ms.push(c.ms);
        entry.bare.push(c.bareMs);
        cells.set(key, entry);
        const more = detail.get(key) ?? { typeCheck: [], reads: [], readCount: [], idle: [] };
        if (c.typeCheckMs !== undefined) more.typeCheck.push(c.typeCheckMs);
        if (c.idleMs !== undefined) more.idle.push(c.idleMs);
        if (c.readsMs !== undefined) more.reads.push(c.readsMs);
        if (c.reads !== undefined) more.readCount.push(c.reads);
        detail.set(key, more);
      }
  const top = [...cells.entries()]
    .map(([key, c]) => ({ key, ...c, median: median(c.extra)! }))
    .sort((a, b) => b.median - a.median)
    .slice(0, 12);
  const where = (name: string, index: number) => {
    const cell = runs[0]?.reports.find((r) => shortName(r.path) === name)?.cells.find((c) => c.index === index);
    return cell ? `${cell.location}${cell.concepts.length ? ` ${cell.concepts.join(',')}` : ''}` : '';
  };
  console.log("\ncells with the most extra time (median of dockbook's cell − the bare script's, s):");
  const topRows = [['cell', 'extra', 'dockbook', 'bare', 'type-check', 'reads (n)', 'idle', 'where']];
  for (const c of top) {
    const more = detail.get(c.key)!;
    topRows.push([
      `${c.name} cell ${c.index}`,
      seconds(c.median, 2),
      seconds(median(c.ms), 2),
      seconds(median(c.bare), 2),
      seconds(median(more.typeCheck), 2),
      `${seconds(median(more.reads), 2)} (${more.readCount.length ? Math.round(median(more.readCount)!) : 'n/a'})`,
      seconds(median(more.idle), 2),
      where(c.name, c.index),
    ]);
  }
  console.log(table(topRows, [0, 7]));
}

function passed(reports: NotebookReport[]): number {
  return reports.reduce((n, r) => n + r.passed, 0);
}
function failed(reports: NotebookReport[]): number {
  return reports.reduce((n, r) => n + r.failed, 0);
}

/** Rows as aligned columns: those in `left` padded on the right, the others on the left. */
function table(rows: string[][], left: number[]): string {
  const widths = rows[0]!.map((_, i) => Math.max(...rows.map((row) => (row[i] ?? '').length)));
  return rows
    .map((row) =>
      row
        .map((cell, i) => (left.includes(i) ? cell.padEnd(widths[i]!) : cell.padStart(widths[i]!)))
        .join('  ')
        .trimEnd(),
    )
    .join('\n');
}
