import { join } from 'node:path';
import type { Engine } from '../../src/core/connect.ts';
import type { CodeCell, Notebook } from '../../src/notebook/format/types.ts';
import { startKernel, type Kernel } from '../../src/notebook/kernel/kernel.ts';
import type { CellResult } from '../../src/notebook/kernel/types.ts';
import { kernelEnv, NotebookRun } from '../../src/notebook/run/notebook-run.ts';
import type { CellReport } from '../../src/notebook/run/report.ts';
import { packageRoot } from '../../src/paths.ts';
import { newSessionId } from '../../src/core/context-factory.ts';
import { EPILOGUE, instrumentCell, PREAMBLE, type VariantRun } from './instrument.ts';
import type { CheckMutant } from './types.ts';

/** One cell as run: the cell as the notebook has it, the runner's report, and the kernel's result. */
export interface CellRecord {
  cell: CodeCell;
  report: CellReport;
  /** Undefined when the cell did not run (skipped). */
  result?: CellResult;
}

/** A notebook run once, by the runner, with every cell's kernel result kept. */
export interface NotebookRecord {
  notebook: Notebook;
  runId: string;
  /** The engine it ran on (EngineInfo.kind): which of a cell's expected blocks judges it. */
  engine: string;
  cells: CellRecord[];
  /** With check mutants: what each variant did (see instrument.ts). */
  variants: Record<string, VariantRun>;
  durationMs: number;
}

export interface RecordOptions {
  engine: Engine;
  /** The run's id (resources carry `dockbook.run=<runId>:<notebook>`). Default a new one. */
  runId?: string;
  /** Check mutants to run as variants of their calls, in the same run. */
  checks?: readonly CheckMutant[];
  /**
   * The notebook as it runs, when it differs from `notebook` (a mutated cell): reports still name `notebook`'s cells.
   */
  running?: Notebook;
  /** Run cells up to this index only. */
  upTo?: number;
  /** Skip the cells after a failed one, as the runner does by default. Default false: every cell runs. */
  stopOnFailure?: boolean;
}

/**
 * Runs a notebook with the runner's NotebookRun (the same verdicts, cleanup and environment),
 * keeping each cell's kernel result, so that output mutants can be judged later without another
 * run. With `checks`, the cells run instrumented (instrument.ts) and `variants` tells what each
 * changed check did.
 */
export async function recordNotebook(notebook: Notebook, options: RecordOptions): Promise<NotebookRecord> {
  const { engine, checks = [], upTo = Infinity, stopOnFailure = false } = options;
  const source = options.running ?? notebook;
  const running: Notebook = { ...source, cells: source.cells.map((cell) => instrumentCell(cell, checks)) };
  const runId = options.runId ?? newSessionId();
  const cwd = join(packageRoot, 'notebooks');
  const t0 = performance.now();
  const kernel = await startKernel(cwd, { env: kernelEnv(notebook, runId, { endpoint: engine.endpoint }) });
  let last: CellResult | undefined;
  const recording: Kernel = {
    get pid() {
      return kernel.pid;
    },
    get info() {
      return kernel.info;
    },
    execute: async (code, opts) => (last = await kernel.execute(code, opts)),
    shutdown: (opts) => kernel.shutdown(opts),
  };
  const run = await NotebookRun.start(running, { engine, runId, cwd, kernel: Promise.resolve(recording) });
  const cells: CellRecord[] = [];
  let variants: Record<string, VariantRun> = {};
  try {
    if (checks.length > 0) {
      const ready = await kernel.execute(PREAMBLE);
      if (ready.status !== 'ok')
        throw new Error(
          `the mutation preamble did not ` +
            `run: ${JSON.stringify(ready.status === 'error' ? ready.error.evalue : ready.status)}`,
        );
    }
    for (const cell of running.cells) {
      if (cell.index > upTo) break;
      last = undefined;
      const report = await run.runCell(cell, { stopOnFailure });
      cells.push({ cell: notebook.cells[cell.index - 1]!, report, ...(last ? { result: last } : {}) });
    }
    if (checks.length > 0) variants = parseVariants(await kernel.execute(EPILOGUE));
  } finally {
    await run.finish();
  }
  return { notebook, runId, engine: engine.kind, cells, variants, durationMs: Math.round(performance.now() - t0) };
}

function parseVariants(result: CellResult): Record<string, VariantRun> {
  const text = result.outputs
    .map((o) => (o.type === 'stream' ? o.text : ''))
    .join('')
    .trim();
  if (result.status !== 'ok' || !text.startsWith('{'))
    throw new Error(`the mutation epilogue did not print the variants' runs: ${text || result.status}`);
  return JSON.parse(text) as Record<string, VariantRun>;
}
