import { mkdirSync, writeFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { packageRoot } from '../../paths.ts';
import type { Engine } from '../../engine/connect.ts';
import { newSessionId } from '../../session/context-factory.ts';
import { readNotebook } from '../format/parse.ts';
import type { Notebook } from '../format/types.ts';
import { updateOutputs } from '../format/update.ts';
import { startKernel, type Kernel } from '../kernel/kernel.ts';
import { kernelEnv, NotebookRun } from './notebook-run.ts';
import type { CellReport, NotebookReport } from './report.ts';

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
  /** Told about each cell as it finishes. */
  onCell?: (notebook: Notebook, cell: CellReport) => void;
}

function kernelFor(notebook: Notebook, runId: string, cwd: string): Promise<Kernel> {
  const started = startKernel(cwd, { env: kernelEnv(notebook, runId) });
  // A prestarted kernel that is never used must not be an unhandled failure.
  started.catch(() => undefined);
  return started;
}

/**
 * Runs and verifies notebooks in order. The next notebook's kernel starts while the current
 * one runs, hiding kernel start-up. Stops at the first failed cell unless told to continue.
 *
 * @example
 * const reports = await runNotebooks(['notebooks/01-images.md'], { engine });
 * reports[0].failed; // 0
 */
export async function runNotebooks(files: string[], options: RunNotebooksOptions): Promise<NotebookReport[]> {
  const { engine, continueOnFailure = false, update = false, reportsDir, cwd = join(packageRoot, 'notebooks'), prestart = true, onCell = () => {} } = options;
  const notebooks = files.map(readNotebook);
  const runId = newSessionId();
  const reports: NotebookReport[] = [];
  let next: Promise<Kernel> | undefined;
  for (const [i, notebook] of notebooks.entries()) {
    const run = await NotebookRun.start(notebook, { engine, runId, cwd, kernel: next ?? kernelFor(notebook, runId, cwd) });
    next = prestart && notebooks[i + 1] ? kernelFor(notebooks[i + 1]!, runId, cwd) : undefined;
    let report: NotebookReport;
    try {
      for (const cell of notebook.cells) onCell(notebook, await run.runCell(cell, { stopOnFailure: !continueOnFailure }));
    } finally {
      report = await run.finish();
    }
    reports.push(report);
    if (update) writeUpdated(notebook, report);
    if (reportsDir) {
      mkdirSync(reportsDir, { recursive: true });
      writeFileSync(join(reportsDir, `${basename(notebook.path, '.md')}.json`), `${JSON.stringify(report, null, 2)}\n`);
    }
    if (report.failed > 0 && !continueOnFailure) break;
  }
  if (next) await next.then((kernel) => kernel.shutdown(), () => undefined);
  return reports;
}

/** Writes the engine's output into the expected blocks of cells that ran without error. */
function writeUpdated(notebook: Notebook, report: NotebookReport): void {
  const outputs = new Map<number, string>();
  for (const cell of report.cells) {
    if (cell.status === 'passed' || cell.reason === 'output') outputs.set(cell.index, cell.actual);
  }
  const updated = updateOutputs(notebook, outputs);
  if (updated !== notebook.source) writeFileSync(notebook.path, updated);
}
