import { join } from 'node:path';
import type { Engine } from '../../core/connect.ts';
import { packageRoot } from '../../paths.ts';
import { removeLabelled } from '../../session/cleanup.ts';
import { newSessionId, seededSessionIds } from '../../core/context-factory.ts';
import { LABEL_RUN } from '../../core/labels.ts';
import { toIpynb, type Ipynb } from '../format/ipynb.ts';
import { readNotebook } from '../format/parse.ts';
import type { Notebook } from '../format/types.ts';
import { kernelEnv } from '../run/notebook-run.ts';
import { engineFields, tally, type CellReport, type NotebookReport } from '../run/report.ts';
import { judgeCell, type CellRun, type JudgeContext } from '../run/judge.ts';
import { chargeLateErrors } from '../run/late-errors.ts';
import { executeIpynb } from './nbclient.ts';
import { ensureJupyter } from './packages.ts';
import { cleanupLateErrors, jupyterCellRun } from './replay.ts';
import { engine as engineShape, logLine } from '../../validate/common.ts';
import { notebookPath } from '../../validate/notebook.ts';
import { abortSignal, milliseconds, nonEmptyString } from '../../validate/shape.ts';
import { checkArgs, signature } from '../../validate/signature.ts';

/** What runInJupyter() takes (options with an engine), checked at its entry: before Jupyter is installed or started. */
export const RUN_IN_JUPYTER_SIGNATURE = signature({
  operation: 'runInJupyter',
  ctx: false,
  params: [{ name: 'file', shape: notebookPath, example: 'notebooks/01-images.md' }],
  options: {
    engine: engineShape,
    runId: nonEmptyString,
    cwd: nonEmptyString,
    timeoutMs: milliseconds,
    signal: abortSignal,
    log: logLine,
  },
  requiredOptions: ['engine'],
  command: 'jupyter execute --kernel_name=dockbook NOTEBOOK.ipynb',
});

export interface RunInJupyterOptions {
  engine: Engine;
  /** This run's id; the notebook's resources carry `dockbook.run=<runId>:<notebook>`. Default a new one. */
  runId?: string;
  /**
   * The folder the kernel runs in, where cells' `dockbook` imports and relative paths resolve. Default `notebooks/`.
   */
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
 * judges each code cell Jupyter ran with the runner's own judgeCell, against the same
 * expected block, `raises=` and normalizers; an error nothing caught fails the cell whose work
 * it came from, as under `dockbook run`. Cells marked `skip`, and cells after the run
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
  checkArgs(RUN_IN_JUPYTER_SIGNATURE, arguments);
  const { engine, runId = newSessionId(), cwd = join(packageRoot, 'notebooks'), timeoutMs, signal, log } = options;
  const notebook = readNotebook(file);
  const env = kernelEnv(notebook, runId, { endpoint: engine.endpoint });
  const startedAt = new Date();
  const t0 = performance.now();
  try {
    await ensureJupyter(log ? { log } : {});
    const executed = await executeIpynb(toIpynb(notebook), {
      cwd,
      env,
      ...(timeoutMs ? { timeoutMs } : {}),
      ...(signal ? { signal } : {}),
    });
    const cells = cellReports(notebook, executed, {
      sessions: seededSessionIds(env.DOCKBOOK_SESSION_SEED),
      engine: engine.kind,
    });
    return {
      path: notebook.path,
      title: notebook.meta.title,
      cells,
      ...tally(cells),
      durationMs: Math.round(performance.now() - t0),
      engineVersion: engine.engineVersion,
      ...engineFields(engine),
      startedAt: startedAt.toISOString(),
      executed,
    };
  } finally {
    await removeLabelled(engine.docker, (labels) => labels[LABEL_RUN] === env.DOCKBOOK_RUN);
  }
}

/**
 * Each code cell's report, judged by judgeCell as in `dockbook run`. Jupyter keeps the cells
 * in order, so the executed cells line up with the notebook's blocks. Late errors, from the
 * cells' outputs and the cleanup step's, are charged to the cells they came from first.
 */
function cellReports(notebook: Notebook, executed: Ipynb, context: JudgeContext): CellReport[] {
  const cells = notebook.blocks.flatMap((block, position) => {
    if (block.kind !== 'code') return [];
    const cell = executed.cells[position];
    if (cell?.cell_type !== 'code')
      throw new Error(`${notebook.path}: Jupyter's notebook has no code cell at position ${position + 1}`);
    return [{ cell: block.cell, ran: jupyterCellRun(cell) }];
  });
  const runs = new Map<number, CellRun>();
  let last: CellRun | undefined;
  for (const { ran } of cells) {
    if (!ran) continue;
    if (ran.run.executionCount !== null) runs.set(ran.run.executionCount, ran.run);
    chargeLateErrors(ran.received, runs, ran.run);
    last = ran.run;
  }
  chargeLateErrors(cleanupLateErrors(executed), runs, last);
  return cells.map(({ cell, ran }) =>
    judgeCell(notebook, cell, ran?.run ?? { notRun: 'Jupyter stopped before this cell' }, context),
  );
}
