import { basename, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { findNotebooks } from '../../src/notebook/find.ts';
import { connect } from '../../src/core/connect.ts';
import { readNotebook } from '../../src/notebook/format/parse.ts';
import { describeFailure, type CellReport } from '../../src/notebook/run/report.ts';
import { REQUIRED_CONCEPTS as REQUIRED } from '../../src/notebook/concepts/concepts.ts';
import { NotebookRun } from '../../src/notebook/run/notebook-run.ts';
import { packageRoot } from '../../src/paths.ts';

// Every notebook of the course is a describe block; every cell a test named by notebook, cell
// number and concepts, then a last test for errors nothing caught. A failure shows the cell's
// file:line and the diff.
const notebooks = findNotebooks().map((file) => readNotebook(file));
// Under the suite's run id, so the suite's last check also sees what notebooks leave behind.
const runId = process.env.DOCKBOOK_RUN ?? `vitest-${process.pid}`;
const passed: CellReport[] = [];

for (const notebook of notebooks) {
  describe(basename(notebook.path, '.md'), () => {
    let run: NotebookRun | undefined;
    beforeAll(async () => {
      run = await NotebookRun.start(notebook, { engine: await connect(), runId, cwd: join(packageRoot, 'notebooks') });
    });
    afterAll(async () => {
      await run?.finish();
    });
    for (const cell of notebook.cells) {
      const concepts = cell.options.concepts.length ? ` (${cell.options.concepts.join(', ')})` : '';
      it(
        `cell ${cell.index}${concepts}`,
        async ({ skip }) => {
          const report = await run!.runCell(cell);
          if (report.status === 'passed') passed.push(report);
          if (report.status === 'skipped') return skip(report.message);
          if (report.status === 'failed') throw new Error(describeFailure(report));
          expect(report.status).toBe('passed');
        },
        ((cell.options.timeout ?? 120) + 30) * 1000,
      );
    }
    // An error nothing caught can land after its cell's test passed, or after the last cell
    // (in the final step): it fails the cell it came from, and this test names that cell.
    it('leaves no error nothing caught', async () => {
      const report = await run!.finish();
      const late = report.cells.filter((cell) => cell.lateErrors?.length);
      if (late.length > 0) throw new Error(late.map(describeFailure).join('\n\n'));
    }, 120_000);
  });
}

describe('the course', () => {
  it('proves every required concept with a cell that passed in this run', () => {
    // A report is updated in place when a late error fails its cell afterwards.
    const proven = new Set(passed.filter((cell) => cell.status === 'passed').flatMap((cell) => cell.concepts));
    expect(REQUIRED.filter((id) => !proven.has(id))).toEqual([]);
  });
});
