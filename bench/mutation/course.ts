import type { Engine } from '../../src/core/connect.ts';
import { readNotebook } from '../../src/notebook/format/parse.ts';
import type { Notebook } from '../../src/notebook/format/types.ts';
import { checkMutants } from './check-mutants.ts';
import { applyEdits } from './instrument.ts';
import { combineEngines, judgeChecks, judgeOutputs } from './judge.ts';
import { outputMutants } from './output-mutants.ts';
import { recordNotebook, type NotebookRecord } from './record.ts';
import type { CheckMutant, Outcome } from './types.ts';

export interface MutateOptions {
  /** The engines each notebook runs on (at the same time): a mutant is judged on every run it applies to. */
  engines: readonly Engine[];
  /** The run's id, for the notebooks' resource labels. Default a new one per notebook. */
  runId?: string;
  /** Judge check mutants too (the run is instrumented). Default true. */
  checks?: boolean;
  /** Told when a notebook has been run and judged. */
  onNotebook?: (record: NotebookRecord, outcomes: Outcome[]) => void;
}

/**
 * The mutation test of notebooks: each notebook runs once on each engine (instrumented for its
 * check mutants), then every output mutant is judged by the runner's verdict on the runs its
 * block judges (an `engine=NAME` block on that engine's run, the default block on the others),
 * and every check mutant by what its changed check did in the runs that reached it; the verdicts
 * are combined by combineEngines. One notebook runs at a time, on all the engines at once.
 */
export async function mutateNotebooks(
  files: readonly string[],
  options: MutateOptions,
): Promise<{ outcomes: Outcome[]; records: NotebookRecord[] }> {
  const { engines, runId, checks = true, onNotebook = () => {} } = options;
  if (engines.length === 0) throw new Error('mutateNotebooks needs at least one engine to run the notebooks on');
  const outcomes: Outcome[] = [];
  const records: NotebookRecord[] = [];
  for (const file of files) {
    const notebook = readNotebook(file);
    const changedChecks = checks ? checkMutants(notebook) : [];
    const mutants = outputMutants(notebook);
    const runs = await Promise.all(
      engines.map((engine, i) =>
        recordNotebook(notebook, {
          engine,
          checks: changedChecks,
          ...(runId ? { runId: engines.length > 1 ? `${runId}-${engine.kind}${i}` : runId } : {}),
        }),
      ),
    );
    const perRun = runs.map((record) => [...judgeOutputs(record, mutants), ...judgeChecks(record, changedChecks)]);
    const judged = perRun[0]!.map((_, m) =>
      combineEngines(runs.map((record, r) => ({ engine: record.engine, outcome: perRun[r]![m]! }))),
    );
    records.push(...runs);
    outcomes.push(...judged);
    for (const record of runs) onNotebook(record, perRun[runs.indexOf(record)]!);
  }
  return { outcomes, records };
}

/** A check mutant run for real: how its cell ended, and whether a failed check is why. */
export interface RealRun {
  mutant: CheckMutant;
  /** `failed` is a caught mutant; `unjudged` when an earlier cell failed. */
  cell: 'passed' | 'failed' | 'unjudged';
  /** The cell failed because the changed check threw a CheckFailure (not, say, a type error). */
  byCheck: boolean;
  detail?: string;
}

/**
 * Runs a notebook with one check changed in its source, up to and including that check's cell
 * (stopping at the first failure), and tells how that cell ended: the plain way to judge a
 * check mutant, slower than the instrumented run (a run per mutant), to confirm it.
 */
export async function runCheckMutant(
  notebook: Notebook,
  mutant: CheckMutant,
  engine: Engine,
  runId?: string,
): Promise<RealRun> {
  const cells = notebook.cells.map((cell) =>
    cell.index === mutant.cell ? { ...cell, code: applyEdits(cell.code, mutant.edits) } : cell,
  );
  const record = await recordNotebook(notebook, {
    engine,
    running: { ...notebook, cells },
    upTo: mutant.cell,
    stopOnFailure: true,
    ...(runId ? { runId } : {}),
  });
  const c = record.cells[mutant.cell - 1];
  if (!c || c.report.status === 'skipped') {
    const failed = record.cells.find((x) => x.report.status === 'failed')?.report;
    return {
      mutant,
      cell: 'unjudged',
      byCheck: false,
      detail: `an earlier cell failed${failed ? `: ${failed.location}: ${(failed.message ?? '').split('\n')[0]}` : ''}`,
    };
  }
  if (c.report.status === 'passed') return { mutant, cell: 'passed', byCheck: false };
  const error = c.result?.status === 'error' ? c.result.error : undefined;
  const byCheck = error?.thrown?.name === 'CheckFailure' || error?.ename === 'CheckFailure';
  return {
    mutant,
    cell: 'failed',
    byCheck,
    detail: (c.report.message ?? '').split('\n').slice(0, 3).join(' ').slice(0, 240),
  };
}
