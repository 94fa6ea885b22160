import { createHash, randomBytes } from 'node:crypto';
import { basename } from 'node:path';
import { seededSessionIds } from '../../core/context-factory.ts';
import type { Engine } from '../../core/connect.ts';
import { endpointEnv, type Endpoint } from '../../core/endpoint.ts';
import { removeLabelled } from '../../session/cleanup.ts';
import { LABEL_RUN } from '../../core/labels.ts';
import type { CodeCell, Notebook } from '../format/types.ts';
import { startKernel, type Kernel } from '../kernel/kernel.ts';
import type { CellResult } from '../kernel/types.ts';
import { judgeCell, type CellRun, type JudgeContext } from './judge.ts';
import { chargeLateErrors } from './late-errors.ts';
import { engineFields, tally, type CellReport, type NotebookReport, type NotebookTimings } from './report.ts';

/**
 * Runs in the kernel at the end, pass or fail: the timers the cells left get up to 2 s to run
 * (and fail, while the client listens: see kernel/cell-errors.cjs), then every session the
 * cells opened cleans up.
 */
export const CLEANUP_CELL =
  "await Reflect.get(globalThis, Symbol.for('dockbook.settle'))?.(2000); await require('dockbook').cleanupAll();";
const DEFAULT_TIMEOUT_S = 120;

export interface NotebookRunOptions {
  engine: Engine;
  /** This run's id; the notebook's resources carry `dockbook.run=<runId>:<notebook>`. */
  runId: string;
  /** A kernel already starting (to hide start-up), else one is started in `cwd`. */
  kernel?: Promise<Kernel>;
  /** The folder the kernel runs in, where `dockbook` resolves. */
  cwd: string;
  /** The environment the kernel starts with (then pointed at `engine`, see kernelEnv). Default process.env. */
  env?: NodeJS.ProcessEnv;
}

/** Random per runner process, so two processes running one notebook under one run id never share session ids. */
const SEED_SALT = randomBytes(8).toString('hex');

/**
 * The environment a notebook's kernel gets: `env` (default process.env), the engine's endpoint
 * when given (endpointEnv: the cells' sessions connect to the engine the runner cleans up, over
 * TCP and TLS too), its run label, its name for the session, and the seed its sessions' ids
 * derive from (so the verdict knows this run's own ids: see seededSessionIds). The same notebook
 * and run id give the same seed within a process.
 */
export function kernelEnv(
  notebook: Notebook,
  runId: string,
  { env = process.env, endpoint }: { env?: NodeJS.ProcessEnv; endpoint?: Endpoint } = {},
): NodeJS.ProcessEnv {
  const run = `${runId}:${basename(notebook.path, '.md')}`;
  const seed = createHash('sha256').update(`${SEED_SALT}:${run}`).digest('hex').slice(0, 16);
  return {
    ...env,
    ...(endpoint ? endpointEnv(endpoint) : {}),
    DOCKBOOK_RUN: run,
    DOCKBOOK_NOTEBOOK: basename(notebook.path, '.md'),
    DOCKBOOK_SESSION_SEED: seed,
  };
}

/** A kernel's result as the judge takes it (late errors are charged separately). */
export function cellRun(result: CellResult): CellRun {
  const run: CellRun = {
    status: result.status,
    outputs: result.outputs,
    executionCount: result.executionCount,
    durationMs: result.durationMs,
    lateErrors: [],
  };
  if (result.status === 'ok') return run;
  const { error } = result;
  if (!('ename' in error)) return { ...run, errorText: error.message };
  return {
    ...run,
    // The error as the cell printed it (its first line names it), else its name and value.
    errorText: (error.traceback.length > 0 ? error.traceback : [error.ename, error.evalue]).join('\n'),
    ...(error.thrown ? { thrown: error.thrown } : {}),
  };
}

/**
 * One notebook being run and verified, a cell at a time, in its own tslab kernel, each cell
 * judged by judgeCell. An error nothing caught fails the cell whose work it came from, even
 * when that cell's report was made already (the report is updated in place). `finish()`
 * always cleans up: inside the kernel (after the cells' timers had their chance to fail),
 * then by label from outside (in case the kernel died).
 */
export class NotebookRun {
  readonly reports: CellReport[] = [];
  readonly #startedAt = new Date();
  readonly #t0 = performance.now();
  /** When each cell the kernel ran was sent, and answered (the report's timings). */
  readonly #cellTimes: NotebookTimings['cells'] = [];
  /** Each cell run so far, by execution count, with its cell and report. */
  readonly #runs = new Map<number, CellRun>();
  readonly #judged = new Map<CellRun, { cell: CodeCell; report: CellReport }>();
  #last: CellRun | undefined;
  #failed = false;
  #finished: Promise<NotebookReport> | undefined;

  private constructor(
    readonly notebook: Notebook,
    readonly kernel: Kernel,
    readonly options: NotebookRunOptions,
  ) {}

