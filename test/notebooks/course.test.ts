import { basename, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { findNotebooks } from '../../src/cli/run.ts';
import { connect } from '../../src/engine/connect.ts';
import { readNotebook } from '../../src/notebook/format/parse.ts';
import { describeFailure } from '../../src/notebook/run/report.ts';
import { NotebookRun } from '../../src/notebook/run/notebook-run.ts';
import { packageRoot } from '../../src/paths.ts';

// Every notebook of the course is a describe block; every cell a test named by notebook, cell
// number and concepts. A failure shows the cell's file:line and the diff.
const notebooks = findNotebooks().map(readNotebook);
const runId = `vitest-${process.pid}`;

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
      it(`cell ${cell.index}${concepts}`, async ({ skip }) => {
        const report = await run!.runCell(cell);
        if (report.status === 'skipped') return skip(report.message);
        if (report.status === 'failed') throw new Error(describeFailure(report));
        expect(report.status).toBe('passed');
      }, ((cell.options.timeout ?? 120) + 30) * 1000);
    }
  });
}

describe('the course', () => {
  it('runs every notebook in notebooks/', () => {
    expect(notebooks.map((n) => n.path)).toEqual(findNotebooks());
  });
});
