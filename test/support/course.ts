import { basename, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Engine } from '../../src/core/connect.ts';
import { REQUIRED_CONCEPTS as REQUIRED } from '../../src/notebook/concepts/concepts.ts';
import { findNotebooks } from '../../src/notebook/find.ts';
import { readNotebook } from '../../src/notebook/format/parse.ts';
import { describeFailure, type CellReport } from '../../src/notebook/run/report.ts';
import { NotebookRun } from '../../src/notebook/run/notebook-run.ts';
import { packageRoot } from '../../src/paths.ts';

export interface CourseOptions {
  /** Put before each notebook's describe name (`remote: 01-images-and-containers`). Default none. */
  label?: string;
  /** The engine every notebook runs on, asked for in each notebook's beforeAll. */
  engine: () => Promise<Engine>;
  /**
   * The kernels' environment, asked for with the engine (the runner then points it at the engine: kernelEnv).
   * Default process.env.
   */
  env?: () => NodeJS.ProcessEnv;
}

/**
 * The whole course as tests: every notebook a describe block, every cell a test named by notebook, cell number and
 * concepts, then a last test for errors nothing caught, and a final check that every required concept was proven by
 * a cell that passed. A failure shows the cell's file:line and the diff.
 *
 * @example
 * describeCourse({ engine: () => connect() });
 */
export function describeCourse({ label, engine, env }: CourseOptions): void {
  const notebooks = findNotebooks().map((file) => readNotebook(file));
  // Under the suite's run id, so the suite's last check also sees what notebooks leave behind.
  const runId = process.env.DOCKBOOK_RUN ?? `vitest-${process.pid}`;
  const passed: CellReport[] = [];
  const named = (name: string) => (label ? `${label}: ${name}` : name);

  for (const notebook of notebooks) {
    describe(named(basename(notebook.path, '.md')), () => {
      let run: NotebookRun | undefined;
      beforeAll(async () => {
        run = await NotebookRun.start(notebook, {
          engine: await engine(),
          runId,
          cwd: join(packageRoot, 'notebooks'),
          ...(env ? { env: env() } : {}),
        });
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

  describe(named('the course'), () => {
    it('proves every required concept with a cell that passed in this run', () => {
      // A report is updated in place when a late error fails its cell afterwards.
      const proven = new Set(passed.filter((cell) => cell.status === 'passed').flatMap((cell) => cell.concepts));
      expect(REQUIRED.filter((id) => !proven.has(id))).toEqual([]);
    });
  });
}
