import { basename } from 'node:path';
import { describe, expect, it } from 'vitest';
import { findNotebooks } from '../../../src/notebook/find.ts';
import { readNotebook } from '../../../src/notebook/format/parse.ts';
import { runInJupyter } from '../../../src/notebook/jupyter/execute.ts';
import { describeFailure } from '../../../src/notebook/run/report.ts';
import { useJupyter } from './jupyter.ts';

// Every notebook of the course, exported as .ipynb and run by Jupyter's own client (Debian's
// nbclient), must pass the runner's verification, cell by cell. A failure shows each failed
// cell's file:line and diff.
const jupyter = useJupyter();

describe('the course under Jupyter', () => {
  for (const file of findNotebooks()) {
    const notebook = readNotebook(file);
    const budgetS = notebook.cells.reduce((s, cell) => s + (cell.options.timeout ?? 120), 0) + 240;
    it(
      basename(file, '.md'),
      async () => {
        const report = await runInJupyter(file, jupyter);
        const failed = report.cells.filter((cell) => cell.status === 'failed');
        if (failed.length > 0)
          throw new Error(
            `${failed.length} of ${report.cells.length} cells failed under Jupyter:\n` +
              `\n${failed.map(describeFailure).join('\n\n')}`,
          );
        const unrun = report.cells.filter((cell) => cell.status === 'skipped' && cell.reason !== 'skip');
        expect(unrun.map((cell) => cell.location)).toEqual([]);
        expect(report.passed).toBe(notebook.cells.filter((cell) => !cell.options.skip).length);
      },
      budgetS * 1000,
    );
  }
});
