// The figures bench/course.ts prints, from what a run left: bench/bare-course.sh's cell marks (BARE_TIMES), the
// reports of `dockbook run` (reports/notebooks/*.json, with their timings), and what bench/course-probe.cjs recorded
// in the runner and the kernels. Pure functions, unit-tested (test/bench/course-breakdown.test.ts).
import { basename } from 'node:path';
import type { NotebookReport } from '../src/notebook/run/report.ts';

/** One notebook of the bare script: when it started and ended (epoch ms), and each cell's milliseconds. */
export interface BareNotebook {
  startedAt: number;
  endedAt: number;
  cells: Map<number, number>;
}

/**
 * bench/bare-course.sh's BARE_TIMES lines (`<epoch seconds> <notebook> <cell index | end>`), by notebook (`01`): a
 * cell lasts until the next mark of its notebook.
 *
 * @example
 * parseBareTimes('100.0 01 1\n100.5 01 2\n103.0 01 end\n').get('01'); // { startedAt: 100000, endedAt: 103000,
 * // cells: Map { 1 => 500, 2 => 2500 } }
 */
export function parseBareTimes(text: string): Map<string, BareNotebook> {
  const marks = new Map<string, { at: number; what: string }[]>();
  for (const line of text.split('\n')) {
    const [at, notebook, what] = line.trim().split(/\s+/);
    if (!at || !notebook || !what || !Number.isFinite(Number(at))) continue;
    marks.set(notebook, [...(marks.get(notebook) ?? []), { at: Number(at) * 1000, what }]);
  }
  const notebooks = new Map<string, BareNotebook>();
  for (const [notebook, list] of marks) {
    list.sort((a, b) => a.at - b.at);
    const end = list.find((mark) => mark.what === 'end');
    if (!end) continue;
    const cells = new Map<number, number>();
    for (const [i, mark] of list.entries()) {
      const next = list[i + 1];
      if (mark.what !== 'end' && next) cells.set(Number(mark.what), next.at - mark.at);
    }
    notebooks.set(notebook, { startedAt: list[0]!.at, endedAt: end.at, cells });
  }
  return notebooks;
}

/** One line of bench/course-probe.cjs. */
export type ProbeRecord =
  | { t: 'process'; role: 'runner' | 'kernel'; pid: number; origin: number; notebook?: string; run?: string }
  | { t: 'http'; method: string; path: string; socket: string; via?: 'cli'; start: number; end: number }
  | { t: 'fetch'; method: string; origin: string; path: string; start: number; end: number }
  | { t: 'converter' | 'convert'; start: number; end: number };

/** A process the probe saw, with what it recorded. */
export interface ProbeProcess {
  role: 'runner' | 'kernel';
  pid: number;
  /** When Node.js started it (epoch ms). */
  origin: number;
  notebook?: string;
  run?: string;
  records: Exclude<ProbeRecord, { t: 'process' }>[];
}

/** The probe's files (one per process, JSON lines), as processes; a line that does not parse is left out. */
export function parseProbe(files: string[]): ProbeProcess[] {
  const processes: ProbeProcess[] = [];
  for (const text of files) {
    const records = text.split('\n').flatMap((line) => {
      try {
        return line.trim() ? [JSON.parse(line) as ProbeRecord] : [];
      } catch {
        return [];
      }
    });
    const head = records.find((r): r is Extract<ProbeRecord, { t: 'process' }> => r.t === 'process');
    if (!head) continue;
    processes.push({
      role: head.role,
      pid: head.pid,
      origin: head.origin,
      ...(head.notebook ? { notebook: head.notebook } : {}),
      ...(head.run ? { run: head.run } : {}),
      records: records.filter((r): r is Exclude<ProbeRecord, { t: 'process' }> => r.t !== 'process'),
    });
  }
  return processes;
}

/**
 * Whether an engine request only reads: a GET of an inspect, a listing, the version, a ping, info, history (the
 * verification calls, and the library's own look-ups); not logs, attach, wait, events, stats, or an archive (cp).
 */
export function isEngineRead(method: string, path: string): boolean {
  if (method !== 'GET') return false;
  return !/\/(logs|attach|wait|events|stats|archive|export|get|top)(\?|$)/.test(path.split('#')[0]!);
}

/** The milliseconds the intervals cover, overlaps counted once. */
export function coveredMs(intervals: { start: number; end: number }[]): number {
  const sorted = intervals.filter((i) => i.end >= i.start).sort((a, b) => a.start - b.start);
  let total = 0;
  let from = -Infinity;
  let to = -Infinity;
  for (const { start, end } of sorted) {
    if (start > to) {
      if (to > from) total += to - from;
      [from, to] = [start, end];
    } else to = Math.max(to, end);
  }
  if (to > from) total += to - from;
  return total;
}

