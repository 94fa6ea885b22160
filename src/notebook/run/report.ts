import type { EngineInfo } from '../../core/connect.ts';
import type { CellOutput, LateError } from '../kernel/types.ts';
import type { CellVerdict } from '../verify/verdict.ts';
import { arrayOf, count, finiteNumber, hasFields, shape, string } from '../../validate/shape.ts';
import { checkArgs, signature } from '../../validate/signature.ts';

/** What summaryTable() takes (the fields of each report it reads), checked at its entry. */
export const SUMMARY_TABLE_SIGNATURE = signature({
  operation: 'summaryTable',
  ctx: false,
  params: [
    {
      name: 'reports',
      shape: arrayOf(
        hasFields(
          {
            path: string,
            cells: shape('an array of cell reports', Array.isArray),
            passed: count,
            failed: count,
            skipped: count,
            durationMs: finiteNumber,
          },
          'a NotebookReport',
        ),
        'an array of NotebookReports (await runNotebooks(files, options))',
      ),
      example: [],
    },
  ],
  command: 'dockbook run',
});

/** What became of one cell. */
export interface CellReport {
  index: number;
  /** `notebooks/01-images.md:42`: where the cell's fence opens. */
  location: string;
  concepts: string[];
  status: 'passed' | 'failed' | 'skipped';
  /**
   * Why it failed or was skipped; `late-error`: work it started threw, or rejected, with nothing to catch it (see
   * judgeCell).
   */
  reason?: NonNullable<CellVerdict['reason']> | 'late-error' | 'skip' | 'earlier-failure';
  message?: string;
  diff?: string;
  /**
   * The errors nothing caught that came from this cell's work (or that no cell can be blamed for, arriving during or
   * after it).
   */
  lateErrors?: LateError[];
  /** The output text a reader sees, as the engine produced it (what `update` writes). */
  actual: string;
  outputs: CellOutput[];
  durationMs: number;
}

/** What became of one notebook. */
export interface NotebookReport {
  path: string;
  title: string;
  cells: CellReport[];
  passed: number;
  failed: number;
  skipped: number;
  durationMs: number;
  /** Why the notebook's resources could not all be removed at its end (the engine went away), if so. */
  cleanupProblem?: string;
  /** The engine the cells ran against, e.g. `20.10.24+dfsg1`. */
  engineVersion: string;
  /** Which engine that was (`EngineInfo.kind`: `docker`, `podman`), when the cells ran. */
  engineKind?: string;
  /** How it was reached: `local` (a socket on this machine) or `remote` (TCP or SSH). */
  engineReach?: 'local' | 'remote';
  startedAt: string;
  /** Every cell that did not run, with where and why (runNotebooks fills it; skippedCells() derives it). */
  skippedCells?: SkippedCell[];
  /** When its run went through its phases (a notebook that never ran has none). */
  timings?: NotebookTimings;
}

/**
 * When a notebook's run went through its phases, in ms since the epoch (Date.now()): where the time from its kernel
 * being ready to its report went (bench/course.ts reads it).
 */
export interface NotebookTimings {
  /** Its resources' `dockbook.run` label (`<runId>:<notebook>`), which its kernel has as DOCKBOOK_RUN. */
  run: string;
  /** Its kernel was ready (started and warmed up, or taken prestarted): the first cell could be sent. */
  kernelReadyAt: number;
  /** Each cell the kernel ran: when it was sent, and when its result came back. */
  cells: { index: number; startedAt: number; endedAt: number }[];
  /**
   * The end (NotebookRun.finish): the kernel's cleanup cell sent and answered, the kernel shut down, the removal by
   * label done.
   */
  cleanup: { startedAt: number; kernelCleanedAt: number; kernelShutDownAt: number; endedAt: number };
}

/** A cell that did not run: where it is and why, in words. */
export interface SkippedCell {
  index: number;
  /** `notebooks/01-images.md:42`. */
  location: string;
  /** `marked skip: needs a registry`, or `not run: an earlier cell failed, at notebooks/01-images.md:30`. */
  why: string;
}

/** Counts a notebook's cells by status. */
export function tally(cells: CellReport[]): Pick<NotebookReport, 'passed' | 'failed' | 'skipped'> {
  const count = (status: CellReport['status']) => cells.filter((c) => c.status === status).length;
  return { passed: count('passed'), failed: count('failed'), skipped: count('skipped') };
}

/** A failed cell as the reader needs it: where, what, and the diff. */
export function describeFailure(cell: CellReport): string {
  return [
    `${cell.location}: cell ${cell.index}${cell.concepts.length ? ` (${cell.concepts.join(', ')})` : ''} ` +
      `failed: ${cell.message ?? cell.reason}`,
    cell.diff ?? '',
  ]
    .filter(Boolean)
    .join('\n');
}

