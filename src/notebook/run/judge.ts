import { expectedFor, type CodeCell, type Notebook } from '../format/types.ts';
import type { CellOutput, LateError, ThrownValue } from '../kernel/types.ts';
import { verifyCell, type VerifyInput } from '../verify/verdict.ts';
import type { CellReport } from './report.ts';

/**
 * One cell's run, as an executor (`dockbook run`'s kernel client, or Jupyter's nbclient)
 * saw it: what the judge needs, whoever ran the cell.
 */
export interface CellRun {
  status: 'ok' | 'error' | 'timeout' | 'dead' | 'interrupted';
  /** Its outputs, without late errors' displays. */
  outputs: CellOutput[];
  /** For a cell that did not end well: its error's name, value and traceback lines, or how it timed out or died. */
  errorText?: string;
  /** What the cell threw, when the kernel recorded it. */
  thrown?: ThrownValue;
  /** The kernel's execution count for it (what a late error's `origin` names); null when unknown. */
  executionCount: number | null;
  durationMs: number;
  /**
   * The errors nothing caught that this cell is charged with (see chargeLateErrors): those
   * from work it started, wherever they arrived, and any no cell can be blamed for that
   * arrived during or after it. Empty as executors make it.
   */
  lateErrors: LateError[];
}

/** Why a cell did not run, in words: `an earlier cell failed`, `Jupyter stopped before this cell`. */
export interface NotRun {
  notRun: string;
}

/** What a verdict needs beyond the notebook and the cell: this run's session ids. */
export type JudgeContext = Pick<VerifyInput, 'sessions'> & {
  /**
   * The engine the cell ran on (`EngineInfo.kind`): its ```` ```output engine=… ```` block, when the cell has one, is
   * the expected output; otherwise the default block.
   */
  engine?: string;
};

/**
 * A cell's report from its run, by the same rules whoever ran it: a cell marked `skip` is
 * skipped, one that did not run is skipped for the executor's reason (`earlier-failure`), and
 * a run is judged by verifyCell (expected block, `raises=` on what it threw, normalizers,
 * `output="ignore"`). A cell charged with late errors then fails (`late-error`, or its own
 * failure's reason with the late errors added to its message), the message naming the cell's
 * file:line and each error.
 *
 * @example
 * judgeCell(notebook, notebook.cells[0], { status: 'ok', outputs: [], executionCount: 1, durationMs: 12, lateErrors: []
 * });
 * // { index: 1, location: 'notebooks/01-images.md:14', status: 'passed', actual: '', … }
 * judgeCell(notebook, notebook.cells[1], { notRun: 'an earlier cell failed' });
 * // { index: 2, status: 'skipped', reason: 'earlier-failure', message: 'an earlier cell failed', … }
 */
export function judgeCell(
  notebook: Notebook,
  cell: CodeCell,
  run: CellRun | NotRun,
  context: JudgeContext = {},
): CellReport {
  const location = `${notebook.path}:${cell.line}`;
  const base = { index: cell.index, location, concepts: cell.options.concepts, actual: '', outputs: [], durationMs: 0 };
  const { skip } = cell.options;
  if (skip)
    return { ...base, status: 'skipped', reason: 'skip', message: typeof skip === 'string' ? skip : 'marked skip' };
  if ('notRun' in run) return { ...base, status: 'skipped', reason: 'earlier-failure', message: run.notRun };
  const expected = expectedFor(cell, context.engine);
  const verdict = verifyCell({
    outputs: run.outputs,
    status: run.status,
    ...(expected ? { expected: expected.text } : {}),
    ...(run.errorText !== undefined ? { errorText: run.errorText } : {}),
    ...(run.thrown ? { thrown: run.thrown } : {}),
    ...(cell.options.raises ? { raises: cell.options.raises } : {}),
    normalizers: notebook.meta.normalizers,
    ...(context.sessions ? { sessions: context.sessions } : {}),
    ...(cell.options.ignoreOutput ? { ignoreOutput: true } : {}),
  });
  const { status, reason, message, diff, actual } = verdict;
  const report: CellReport = {
    ...base,
    status,
    ...(reason ? { reason } : {}),
    ...(message ? { message } : {}),
    ...(diff ? { diff } : {}),
    actual,
    outputs: run.outputs,
    durationMs: Math.round(run.durationMs),
  };
  if (run.lateErrors.length === 0) return report;
  const late = run.lateErrors.map((error) => lateMessage(location, run, error)).join('\n');
  return {
    ...report,
    status: 'failed',
    reason: report.reason ?? 'late-error',
    message: report.message ? `${report.message}\n${late}` : late,
    lateErrors: [...run.lateErrors],
  };
}

/** One late error, for a reader: where it came from, what kind, and the error. */
function lateMessage(location: string, run: CellRun, error: LateError): string {
  const what =
    error.kind === 'uncaught-exception' ? 'threw an exception nothing caught' : 'rejected a promise nothing handled';
  const who =
    error.origin !== null && error.origin === run.executionCount
      ? `work this cell started (${location}) ${what}`
      : `work no cell can be blamed for ${what}; it arrived during or after this cell (${location})`;
  const { name, message, code } = error.thrown;
  return `${who}: ${name ? `${name}: ` : ''}${message}${code ? ` (code ${code})` : ''}`;
}
