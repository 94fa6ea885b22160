import { expectedFor, type CodeCell, type OutputEngine } from '../../src/notebook/format/types.ts';
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
  return {
    sessions: seededSessionIds(kernelEnv(record.notebook, record.runId).DOCKBOOK_SESSION_SEED),
    engine: record.engine,
  };
}

/** The engine's own block that judges `cell` on `engine`, or undefined when the default block does. */
function judgingBlock(cell: CodeCell, engine: string): OutputEngine | undefined {
  return cell.variants?.[engine as OutputEngine] ? (engine as OutputEngine) : undefined;
}

/**
 * The runner's report on a recorded cell, had the block its run is judged by (its engine's own block, else the
 * default block) been `expected`: judgeCell, as NotebookRun calls it.
 */
export function judgeWith(record: NotebookRecord, cell: CodeCell, result: CellResult, expected: string): CellReport {
  const own = judgingBlock(cell, record.engine);
  const block = { ...(expectedFor(cell, record.engine) ?? { line: cell.line, start: cell.end, end: cell.end }) };
  const changed: CodeCell = own
    ? { ...cell, variants: { ...cell.variants, [own]: { ...block, text: expected } } }
    : { ...cell, expected: { ...block, text: expected } };
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
 * fails as written, or when the block it changes does not judge a run on this engine (WHY.otherEngine),
 * equivalent when its text reads the same, and otherwise a miss, explained.
 */
export function judgeOutputs(record: NotebookRecord, mutants: readonly OutputMutant[]): Outcome[] {
  return mutants.map((mutant): Outcome => {
    const recorded = record.cells[mutant.cell - 1];
    if (!recorded?.result) return { mutant, verdict: 'unjudged', why: 'the cell did not run' };
    const { cell, result, report } = recorded;
    if (judgingBlock(cell, record.engine) !== mutant.engine)
      return { mutant, verdict: 'unjudged', why: WHY.otherEngine };
    const original = expectedFor(cell, record.engine)?.text ?? '';
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

/** A per-engine outcome that says nothing about the mutant: its block or its check belongs to another engine's run. */
const notHere = (o: Outcome) =>
  (o.verdict === 'unjudged' && o.why === WHY.otherEngine) || (o.verdict === 'missed' && o.why === WHY.notReached);

/**
 * One verdict for a mutant judged on the runs of several engines (`perEngine`, one outcome per run, with its
 * engine). Only the runs the mutant applies to count: its block judges that engine's run, its check was reached
 * there. A miss on any of them is a miss (a false claim passed on that engine); else a catch on any is a catch;
 * else equivalent (the changed claim holds wherever it was tested). A check reached on no engine stays a miss
 * (WHY.notReached), and a block no run was judged by stays unjudged.
 */
export function combineEngines(perEngine: ReadonlyArray<{ engine: string; outcome: Outcome }>): Outcome {
  const applicable = perEngine.filter((e) => !notHere(e.outcome));
  const engines = (verdict: Outcome['verdict']) => applicable.filter((e) => e.outcome.verdict === verdict);
  for (const verdict of ['missed', 'caught', 'equivalent', 'unjudged'] as const) {
    const these = engines(verdict);
    if (these.length > 0) return { ...these[0]!.outcome, engines: these.map((e) => e.engine) };
  }
  const first = perEngine[0]!.outcome;
  return { ...first, engines: [] };
}