/** The median of numbers (the mean of the middle two for an even count); undefined for none. */
export function median(values: (number | undefined)[]): number | undefined {
  const sorted = values.filter((v): v is number => v !== undefined && Number.isFinite(v)).sort((a, b) => a - b);
  if (sorted.length === 0) return undefined;
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

/** A notebook's short name, as the bare script marks it: `01` for notebooks/01-images-and-containers.md. */
export const shortName = (path: string) => basename(path).slice(0, 2);

/** One cell of a dockbook run, beside the bare script's. */
export interface CellFigures {
  index: number;
  ms: number;
  bareMs?: number;
  typeCheckMs?: number;
  readsMs?: number;
  reads?: number;
  idleMs?: number;
}

/** Where one notebook's time went in a dockbook run (ms), beside the bare script's notebook. */
export interface NotebookFigures {
  name: string;
  path: string;
  /** Its kernel ready until its report was made. */
  windowMs: number;
  bareMs?: number;
  /** The cells, as the runner timed each from sending it to its result. */
  cellsMs: number;
  bareCellsMs?: number;
  firstCellMs?: number;
  /** tslab's type-check and compile of its cells (convert()), with the probe. */
  typeCheckMs?: number;
  /** Engine reads from its cells (inspect, list, version, …): time covered, and how many. */
  readsMs?: number;
  reads?: number;
  /** Other engine calls from its cells, and those of them the docker CLI made (cli()). */
  engineCalls?: number;
  cliCalls?: number;
  /** HTTP from its cells with fetch (http() to a published port, the registry API): time covered, and how many. */
  fetchMs?: number;
  fetches?: number;
  /**
   * Its cells' time with no engine call, type-check or fetch in flight: the kernel's own work (the cell's code, the
   * library, the docker CLI starting), and its waits (the image gate's turns, polling, timers).
   */
  idleMs?: number;
  /** NotebookRun.finish: the kernel's cleanup cell, the kernel's shutdown, the removal by label. */
  cleanupMs: number;
  cleanupKernelMs: number;
  shutdownMs: number;
  sweepMs: number;
  /** The rest of its window: the runner between cells (judging a cell, starting the next). */
  betweenCellsMs: number;
  cells: CellFigures[];
}

/** Where a dockbook run's time went (ms); the figures that need the probe are undefined without it. */
export interface RunFigures {
  wallMs: number;
  /** Spawned until the first kernel was spawned: Node.js and the CLI up, the stack checked (bringUp). */
  processStartMs?: number;
  /** Spawned until the runner's Node.js started its code. */
  nodeUpMs?: number;
  /** The first kernel, spawned until ready: tslab up, then the warm-up cell (import dockbook, type-checked). */
  firstKernelMs?: number;
  tslabUpMs?: number;
  warmUpMs?: number;
  warmUpTypeCheckMs?: number;
  /** Every kernel's warm-up cell type-checked (the first's above; the others' hidden when a kernel starts ahead). */
  warmUpsTypeCheckMs?: number;
  /** Spawned until the first notebook's kernel was ready (process start and first kernel, without the probe). */
  toFirstReadyMs: number;
  /** The first kernel ready until the last report: the notebooks, and the time between them. */
  notebooksSpanMs: number;
  /** The time in that span in no notebook's window (waiting for a kernel, between notebooks). */
  betweenNotebooksMs: number;
  /** The last report until the process ended (the summary, the engine reports, the kernel started ahead). */
  tailMs: number;
  notebooks: NotebookFigures[];
  passed: number;
  failed: number;
  skipped: number;
}

/** What a dockbook run left, to be read into RunFigures. */
export interface RunInput {
  spawnAt: number;
  exitAt: number;
  /** Its notebooks' reports, in course order, each with its timings. */
  reports: NotebookReport[];
  /** What the probe recorded, when it was on. */
  processes?: ProbeProcess[];
  /** The bare script's notebooks of the same pair, to set beside. */
  bare?: Map<string, BareNotebook>;
}

const sum = (values: number[]) => values.reduce((a, b) => a + b, 0);
const within = (r: { start: number }, from: number, to: number) => r.start >= from && r.start < to;

/** Where the time of one dockbook run went; its reports must carry timings (a runner built with them). */
export function runFigures({ spawnAt, exitAt, reports, processes, bare }: RunInput): RunFigures {
  const timed = reports.filter((r) => r.timings);
  const kernels = new Map((processes ?? []).filter((p) => p.role === 'kernel' && p.run).map((p) => [p.run!, p]));
  const notebooks = timed.map((report) => notebookFigures(report, kernels.get(report.timings!.run), bare));
  // The first notebook to start (with -j, not always the first in course order), and its kernel.
  const first = timed.map((r) => r.timings!).sort((a, b) => a.kernelReadyAt - b.kernelReadyAt)[0];
  const lastEnd = Math.max(...timed.map((r) => r.timings!.cleanup.endedAt));
  const firstReady = first?.kernelReadyAt ?? spawnAt;
  const span = timed.length ? lastEnd - firstReady : 0;
  const figures: RunFigures = {
    wallMs: exitAt - spawnAt,
    toFirstReadyMs: firstReady - spawnAt,
    notebooksSpanMs: span,
    betweenNotebooksMs:
      span - coveredMs(timed.map((r) => ({ start: r.timings!.kernelReadyAt, end: r.timings!.cleanup.endedAt }))),
    tailMs: timed.length ? exitAt - lastEnd : exitAt - spawnAt,
    notebooks,
    passed: sum(reports.map((r) => r.passed)),
    failed: sum(reports.map((r) => r.failed)),
    skipped: sum(reports.map((r) => r.skipped)),
  };
  const runner = processes?.find((p) => p.role === 'runner');
  const firstKernel = first ? kernels.get(first.run) : undefined;
  const firstKernelReady = first?.kernelReadyAt;
  if (runner) figures.nodeUpMs = runner.origin - spawnAt;
  if (kernels.size > 0)
    figures.warmUpsTypeCheckMs = sum(
      [...kernels.values()].map((k) => {
        const warmUp = k.records.find((r) => r.t === 'convert');
        return warmUp ? warmUp.end - warmUp.start : 0;
      }),
    );
  if (firstKernel && firstKernelReady !== undefined) {
    figures.processStartMs = firstKernel.origin - spawnAt;
    figures.firstKernelMs = firstKernelReady - firstKernel.origin;
    const warmUp = firstKernel.records.find((r) => r.t === 'convert');
    if (warmUp) {
      figures.tslabUpMs = warmUp.start - firstKernel.origin;
      figures.warmUpMs = firstKernelReady - warmUp.start;
      figures.warmUpTypeCheckMs = warmUp.end - warmUp.start;
    }
  }
  return figures;
}

function notebookFigures(
  report: NotebookReport,
  kernel: ProbeProcess | undefined,
  bare: Map<string, BareNotebook> | undefined,
): NotebookFigures {
  const timings = report.timings!;
  const name = shortName(report.path);
  const bareNotebook = bare?.get(name);
  const cellsMs = sum(timings.cells.map((c) => c.endedAt - c.startedAt));
  const { cleanup } = timings;
  const windowMs = cleanup.endedAt - timings.kernelReadyAt;
  const records = kernel?.records ?? [];
  const inCells = (from: number, to: number) => records.filter((r) => within(r, from, to));
  const cells: CellFigures[] = timings.cells.map((c) => {
    const mine = inCells(c.startedAt, c.endedAt);
    const reads = mine.filter((r) => r.t === 'http' && isEngineRead(r.method, r.path));
    const cell: CellFigures = { index: c.index, ms: c.endedAt - c.startedAt };
    const bareMs = bareNotebook?.cells.get(c.index);
    if (bareMs !== undefined) cell.bareMs = bareMs;
    if (kernel) {
      cell.typeCheckMs = sum(mine.filter((r) => r.t === 'convert').map((r) => r.end - r.start));
      cell.readsMs = coveredMs(reads);
      cell.reads = reads.length;
      const clipped = mine.map((r) => ({ start: r.start, end: Math.min(r.end, c.endedAt) }));
      cell.idleMs = cell.ms - coveredMs(clipped);
    }
    return cell;
  });
  const figures: NotebookFigures = {
    name,
    path: report.path,
    windowMs,
    cellsMs,
    cleanupMs: cleanup.endedAt - cleanup.startedAt,
    cleanupKernelMs: cleanup.kernelCleanedAt - cleanup.startedAt,
    shutdownMs: cleanup.kernelShutDownAt - cleanup.kernelCleanedAt,
    sweepMs: cleanup.endedAt - cleanup.kernelShutDownAt,
    betweenCellsMs: windowMs - cellsMs - (cleanup.endedAt - cleanup.startedAt),
    cells,
  };
  if (cells[0]) figures.firstCellMs = cells[0].ms;
  if (bareNotebook) {
    figures.bareMs = bareNotebook.endedAt - bareNotebook.startedAt;
    figures.bareCellsMs = sum([...bareNotebook.cells.values()]);
  }
  if (kernel) {
    const mine = timings.cells.flatMap((c) => inCells(c.startedAt, c.endedAt));
    const http = mine.filter((r) => r.t === 'http');
    const reads = http.filter((r) => isEngineRead(r.method, r.path));
    const fetches = mine.filter((r) => r.t === 'fetch');
    figures.typeCheckMs = sum(cells.map((c) => c.typeCheckMs ?? 0));
    figures.readsMs = sum(cells.map((c) => c.readsMs ?? 0));
    figures.reads = reads.length;
    figures.engineCalls = http.length - reads.length;
    figures.cliCalls = http.filter((r) => r.via === 'cli').length;
    figures.fetchMs = coveredMs(fetches);
    figures.fetches = fetches.length;
    figures.idleMs = sum(cells.map((c) => c.idleMs ?? 0));
  }
  return figures;
}
