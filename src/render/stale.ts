import type { CodeCell, Notebook } from '../notebook/format/types.ts';
import type { CellReport, NotebookReport } from '../notebook/run/report.ts';

/** The line a report's `location` (`notebooks/01-images.md:42`) names, if it names one. */
function reportedLine(location: string): number | undefined {
  const match = /:(\d+)$/.exec(location);
  return match ? Number(match[1]) : undefined;
}

/**
 * Why a cell's last run may not be this cell's: the notebook changed since (the cell's fence
 * moved, so cells above it or the cell itself were edited). Undefined when the run matches.
 *
 * @example
 * staleReason(cell, run); // 'the notebook changed since this run: the cell was at line 40, it is at line 52 now'
 */
export function staleReason(cell: CodeCell, run: CellReport | undefined): string | undefined {
  const line = run && reportedLine(run.location);
  if (line === undefined || line === cell.line) return undefined;
  return `the notebook changed since this run: the cell was at line ${line}, it is at line ${cell.line} now`;
}

/**
 * Why a notebook's last run may be out of date as a whole: it ran a different number of cells,
 * or some cell's fence moved. Undefined when every cell is where the run found it.
 *
 * @example
 * notebookStaleness(notebook, report); // '3 cells have moved since the last run: run it again to verify them'
 */
export function notebookStaleness(notebook: Notebook, report: NotebookReport | undefined): string | undefined {
  if (!report) return undefined;
  if (report.cells.length !== notebook.cells.length)
    return (
      `the notebook has ${notebook.cells.length} cells and its last run had ${report.cells.length}: ` +
      `the outputs may not be these cells'; run it again to verify them`
    );
  const moved = notebook.cells.filter((cell) =>
    staleReason(
      cell,
      report.cells.find((c) => c.index === cell.index),
    ),
  ).length;
  if (moved === 0) return undefined;
  return `${moved === 1 ? '1 cell has' : `${moved} cells have`} moved since the last run: run it again to verify them`;
}
