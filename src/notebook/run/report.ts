import type { CellOutput } from '../kernel/types.ts';

/** What became of one cell. */
export interface CellReport {
  index: number;
  /** `notebooks/01-images.md:42`: where the cell's fence opens. */
  location: string;
  concepts: string[];
  status: 'passed' | 'failed' | 'skipped';
  /** Why it failed or was skipped. */
  reason?: 'error' | 'output' | 'raises' | 'timeout' | 'dead' | 'skip' | 'earlier-failure';
  message?: string;
  diff?: string;
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
  /** The engine the cells ran against, e.g. `20.10.24+dfsg1`. */
  engineVersion: string;
  startedAt: string;
}

/** Counts a notebook's cells by status. */
export function tally(cells: CellReport[]): Pick<NotebookReport, 'passed' | 'failed' | 'skipped'> {
  const count = (status: CellReport['status']) => cells.filter((c) => c.status === status).length;
  return { passed: count('passed'), failed: count('failed'), skipped: count('skipped') };
}

/** A failed cell as the reader needs it: where, what, and the diff. */
export function describeFailure(cell: CellReport): string {
  return [`${cell.location}: cell ${cell.index}${cell.concepts.length ? ` (${cell.concepts.join(', ')})` : ''} failed: ${cell.message ?? cell.reason}`, cell.diff ?? ''].filter(Boolean).join('\n');
}

/** The summary table: notebook, cells passed, failed and skipped, time. */
export function summaryTable(reports: NotebookReport[]): string {
  const rows = reports.map((r) => [r.path, String(r.passed), String(r.failed), String(r.skipped), `${(r.durationMs / 1000).toFixed(1)}s`]);
  const total = reports.reduce((t, r) => ({ passed: t.passed + r.passed, failed: t.failed + r.failed, skipped: t.skipped + r.skipped, ms: t.ms + r.durationMs }), { passed: 0, failed: 0, skipped: 0, ms: 0 });
  const all = [['notebook', 'passed', 'failed', 'skipped', 'time'], ...rows, ['total', String(total.passed), String(total.failed), String(total.skipped), `${(total.ms / 1000).toFixed(1)}s`]];
  const widths = all[0]!.map((_, i) => Math.max(...all.map((row) => row[i]!.length)));
  const lines = all.map((row) => row.map((cell, i) => (i === 0 ? cell.padEnd(widths[i]!) : cell.padStart(widths[i]!))).join('  '));
  lines.splice(1, 0, widths.map((w) => '-'.repeat(w)).join('  '));
  lines.push('', `${total.passed} passed, ${total.failed} failed${total.skipped ? `, ${total.skipped} skipped` : ''}`);
  return lines.join('\n');
}
