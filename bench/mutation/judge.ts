import type { CodeCell } from '../../src/notebook/format/types.ts';
import type { CellResult } from '../../src/notebook/kernel/types.ts';
import { judgeCell, type JudgeContext } from '../../src/notebook/run/judge.ts';
import { cellRun, kernelEnv } from '../../src/notebook/run/notebook-run.ts';
import type { CellReport } from '../../src/notebook/run/report.ts';
import { seededSessionIds } from '../../src/core/context-factory.ts';
import { explainMiss, WHY } from './explain.ts';
import { blockLines } from './output-mutants.ts';
import type { NotebookRecord } from './record.ts';
import type { CheckMutant, Outcome, OutputMutant } from './types.ts';

/** What the runner's judge is told besides the cell: this run's session ids (NotebookRun's context). */
function contextOf(record: NotebookRecord): JudgeContext {
  return { sessions: seededSessionIds(kernelEnv(record.notebook, record.runId).DOCKBOOK_SESSION_SEED) };
}

/**
 * The runner's report on a recorded cell, had its expected block been `expected`: judgeCell, as NotebookRun calls it.
 */
export function judgeWith(record: NotebookRecord, cell: CodeCell, result: CellResult, expected: string): CellReport {
  const changed: CodeCell = {
    ...cell,
    expected: { ...(cell.expected ?? { line: cell.line, start: cell.end, end: cell.end }), text: expected },
  };
  return judgeCell(record.notebook, changed, cellRun(result), contextOf(record));
}

const same = (a: string, b: string) =>
  blockLines(a)
    .map((l) => l.trimEnd())
    .join('\n')
    .replace(/\n+$/, '') ===
  blockLines(b)
    .map((l) => l.trimEnd())
    .join('\n')
    .replace(/\n+$/, '');

/**
 * Judges output mutants on a recorded run with the runner's judge: a mutant is caught when
 * judgeCell fails the cell with the changed block. It is unjudged when the cell did not run or
 * fails as written, equivalent when its text reads the same, and otherwise a miss, explained.
 */
export function judgeOutputs(record: NotebookRecord, mutants: readonly OutputMutant[]): Outcome[] {
  return mutants.map((mutant): Outcome => {
    const recorded = record.cells[mutant.cell - 1];
    if (!recorded?.result) return { mutant, verdict: 'unjudged', why: 'the cell did not run' };
    const { cell, result, report } = recorded;
    const original = cell.expected?.text ?? '';
    if (report.status === 'failed')
      return { mutant, verdict: 'unjudged', why: `the cell fails as written (${report.reason})` };
    const baseline = judgeWith(record, cell, result, original);
    if (baseline.status !== report.status)
      throw new Error(
        `${mutant.location}: judged again, the cell ${baseline.status} where the runner said ${report.status}: the ` +
          `mutation test no longer judges as the runner does`,
      );
    if (same(original, mutant.expected))
      return { mutant, verdict: 'equivalent', why: 'the text is unchanged by the mutation' };
    if (judgeWith(record, cell, result, mutant.expected).status === 'failed') return { mutant, verdict: 'caught' };
    const { verdict, why, detail } = explainMiss(
      mutant,
      original,
      baseline.actual,
      record.notebook.meta.normalizers,
      contextOf(record).sessions ?? new Set(),
    );
    return { mutant, verdict, why, ...(detail ? { detail } : {}) };
  });
}

/**
 * Judges check mutants on an instrumented run (instrument.ts): caught when the changed check
 * threw (it would have failed its cell), equivalent when it ran and held (the changed claim is
 * true in this run), missed when it never ran.
 */
export function judgeChecks(record: NotebookRecord, mutants: readonly CheckMutant[]): Outcome[] {
  return mutants.map((mutant): Outcome => {
    const c = record.cells[mutant.cell - 1];
    if (!c?.result) return { mutant, verdict: 'unjudged', why: 'the cell did not run' };
    if (c.report.status === 'failed')
      return { mutant, verdict: 'unjudged', why: `the cell fails as written (${c.report.reason})` };
    const run = record.variants[mutant.variant.id];
    if (!run || run.ran === 0) return { mutant, verdict: 'missed', why: WHY.notReached };
    if (run.error?.startsWith('MutantMismatch'))
      return {
        mutant,
        verdict: 'unjudged',
        why: 'the changed text is not in the value at run time (a template literal)',
      };
    if (run.threw === 0)
      return { mutant, verdict: 'equivalent', why: 'the changed claim holds in this run', detail: `ran ${run.ran}×` };
    if (mutant.inTry) return { mutant, verdict: 'missed', why: WHY.inTry, ...(run.error ? { detail: run.error } : {}) };
    return {
      mutant,
      verdict: 'caught',
      ...(run.error && !run.error.startsWith('CheckFailure') ? { detail: run.error } : {}),
    };
  });
}
