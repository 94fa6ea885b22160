import { join } from 'node:path';
import type { Engine } from '../../engine/connect.ts';
import { packageRoot } from '../../paths.ts';
import { removeLabelled } from '../../session/cleanup.ts';
import { newSessionId } from '../../session/context-factory.ts';
import { LABEL_RUN } from '../../session/labels.ts';
import { toIpynb, type Ipynb, type IpynbCell } from '../format/ipynb.ts';
import { readNotebook } from '../format/parse.ts';
import type { CodeCell, Notebook } from '../format/types.ts';
import { kernelEnv } from '../run/notebook-run.ts';
import { tally, type CellReport, type NotebookReport } from '../run/report.ts';
import { verifyCell } from '../verify/verdict.ts';
import { executeIpynb } from './nbclient.ts';
import { ensureJupyter } from './packages.ts';
import { jupyterCellRun } from './replay.ts';

export interface RunInJupyterOptions {
  engine: Engine;
  /** This run's id; the notebook's resources carry `dockbook.run=<runId>:<notebook>`. Default a new one. */
  runId?: string;
  /** The folder the kernel runs in, where cells' `dockbook` imports and relative paths resolve. Default `notebooks/`. */
  cwd?: string;
  /** How long Jupyter may take in all, in ms. Default: every cell's timeout plus 3 min. */
  timeoutMs?: number;
  /** Stops Jupyter (failing with ABORTED); the run's resources are still removed. */
  signal?: AbortSignal;
  /** Told when Debian's Jupyter packages are being installed. */
  log?: (line: string) => void;
}

/** A notebook's report from a run under Jupyter, with the notebook as Jupyter wrote it. */
export interface JupyterReport extends NotebookReport {
  executed: Ipynb;
}

/**
 * Runs a notebook under Jupyter's own client instead of dockbook's: exports it as `.ipynb`
 * (toIpynb, as `dockbook export` does), executes that with Debian's nbclient (installing
 * Debian's Jupyter packages when missing, see ensureJupyter) in the `dockbook` kernel, then
 * judges each code cell Jupyter ran with the runner's own verifyCell, against the same
 * expected block, `raises=` and normalizers. Cells marked `skip`, and cells after the run
 * stopped (an unexpected error, a timeout, a dead kernel, as in Jupyter), are reported skipped.
 * Whatever happens, everything labelled with the notebook's run (`dockbook.run`) is removed
 * afterwards; nothing else is touched.
 *
 * @example
 * const report = await runInJupyter('notebooks/05-removing.md', { engine: await connect() });
 * report.failed; // 0
 * report.cells.filter((cell) => cell.status === 'failed').map(describeFailure);
 */
export async function runInJupyter(file: string, options: RunInJupyterOptions): Promise<JupyterReport> {
  const { engine, runId = newSessionId(), cwd = join(packageRoot, 'notebooks'), timeoutMs, signal, log } = options;
  const notebook = readNotebook(file);
  const env = kernelEnv(notebook, runId);
  const startedAt = new Date();
  const t0 = performance.now();
  try {
    await ensureJupyter(log ? { log } : {});
    const executed = await executeIpynb(toIpynb(notebook), { cwd, env, ...(timeoutMs ? { timeoutMs } : {}), ...(signal ? { signal } : {}) });
    const cells = cellReports(notebook, executed);
    return {
      path: notebook.path,
      title: notebook.meta.title,
      cells,
      ...tally(cells),
      durationMs: Math.round(performance.now() - t0),
      engineVersion: engine.engineVersion,
      startedAt: startedAt.toISOString(),
      executed,
    };
  } finally {
    await removeLabelled(engine.docker, (labels) => labels[LABEL_RUN] === env.DOCKBOOK_RUN);
  }
}

/** Each code cell's report; Jupyter keeps the cells in order, so the executed cells line up with the notebook's blocks. */
function cellReports(notebook: Notebook, executed: Ipynb): CellReport[] {
  return notebook.blocks.flatMap((block, position) => {
    if (block.kind !== 'code') return [];
    const cell = executed.cells[position];
    if (cell?.cell_type !== 'code') throw new Error(`${notebook.path}: Jupyter's notebook has no code cell at position ${position + 1}`);
    return [cellReport(notebook, block.cell, cell)];
  });
}

function cellReport(notebook: Notebook, cell: CodeCell, executed: Extract<IpynbCell, { cell_type: 'code' }>): CellReport {
  const base = { index: cell.index, location: `${notebook.path}:${cell.line}`, concepts: cell.options.concepts, actual: '', outputs: [], durationMs: 0 };
  if (cell.options.skip) return { ...base, status: 'skipped', reason: 'skip', message: typeof cell.options.skip === 'string' ? cell.options.skip : 'marked skip' };
  const run = jupyterCellRun(executed);
  if (!run) return { ...base, status: 'skipped', reason: 'earlier-failure', message: 'Jupyter stopped before this cell' };
  const verdict = verifyCell({
    outputs: run.outputs,
    status: run.status,
    ...(cell.expected ? { expected: cell.expected.text } : {}),
    ...(run.errorText !== undefined ? { errorText: run.errorText } : {}),
    ...(cell.options.raises ? { raises: cell.options.raises } : {}),
    normalizers: notebook.meta.normalizers,
  });
  const { status, reason, message, diff, actual } = verdict;
  return { ...base, status, ...(reason ? { reason } : {}), ...(message ? { message } : {}), ...(diff ? { diff } : {}), actual, outputs: run.outputs, durationMs: run.durationMs };
}
