import { mkdirSync, writeFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { packageRoot } from '../../paths.ts';
import type { Engine } from '../../core/connect.ts';
import { raceAbort } from '../../core/call.ts';
import { newSessionId } from '../../core/context-factory.ts';
import { readNotebook } from '../format/parse.ts';
import { OUTPUT_ENGINES, type CodeCell, type Notebook } from '../format/types.ts';
import { updateOutputs } from '../format/update.ts';
import { startKernel, type Kernel } from '../kernel/kernel.ts';
import { kernelEnv, NotebookRun } from './notebook-run.ts';
import { engineFields, runFailures, skippedCells, tally, type CellReport, type NotebookReport } from './report.ts';
import { engine as engineShape, environment } from '../../validate/common.ts';
import { abortSignal, arrayOf, boolean, func, nonEmptyString, shape } from '../../validate/shape.ts';
import { checkArgs, signature } from '../../validate/signature.ts';

/** A whole number of 1 or more: how many notebooks run at once. */
const positiveCount = shape(
  'a whole number ≥ 1 (how many notebooks run at once)',
  (v) => typeof v === 'number' && Number.isSafeInteger(v) && v >= 1,
);

/**
 * What runNotebooks() takes (options with an engine), checked at its entry: before any notebook is read or kernel
 * started.
 */
export const RUN_NOTEBOOKS_SIGNATURE = signature({
  operation: 'runNotebooks',
  ctx: false,
  params: [
    {
      name: 'files',
      shape: arrayOf(nonEmptyString, 'an array of notebook paths ["notebooks/01-images.md"]'),
      example: [],
    },
  ],
  options: {
    engine: engineShape,
    continueOnFailure: boolean,
    update: boolean,
    reportsDir: nonEmptyString,
    cwd: nonEmptyString,
    prestart: boolean,
    jobs: positiveCount,
    onCellStart: func,
    onCell: func,
    onNotebook: func,
    strict: boolean,
    signal: abortSignal,
    runId: nonEmptyString,
    env: environment,
  },
  requiredOptions: ['engine'],
  command: 'dockbook run [FILES...]',
});

export interface RunNotebooksOptions {
  engine: Engine;
  /** Keep going after a failed cell (the rest of its notebook, and later notebooks). Default false. */
  continueOnFailure?: boolean;
  /** Rewrite each notebook's expected-output blocks with what the engine printed. Default false. */
  update?: boolean;
  /** Where each notebook's report is written as JSON (the guide reads them). */
  reportsDir?: string;
  /** The folder kernels run in, where cells' `dockbook` imports and relative paths resolve. Default `notebooks/`. */
  cwd?: string;
  /**
   * Start the next notebook's kernel (warmed with WARM_UP) while notebooks run, once a running notebook's kernel is
   * ready: at most one waits ahead. Default true.
   */
  prestart?: boolean;
  /**
   * How many notebooks run at once, each in its own kernel with its own sessions. Default 1: one after another, as
   * the callbacks then see them; `dockbook run` passes `-j`, by default defaultJobs() (one per core, as memory
   * allows). With more, the callbacks of different notebooks interleave (each notebook's own stay in order), and the
   * reports are still in the order of `files`.
   */
  jobs?: number;
  /**
   * Told about each cell as it starts (before a skipped one is reported): `cell.index` of `notebook.cells.length`.
   * Not called for the cells of a notebook whose kernel did not start, nor of those the run never reached.
   */
  onCellStart?: (notebook: Notebook, cell: CodeCell) => void;
  /** Told about each cell as it finishes. */
  onCell?: (notebook: Notebook, cell: CellReport) => void;
  /**
   * Told about each notebook's report once it is made (its cells cleaned up and its report written), in the order
   * notebooks finish; those the run never reached, at the end, in course order.
   */
  onNotebook?: (notebook: Notebook, report: NotebookReport) => void;
  /**
   * A skipped cell (marked skip, or not run after a failure) fails the run too; it changes nothing that runs. Default
   * false.
   */
  strict?: boolean;
  /**
   * Stops the run (Ctrl-C): the running cell of every running notebook is interrupted, each of them cleans up and
   * reports, and the notebooks not started are reported not run.
   */
  signal?: AbortSignal;
  /**
   * The run's ID in its labels (`dockbook.run=<runId>:<notebook>`), for a caller that wants to
   * find what this run made among other runs on the engine (a CI job, a test). It must be new for
   * each run: the sessions' IDs derive from it and the notebook. Default: a new one.
   */
  runId?: string;
  /**
   * The environment every kernel starts with, then pointed at `engine` (its DOCKER_HOST and TLS folder, or its
   * context: see kernelEnv), so the cells' sessions use the engine the run cleans up. Default process.env.
   */
  env?: NodeJS.ProcessEnv;
}

/** Where a notebook was interrupted: the cell running (or next to run) when the run was stopped. */
export interface Interruption {
  location: string;
  cell: number;
}

/**
 * The notebooks' reports, in the order of the files given, with why the run failed: a line per reason, none when it
 * passed (see runFailures); where the run was interrupted, if it was (`interruptions`: in each notebook that was
 * running, in course order; `interrupted`: the first of them); and whether it stopped because the engine stopped
 * answering.
 */
export type RunReports = NotebookReport[] & {
  failures: string[];
  interrupted?: Interruption;
  interruptions?: Interruption[];
  engineGone?: string;
};

/**
 * What a kernel runs before the notebook's first cell: dockbook's module and its declarations
 * loaded, so that cell's `import … from 'dockbook'` costs what any cell costs. The next
 * notebook's kernel does this while the current notebook runs. It defines nothing, prints
 * nothing, and a failure is left for the first cell to meet and report.
 */
export const WARM_UP = "void (await import('dockbook'));";

/** A kernel started in `cwd` with `env`, that has run WARM_UP. */
function startWarm(cwd: string, env: NodeJS.ProcessEnv): Promise<Kernel> {
  const started = startKernel(cwd, { env }).then(async (kernel) => {
    await kernel.execute(WARM_UP, { timeoutMs: 60_000 });
    return kernel;
  });
  // A prestarted kernel that is never used must not be an unhandled failure.
  started.catch(() => undefined);
  return started;
}

/**
 * Runs and verifies notebooks, `jobs` at a time, each in a kernel of its own; the reports are in the order of `files`
 * (course order) whatever order the notebooks finish in. A kernel is started ahead for the next notebook once a
 * running notebook's kernel is ready, hiding kernel start-up. Stops at the first failed cell unless told to
 * continue: the rest of that notebook is skipped, notebooks already running finish (they are independent: their
 * verdicts stand), and the notebooks not started are reported skipped (not run), so every notebook has a report. An
 * interrupt (`signal`) interrupts every running notebook's cell; each cleans up. Each report lists its skipped cells
 * with where and why (`skippedCells`), and `failures` says why the run failed (with `strict`, a skipped cell fails
 * it too).
 *
 * @example
 * const reports = await runNotebooks(['notebooks/01-images.md'], { engine, strict: true });
 * reports[0].failed; // 0
 * reports.failures; // [] when every cell ran and passed
 */
export async function runNotebooks(files: string[], options: RunNotebooksOptions): Promise<RunReports> {
  checkArgs(RUN_NOTEBOOKS_SIGNATURE, arguments);
  const {
    engine,
    continueOnFailure = false,
    update = false,
    reportsDir,
    cwd = join(packageRoot, 'notebooks'),
    prestart = true,
    jobs = 1,
    onCellStart = () => {},
    onCell = () => {},
    onNotebook = () => {},
    strict = false,
    signal,
    env,
  } = options;
  const notebooks = files.map((file) => readNotebook(file));
  const runId = options.runId ?? newSessionId();
  const reports: Array<NotebookReport | undefined> = notebooks.map(() => undefined);
  const interruptions: Array<Interruption | undefined> = [];
  let engineGoneWhy: string | undefined;
  /** Why the notebooks not started yet will not be (`failed`: a notebook failed and the run stops at failures). */
  const stopped = (): 'interrupted' | 'engine' | 'failed' | undefined =>
    signal?.aborted
      ? 'interrupted'
      : engineGoneWhy
        ? 'engine'
        : !continueOnFailure && reports.some((report) => report && report.failed > 0)
          ? 'failed'
          : undefined;
  /** The kernel started ahead, for notebook `next`: at most one waits at a time. */
  const ahead = new Map<number, Promise<Kernel>>();
  let next = 0;
  const kernelFor = (i: number) => startWarm(cwd, kernelEnv(notebooks[i]!, runId, { env, endpoint: engine.endpoint }));
  const startAhead = () => {
    if (prestart && next < notebooks.length && !ahead.has(next) && !stopped()) ahead.set(next, kernelFor(next));
  };
  const shutdownAhead = async () => {
    const waiting = [...ahead.values()];
    ahead.clear();
    for (const kernel of waiting)
      await kernel.then(
        (started) => started.shutdown(),
        () => undefined,
      );
  };
  const runOne = async (notebook: Notebook, kernel: Promise<Kernel>): Promise<NotebookReport> => {
    const run = await NotebookRun.start(notebook, { engine, runId, cwd, kernel }).catch(
      (error: unknown) => error as Error,
    );
    if (run instanceof Error) return kernelFailedReport(notebook, run, engine);
    try {
      for (const cell of notebook.cells) {
        onCellStart(notebook, cell);
        onCell(notebook, await run.runCell(cell, { stopOnFailure: !continueOnFailure, ...(signal ? { signal } : {}) }));
      }
    } finally {
      // Cleans up whatever ended the cells (an error thrown here is the run's, after the other notebooks end).
      await run.finish();
    }
    return run.finish();
  };
  let broken = false;
  const worker = async () => {
    while (next < notebooks.length && !stopped() && !broken) {
      const i = next++;
      const notebook = notebooks[i]!;
      const kernel = ahead.get(i) ?? kernelFor(i);
      ahead.delete(i);
      // The next kernel starts once this one is ready: kernels starting together slow each other down.
      void kernel.then(startAhead, startAhead);
      const report = await runOne(notebook, kernel).catch((error: unknown) => {
        broken = true;
        throw error;
      });
      reports[i] = report;
      if (update) writeUpdated(notebook, report);
      if (reportsDir) writeReport(reportsDir, report);
      const interrupted =
        report.cells.find((c) => c.reason === 'interrupted') ??
        (signal?.aborted ? report.cells.find((c) => c.message === 'the run was interrupted') : undefined);
      if (interrupted) interruptions[i] = { location: interrupted.location, cell: interrupted.index };
      if (report.failed > 0 && !signal?.aborted) engineGoneWhy ??= await engineGone(engine);
      onNotebook(notebook, report);
    }
    // No notebook will take the kernel started ahead: it ends now, not when the last running notebook does.
    await shutdownAhead();
  };
  const workers = Array.from({ length: Math.max(1, Math.min(jobs, notebooks.length)) }, worker);
  const ended = await Promise.allSettled(workers);
  const why = stopWords(stopped(), reports, engineGoneWhy);
  for (const [i, notebook] of notebooks.entries()) {
    if (reports[i]) continue;
    const report = unrunReport(notebook, why, engine);
    reports[i] = report;
    if (reportsDir) writeReport(reportsDir, report);
    onNotebook(notebook, report);
  }
  await shutdownAhead();
  const failure = ended.find((result) => result.status === 'rejected');
  if (failure) throw failure.reason;
  const done = reports as NotebookReport[];
  for (const report of done) report.skippedCells = skippedCells(report);
  const where = interruptions.filter((at) => at !== undefined);
  return Object.assign(
    done,
    { failures: runFailures(done, { strict }) },
    where.length > 0 ? { interrupted: where[0], interruptions: where } : {},
    engineGoneWhy ? { engineGone: engineGoneWhy } : {},
  );
}

/**
 * Why the notebooks a run did not start were not, in the words of their skipped cells: an interrupt, the engine gone
 * (`gone`: why it does not answer), or the first failed cell in course order (every notebook not started comes after
 * it: they start in course order).
 */
function stopWords(
  why: 'interrupted' | 'engine' | 'failed' | undefined,
  reports: Array<NotebookReport | undefined>,
  gone: string | undefined,
): string {
  if (why === 'interrupted') return 'the run was interrupted';
  if (why === 'engine') return `the engine stopped answering (${gone})`;
  const failed = reports.flatMap((report) => report?.cells ?? []).find((c) => c.status === 'failed');
  return `an earlier notebook failed, at ${failed?.location}`;
}

/** Why the engine does not answer a ping within 5 s, or undefined when it does. */
async function engineGone(engine: Engine): Promise<string | undefined> {
  return raceAbort(engine.docker.ping(), AbortSignal.timeout(5000)).then(
    () => undefined,
    (error: unknown) => (error instanceof Error ? error.message.split('\n')[0] : String(error)),
  );
}

/** The report of a notebook whose kernel did not start: its first cell failed with why, the rest not run. */
function kernelFailedReport(notebook: Notebook, error: Error, engine: Engine): NotebookReport {
  const report = unrunReport(notebook, 'its kernel did not start', engine);
  const first = report.cells[0];
  if (first)
    Object.assign(first, {
      status: 'failed',
      reason: 'dead',
      message: `the notebook's kernel did not start: ${error.message}`,
    });
  return { ...report, ...tally(report.cells) };
}

/** Writes a notebook's report, with its skipped cells listed, as `<reportsDir>/<name>.json`. */
function writeReport(reportsDir: string, report: NotebookReport): void {
  mkdirSync(reportsDir, { recursive: true });
  const json = { ...report, skippedCells: skippedCells(report) };
  writeFileSync(join(reportsDir, `${basename(report.path, '.md')}.json`), `${JSON.stringify(json, null, 2)}\n`);
}

/**
 * The report of a notebook the run never reached (`why`: an earlier failure, an interrupt, the engine gone): every cell
 * skipped.
 */
/** A report of a notebook none of whose cells ran, on `engine` (its version, kind and reach, as a run's). */
function unrunReport(notebook: Notebook, message: string, engine: Engine): NotebookReport {
  const cells: CellReport[] = notebook.cells.map((cell) => ({
    index: cell.index,
    location: `${notebook.path}:${cell.line}`,
    concepts: cell.options.concepts,
    status: 'skipped',
    reason: 'earlier-failure',
    message,
    actual: '',
    outputs: [],
    durationMs: 0,
  }));
  return {
    path: notebook.path,
    title: notebook.meta.title,
    cells,
    ...tally(cells),
    durationMs: 0,
    engineVersion: engine.engineVersion,
    ...engineFields(engine),
    startedAt: new Date().toISOString(),
  };
}

/** Writes the engine's output into the expected blocks that no longer match, and adds the missing ones. */
function writeUpdated(notebook: Notebook, report: NotebookReport): void {
  const outputs = new Map<number, string>();
  for (const cell of report.cells) {
    // A block that still matches stays as written (with its typed placeholders and `...`).
    if (cell.reason === 'output' || cell.reason === 'no-output-block') outputs.set(cell.index, cell.actual);
  }
  const engine = OUTPUT_ENGINES.find((kind) => kind === report.engineKind);
  const updated = updateOutputs(notebook, outputs, engine);
  if (updated !== notebook.source) writeFileSync(notebook.path, updated);
}
