import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runInJupyter } from '../../../src/notebook/jupyter/execute.ts';
import { LABEL_RUN } from '../../../src/core/labels.ts';
import { useJupyter } from './jupyter.ts';

// The runner's own fixtures: under Jupyter they must come out as they do under `dockbook run`.
const fixture = (name: string) => join('test/notebook/run/fixtures', `${name}.md`);
const jupyter = useJupyter();

async function leftovers(notebook: string): Promise<string[]> {
  const all = await jupyter.engine.docker.listContainers({
    all: true,
    filters: { label: [`${LABEL_RUN}=${jupyter.runId}:${notebook}`] },
  });
  return all.map((container) => container.Names.join(','));
}

describe('runInJupyter', () => {
  it(
    "passes a notebook whose cells hold, judging Jupyter's " + 'outputs as the runner does, and leaves nothing behind',
    async () => {
      const report = await runInJupyter(fixture('passing'), jupyter);
      expect(report.cells.map((c) => [c.index, c.status])).toEqual([
        [1, 'passed'],
        [2, 'passed'],
        [3, 'passed'],
      ]);
      expect(report.cells[0]).toMatchObject({
        actual: 'hello\n[exit 0]\n',
        concepts: ['C01'],
        location: `${fixture('passing')}:14`,
      });
      expect(report).toMatchObject({ passed: 3, failed: 0, skipped: 0, engineVersion: jupyter.engine.engineVersion });
      // Only Jupyter's client records these timings: the cells did run under Jupyter.
      expect(report.executed.cells.find((cell) => cell.cell_type === 'code')!.metadata.execution).toHaveProperty([
        'shell.execute_reply',
      ]);
      expect(await leftovers('passing')).toEqual([]);
    },
  );

  it('fails a wrong expected output with the diff and the cell location', async () => {
    const report = await runInJupyter(fixture('wrong-output'), jupyter);
    const cell = report.cells[0]!;
    expect(cell).toMatchObject({
      status: 'failed',
      reason: 'output',
      location: `${fixture('wrong-output')}:12`,
      actual: 'what the engine really says\n',
    });
    expect(cell.diff).toContain('- what the notebook claims');
    expect(cell.diff).toContain('+ what the engine really says');
  });

  it(
    'fails a raises= cell that succeeded and one that ' + 'raised something else, and a check that does not hold',
    async () => {
      const raises = await runInJupyter(fixture('wrong-raises'), jupyter);
      expect(raises.cells.map((c) => [c.status, c.reason])).toEqual([
        ['failed', 'raises'],
        ['failed', 'raises'],
      ]);
      expect(raises.cells[1]!.message).toMatch(/CONFLICT_RUNNING[\s\S]*NOT_FOUND/);
      // What the cell threw, as the kernel recorded it, kept by Jupyter's client with the cell.
      const threw = raises.executed.cells.filter((cell) => cell.cell_type === 'code')[1]!.metadata.dockbook;
      expect(threw).toMatchObject({ status: 'error', thrown: { name: 'DockbookError', code: 'NOT_FOUND' } });
      const check = await runInJupyter(fixture('failing-check'), jupyter);
      expect(check.cells[0]).toMatchObject({ status: 'failed', reason: 'error' });
      expect(check.cells[0]!.message).toContain('one and one make three');
    },
  );

  it(
    'reports a timed-out cell and a dead kernel, skips ' + 'what came after, and still removes what the cells made',
    async () => {
      const timeout = await runInJupyter(fixture('timeout'), jupyter);
      expect(timeout.cells.map((c) => [c.status, c.reason])).toEqual([
        ['failed', 'timeout'],
        ['skipped', 'earlier-failure'],
      ]);
      const death = await runInJupyter(fixture('kernel-death'), jupyter);
      expect(death.cells.map((c) => [c.status, c.reason])).toEqual([
        ['failed', 'dead'],
        ['skipped', 'earlier-failure'],
      ]);
      expect(death.cells[0]!.message).toMatch(/exited with code 3/);
      expect(await leftovers('kernel-death')).toEqual([]);
    },
  );

  it('fails the cell whose work threw after it returned, as the runner does, also after the last cell', async () => {
    const timer = await runInJupyter(fixture('late-timer'), jupyter);
    expect(timer.cells.map((c) => [c.status, c.reason])).toEqual([
      ['failed', 'late-error'],
      ['passed', undefined],
    ]);
    expect(timer.cells[0]!.message).toBe(
      `work this cell started (${fixture('late-timer')}:15) threw an exception nothing caught: Error: thrown by a ` +
        `timer after its cell returned`,
    );
    // A person in Jupyter sees it, as text, under the cell that ran when it landed.
    const shown = timer.executed.cells
      .filter((cell) => cell.cell_type === 'code')[1]!
      .outputs.find((output) => output.output_type === 'display_data');
    expect(JSON.stringify(shown)).toContain('from work cell [1] started, after that cell had finished');
    const rejection = await runInJupyter(fixture('late-rejection'), jupyter);
    expect(rejection.cells.map((c) => [c.status, c.reason])).toEqual([
      ['failed', 'late-error'],
      ['passed', undefined],
    ]);
    expect(rejection.cells[0]!.message).toMatch(
      /rejected a promise nothing handled: DockbookError: .*\(code NOT_FOUND\)$/,
    );
    const last = await runInJupyter(fixture('late-last-cell'), jupyter);
    expect(last.cells.map((c) => [c.status, c.reason])).toEqual([
      ['passed', undefined],
      ['failed', 'late-error'],
    ]);
    expect(last.cells[1]!.message).toContain(`${fixture('late-last-cell')}:22`);
  });

  it('does not run a skip cell, and joins split stream writes as the runner does', async () => {
    const report = await runInJupyter('test/notebook/jupyter/fixtures/skip.md', jupyter);
    expect(report.cells.map((c) => [c.status, c.reason])).toEqual([
      ['skipped', 'skip'],
      ['passed', undefined],
    ]);
    expect(report.cells[0]!.message).toBe('shows a failure nobody should run');
    expect(
      report.executed.cells
        .filter((cell) => cell.cell_type === 'code')
        .map((cell) => cell.metadata.dockbook !== undefined),
    ).toEqual([false, true]);
  });
});
