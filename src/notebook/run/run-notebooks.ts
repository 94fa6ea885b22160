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
import { abortSignal, arrayOf, boolean, func, nonEmptyString } from '../../validate/shape.ts';
import { checkArgs, signature } from '../../validate/signature.ts';

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
    onCellStart: func,
    onCell: func,
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
  /** Start the next notebook's kernel while the current one runs. Default true. */
  prestart?: boolean;
  /**
   * Told about each cell as it starts (before a skipped one is reported): `cell.index` of `notebook.cells.length`.
   * Not called for the cells of a notebook whose kernel did not start, nor of those the run never reached.
   */
  onCellStart?: (notebook: Notebook, cell: CodeCell) => void;
  /** Told about each cell as it finishes. */
  onCell?: (notebook: Notebook, cell: CellReport) => void;
  /**
   * A skipped cell (marked skip, or not run after a failure) fails the run too; it changes nothing that runs. Default
   * false.
   */
  strict?: boolean;
  /**
   * Stops the run (Ctrl-C): the running cell is interrupted, its notebook cleans up and
   * reports, and the notebooks after it are reported not run.
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

/**
 * The notebooks' reports, with why the run failed: a line per reason, none when it passed (see
 * runFailures); where the run was interrupted, if it was; and whether it stopped because the
 * engine stopped answering.
 */
export type RunReports = NotebookReport[] & {
  failures: string[];
  interrupted?: { location: string; cell: number };
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
 * Runs and verifies notebooks in order. The next notebook's kernel starts while the current
 * one runs, hiding kernel start-up. Stops at the first failed cell unless told to continue;
 * the cells it then never reaches, in that notebook and the later ones, are reported skipped
 * (not run), so every notebook has a report. Each report lists its skipped cells with where
 * and why (`skippedCells`), and `failures` says why the run failed (with `strict`, a skipped
 * cell fails it too).
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
    onCellStart = () => {},
    onCell = () => {},
    strict = false,
    signal,
    env,
  } = options;
  const notebooks = files.map((file) => readNotebook(file));
  const runId = options.runId ?? newSessionId();
  const reports: NotebookReport[] = [];
  const extra: Pick<RunReports, 'interrupted' | 'engineGone'> = {};
  let next: Promise<Kernel> | undefined;
  const kernelFor = (notebook: Notebook) =>
    startWarm(cwd, kernelEnv(notebook, runId, { env, endpoint: engine.endpoint }));
  for (const [i, notebook] of notebooks.entries()) {
    const kernel = next ?? kernelFor(notebook);
    next = prestart && notebooks[i + 1] ? kernelFor(notebooks[i + 1]!) : undefined;
    const run = await NotebookRun.start(notebook, { engine, runId, cwd, kernel }).catch(
      (error: unknown) => error as Error,
    );
    let report: NotebookReport;
    if (run instanceof Error) {
      report = kernelFailedReport(notebook, run, engine);
    } else {
      try {
        for (const cell of notebook.cells) {
          onCellStart(notebook, cell);
          onCell(
            notebook,
            await run.runCell(cell, { stopOnFailure: !continueOnFailure, ...(signal ? { signal } : {}) }),
          );
        }
      } finally {
        report = await run.finish();
      }
    }
    reports.push(report);
    if (update) writeUpdated(notebook, report);
    if (reportsDir) writeReport(reportsDir, report);
    const interrupted =
      report.cells.find((c) => c.reason === 'interrupted') ??
      (signal?.aborted ? report.cells.find((c) => c.message === 'the run was interrupted') : undefined);
    if (interrupted) extra.interrupted = { location: interrupted.location, cell: interrupted.index };
    if (report.failed > 0 && !signal?.aborted) extra.engineGone ??= await engineGone(engine);
    const stop = signal?.aborted
      ? 'the run was interrupted'
      : extra.engineGone
        ? `the engine stopped answering (${extra.engineGone})`
        : report.failed > 0 && !continueOnFailure
          ? `an earlier notebook failed, at ${report.cells.find((c) => c.status === 'failed')!.location}`
          : undefined;
    if (stop) {
      for (const unrun of notebooks.slice(i + 1)) {
        reports.push(unrunReport(unrun, stop, engine));
        if (reportsDir) writeReport(reportsDir, reports.at(-1)!);
      }
      break;
    }
  }
  if (next)
    await next.then(
      (kernel) => kernel.shutdown(),
      () => undefined,
    );
  for (const report of reports) report.skippedCells = skippedCells(report);
  return Object.assign(reports, { failures: runFailures(reports, { strict }) }, extra);
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