  /** Starts (or takes) the notebook's kernel. */
  static async start(notebook: Notebook, options: NotebookRunOptions): Promise<NotebookRun> {
    const env = kernelEnv(notebook, options.runId, { env: options.env, endpoint: options.engine.endpoint });
    const kernel = await (options.kernel ?? startKernel(options.cwd, { env }));
    return new NotebookRun(notebook, kernel, options);
  }

  /**
   * Runs and verifies one cell. With `stopOnFailure` (the default), cells after a failed one
   * are reported skipped without running. `signal` interrupts the run: the running cell is
   * interrupted (and fails as `interrupted`), and later cells are reported skipped.
   */
  async runCell(
    cell: CodeCell,
    { stopOnFailure = true, signal }: { stopOnFailure?: boolean; signal?: AbortSignal } = {},
  ): Promise<CellReport> {
    if (cell.options.skip) return this.#record(judgeCell(this.notebook, cell, { notRun: 'marked skip' }));
    if (signal?.aborted) return this.#record(judgeCell(this.notebook, cell, { notRun: 'the run was interrupted' }));
    if (this.#failed && stopOnFailure)
      return this.#record(judgeCell(this.notebook, cell, { notRun: 'an earlier cell failed' }));
    const sentAt = Date.now();
    const result = await this.kernel.execute(cell.code, {
      timeoutMs: (cell.options.timeout ?? DEFAULT_TIMEOUT_S) * 1000,
      ...(signal ? { signal } : {}),
    });
    this.#cellTimes.push({ index: cell.index, startedAt: sentAt, endedAt: Date.now() });
    const run = cellRun(result);
    if (run.executionCount !== null) this.#runs.set(run.executionCount, run);
    this.#last = run;
    this.#charge(result.lateErrors, run);
    const report = this.#record(judgeCell(this.notebook, cell, run, this.#context()));
    this.#judged.set(run, { cell, report });
    return report;
  }

  /** Runs every cell in order. */
  async runAll(options: { stopOnFailure?: boolean; signal?: AbortSignal } = {}): Promise<NotebookReport> {
    for (const cell of this.notebook.cells) await this.runCell(cell, options);
    return this.finish();
  }

  /**
   * Cleans up (in the kernel, then by label), shuts the kernel down, and reports; late errors
   * that land while it cleans up are charged too. Calling it again gives the same report.
   */
  finish(): Promise<NotebookReport> {
    this.#finished ??= this.#finish();
    return this.#finished;
  }

  async #finish(): Promise<NotebookReport> {
    const cleanupStartedAt = Date.now();
    const cleanup = await this.kernel.execute(CLEANUP_CELL, { timeoutMs: 60_000 }).catch(() => undefined);
    const kernelCleanedAt = Date.now();
    this.#charge(cleanup?.lateErrors ?? [], this.#last);
    await this.kernel.shutdown();
    const kernelShutDownAt = Date.now();
    const run = kernelEnv(this.notebook, this.options.runId).DOCKBOOK_RUN;
    // An engine that went away cannot be cleaned now: the next start sweeps what is left.
    const leftover = await removeLabelled(this.options.engine.docker, (labels) => labels[LABEL_RUN] === run).then(
      () => undefined,
      (error: unknown) =>
        `the cleanup could not reach the engine ` +
        `(${error instanceof Error ? error.message.split('\n')[0] : String(error)}); the next run, or \`dockbook ` +
        `clean\`, removes what is left`,
    );
    return {
      ...(leftover ? { cleanupProblem: leftover } : {}),
      path: this.notebook.path,
      title: this.notebook.meta.title,
      cells: this.reports,
      ...tally(this.reports),
      durationMs: Math.round(performance.now() - this.#t0),
      engineVersion: this.options.engine.engineVersion,
      ...engineFields(this.options.engine),
      startedAt: this.#startedAt.toISOString(),
      timings: {
        run: run ?? '',
        kernelReadyAt: this.#startedAt.getTime(),
        cells: this.#cellTimes,
        cleanup: { startedAt: cleanupStartedAt, kernelCleanedAt, kernelShutDownAt, endedAt: Date.now() },
      },
    };
  }

  /** Charges late errors to their cells' runs, and judges again the cells already reported. */
  #charge(errors: CellResult['lateErrors'], arrivedIn: CellRun | undefined): void {
    for (const run of chargeLateErrors(errors, this.#runs, arrivedIn)) {
      const judged = this.#judged.get(run);
      if (!judged) continue;
      Object.assign(judged.report, judgeCell(this.notebook, judged.cell, run, this.#context()));
      this.#failed ||= judged.report.status === 'failed';
    }
  }

  /** This run's session ids, derived once from the kernel's seed. */
  #judgeContext: JudgeContext | undefined;

  #context(): JudgeContext {
    return (this.#judgeContext ??= {
      sessions: seededSessionIds(kernelEnv(this.notebook, this.options.runId).DOCKBOOK_SESSION_SEED),
      engine: this.options.engine.kind,
    });
  }

  #record(report: CellReport): CellReport {
    this.reports.push(report);
    this.#failed ||= report.status === 'failed';
    return report;
  }
}
