import { basename } from 'node:path';
import type { Engine } from '../../engine/connect.ts';
import { removeLabelled } from '../../session/cleanup.ts';
import { LABEL_RUN } from '../../session/labels.ts';
import type { CodeCell, Notebook } from '../format/types.ts';
import { startKernel, type Kernel } from '../kernel/kernel.ts';
import type { CellResult } from '../kernel/types.ts';
import { outputText } from '../verify/output-text.ts';
import { verifyCell } from '../verify/verdict.ts';
import { tally, type CellReport, type NotebookReport } from './report.ts';

/** Runs in the kernel at the end, pass or fail: every session the cells opened cleans up. */
const CLEANUP_CELL = "await require('dockbook').cleanupAll();";
const DEFAULT_TIMEOUT_S = 120;

export interface NotebookRunOptions {
  engine: Engine;
  /** This run's id; the notebook's resources carry `dockbook.run=<runId>:<notebook>`. */
  runId: string;
  /** A kernel already starting (to hide start-up), else one is started in `cwd`. */
  kernel?: Promise<Kernel>;
  /** The folder the kernel runs in, where `dockbook` resolves. */
  cwd: string;
}

/** The environment a notebook's kernel gets: its run label, and its name for the session. */
export function kernelEnv(notebook: Notebook, runId: string): NodeJS.ProcessEnv {
  return { ...process.env, DOCKBOOK_RUN: `${runId}:${basename(notebook.path, '.md')}`, DOCKBOOK_NOTEBOOK: basename(notebook.path, '.md') };
}

function errorText(result: CellResult): string | undefined {
  if (result.status === 'ok') return undefined;
  const { error } = result;
  if ('ename' in error) return [error.ename, error.evalue, ...error.traceback].join('\n');
  return error.message;
}

/**
 * One notebook being run and verified, a cell at a time, in its own tslab kernel. `finish()`
 * always cleans up: inside the kernel, then by label from outside (in case the kernel died).
 */
export class NotebookRun {
  readonly reports: CellReport[] = [];
  readonly #startedAt = new Date();
  readonly #t0 = performance.now();
  #failed = false;

  private constructor(readonly notebook: Notebook, readonly kernel: Kernel, readonly options: NotebookRunOptions) {}

  /** Starts (or takes) the notebook's kernel. */
  static async start(notebook: Notebook, options: NotebookRunOptions): Promise<NotebookRun> {
    const kernel = await (options.kernel ?? startKernel(options.cwd, { env: kernelEnv(notebook, options.runId) }));
    return new NotebookRun(notebook, kernel, options);
  }

  /**
   * Runs and verifies one cell. With `stopOnFailure` (the default), cells after a failed one
   * are reported skipped without running.
   */
  async runCell(cell: CodeCell, { stopOnFailure = true } = {}): Promise<CellReport> {
    const base = { index: cell.index, location: `${this.notebook.path}:${cell.line}`, concepts: cell.options.concepts, actual: '', outputs: [], durationMs: 0 };
    if (cell.options.skip) return this.#record({ ...base, status: 'skipped', reason: 'skip', message: typeof cell.options.skip === 'string' ? cell.options.skip : 'marked skip' });
    if (this.#failed && stopOnFailure) return this.#record({ ...base, status: 'skipped', reason: 'earlier-failure', message: 'an earlier cell failed' });
    const result = await this.kernel.execute(cell.code, { timeoutMs: (cell.options.timeout ?? DEFAULT_TIMEOUT_S) * 1000 });
    const text = errorText(result);
    const verdict = verifyCell({
      outputs: result.outputs,
      status: result.status,
      ...(cell.expected ? { expected: cell.expected.text } : {}),
      ...(text !== undefined ? { errorText: text } : {}),
      ...(cell.options.raises ? { raises: cell.options.raises } : {}),
      normalizers: this.notebook.meta.normalizers,
    });
    if (verdict.status === 'failed') this.#failed = true;
    const { status, reason, message, diff } = verdict;
    return this.#record({ ...base, status, ...(reason ? { reason } : {}), ...(message ? { message } : {}), ...(diff ? { diff } : {}), actual: verdict.actual ?? outputText(result.outputs), outputs: result.outputs, durationMs: Math.round(result.durationMs) });
  }

  /** Runs every cell in order. */
  async runAll(options: { stopOnFailure?: boolean } = {}): Promise<NotebookReport> {
    for (const cell of this.notebook.cells) await this.runCell(cell, options);
    return this.finish();
  }

  /** Cleans up (in the kernel, then by label), shuts the kernel down, and reports. Safe to call twice. */
  async finish(): Promise<NotebookReport> {
    await this.kernel.execute(CLEANUP_CELL, { timeoutMs: 60_000 }).catch(() => undefined);
    await this.kernel.shutdown();
    const run = kernelEnv(this.notebook, this.options.runId).DOCKBOOK_RUN;
    await removeLabelled(this.options.engine.docker, (labels) => labels[LABEL_RUN] === run);
    return {
      path: this.notebook.path,
      title: this.notebook.meta.title,
      cells: this.reports,
      ...tally(this.reports),
      durationMs: Math.round(performance.now() - this.#t0),
      engineVersion: this.options.engine.engineVersion,
      startedAt: this.#startedAt.toISOString(),
    };
  }

  #record(report: CellReport): CellReport {
    this.reports.push(report);
    return report;
  }
}