/**
 * Why a skipped cell did not run: `marked skip` with the cell's reason, or `not run` because
 * an earlier cell failed (naming the first failure in `report` when it holds one before it).
 *
 * @example
 * describeSkip({ …, status: 'skipped', reason: 'skip', message: 'needs a registry' }); // 'marked skip: needs a
 * registry'
 */
export function describeSkip(cell: CellReport, report?: Pick<NotebookReport, 'cells'>): string {
  if (cell.reason === 'skip')
    return !cell.message || cell.message === 'marked skip' ? 'marked skip' : `marked skip: ${cell.message}`;
  const message = cell.message ?? (cell.reason === 'earlier-failure' ? 'an earlier cell failed' : 'no reason given');
  if (cell.reason !== 'earlier-failure') return `skipped: ${message}`;
  const failure = report?.cells.find((c) => c.status === 'failed' && c.index < cell.index);
  return `not run: ${message}${failure && !message.includes(failure.location) ? `, at ${failure.location}` : ''}`;
}

/**
 * Every skipped cell of a notebook's report, in order, with its location and why.
 *
 * @example
 * skippedCells(report); // [{ index: 3, location: 'notebooks/08-sharing.md:51', why: 'marked skip: needs a registry' }]
 */
export function skippedCells(report: Pick<NotebookReport, 'cells'>): SkippedCell[] {
  return report.cells
    .filter((c) => c.status === 'skipped')
    .map((c) => ({ index: c.index, location: c.location, why: describeSkip(c, report) }));
}

/**
 * Why a run fails, a line per reason; empty when it passes. A failed cell fails it; with
 * `strict` (default false), so does any skipped cell, whether marked skip or not run.
 *
 * @example
 * runFailures(reports, { strict: true }); // ['strict: 1 cell was skipped, and a strict run allows none (listed under
 * "skipped")']
 */
export function runFailures(reports: NotebookReport[], { strict = false } = {}): string[] {
  const cells = reports.flatMap((r) => r.cells);
  const count = (status: CellReport['status']) => cells.filter((c) => c.status === status).length;
  const plural = (n: number) => `${n} cell${n === 1 ? ' was' : 's were'}`;
  const lines: string[] = [];
  if (count('failed') > 0)
    lines.push(`the run failed: ${count('failed') === 1 ? '1 cell' : `${count('failed')} cells`} failed`);
  if (strict && count('skipped') > 0)
    lines.push(`strict: ${plural(count('skipped'))} skipped, and a strict run allows none (listed under "skipped")`);
  return lines;
}

/** The summary table: notebook, cells passed, failed and skipped, time; then every skipped cell with where and why. */
export function summaryTable(reports: NotebookReport[]): string {
  checkArgs(SUMMARY_TABLE_SIGNATURE, arguments);
  const rows = reports.map((r) => [
    r.path,
    String(r.passed),
    String(r.failed),
    String(r.skipped),
    `${(r.durationMs / 1000).toFixed(1)}s`,
  ]);
  const total = reports.reduce(
    (t, r) => ({
      passed: t.passed + r.passed,
      failed: t.failed + r.failed,
      skipped: t.skipped + r.skipped,
      ms: t.ms + r.durationMs,
    }),
    { passed: 0, failed: 0, skipped: 0, ms: 0 },
  );
  const all = [
    ['notebook', 'passed', 'failed', 'skipped', 'time'],
    ...rows,
    ['total', String(total.passed), String(total.failed), String(total.skipped), `${(total.ms / 1000).toFixed(1)}s`],
  ];
  const widths = all[0]!.map((_, i) => Math.max(...all.map((row) => row[i]!.length)));
  const lines = all.map((row) =>
    row.map((cell, i) => (i === 0 ? cell.padEnd(widths[i]!) : cell.padStart(widths[i]!))).join('  '),
  );
  lines.splice(1, 0, widths.map((w) => '-'.repeat(w)).join('  '));
  const skipped = reports.flatMap((r) => skippedCells(r));
  if (skipped.length > 0) {
    const width = Math.max(...skipped.map((s) => s.location.length));
    lines.push('', 'skipped:', ...skipped.map((s) => `  ${s.location.padEnd(width)}  cell ${s.index}: ${s.why}`));
  }
  lines.push('', `${total.passed} passed, ${total.failed} failed${total.skipped ? `, ${total.skipped} skipped` : ''}`);
  return lines.join('\n');
}

/**
 * A report's engine fields for a run on `engine`: its kind, and whether it was reached over the wire.
 *
 * @example
 * engineFields({ kind: 'podman', publishHost: '127.0.0.1' }); // { engineKind: 'podman', engineReach: 'local' }
 */
export function engineFields(
  engine: Pick<EngineInfo, 'kind' | 'publishHost'>,
): Pick<NotebookReport, 'engineKind' | 'engineReach'> {
  return { engineKind: engine.kind, engineReach: engine.publishHost === '127.0.0.1' ? 'local' : 'remote' };
}
