import { cpSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { connect, type Engine } from '../../../src/core/connect.ts';
import { readNotebook } from '../../../src/notebook/format/parse.ts';
import { NotebookRun } from '../../../src/notebook/run/notebook-run.ts';
import { describeFailure } from '../../../src/notebook/run/report.ts';
import { runNotebooks } from '../../../src/notebook/run/run-notebooks.ts';
import { packageRoot } from '../../../src/paths.ts';
import { LABEL_RUN } from '../../../src/core/labels.ts';

const fixture = (name: string) => join('test/notebook/run/fixtures', `${name}.md`);
let engine: Engine;

beforeAll(async () => {
  engine = await connect();
});

// This file's runs only: other test files run the same fixtures at the same time. Each run has
// its own ID (its sessions' IDs derive from it), all under this file's prefix.
const RUNS = `notebook-run-${process.pid}`;
let runs = 0;
const nextRun = () => `${RUNS}-${++runs}`;

async function leftovers(): Promise<number> {
  const all = await engine.docker.listContainers({ all: true, filters: { label: [LABEL_RUN] } });
  return all.filter((c) => c.Labels[LABEL_RUN]!.startsWith(`${RUNS}-`)).length;
}

describe('running and verifying notebooks', () => {
  it('passes a notebook whose cells hold, with normalized and elided outputs and an expected error', async () => {
    const [report] = await runNotebooks([fixture('passing')], { engine, runId: nextRun() });
    expect(report!.cells.map((c) => [c.index, c.status])).toEqual([
      [1, 'passed'],
      [2, 'passed'],
      [3, 'passed'],
    ]);
    expect(report!.cells[0]!.concepts).toEqual(['C01']);
    expect(report!.cells[0]!.actual).toBe('hello\n[exit 0]\n');
    expect(report!.engineVersion).toBe(engine.engineVersion);
    expect(await leftovers()).toBe(0);
  });

  it('fails wrong output with a diff and the cell location', async () => {
    const [report] = await runNotebooks([fixture('wrong-output')], { engine });
    const cell = report!.cells[0]!;
    expect(cell).toMatchObject({ status: 'failed', reason: 'output', location: `${fixture('wrong-output')}:12` });
    expect(cell.diff).toContain('- what the notebook claims');
    expect(cell.diff).toContain('+ what the engine really says');
  });

  it('fails a cell whose check does not hold, naming the claim', async () => {
    const [report] = await runNotebooks([fixture('failing-check')], { engine });
    expect(report!.cells[0]).toMatchObject({ status: 'failed', reason: 'error' });
    expect(report!.cells[0]!.message).toContain('one and one make three');
  });

  it('fails a cell that should have raised and did not, and one that raised something else', async () => {
    const [report] = await runNotebooks([fixture('wrong-raises')], { engine, continueOnFailure: true });
    expect(report!.cells.map((c) => [c.status, c.reason])).toEqual([
      ['failed', 'raises'],
      ['failed', 'raises'],
    ]);
    expect(report!.cells[0]!.message).toMatch(/NOT_FOUND/);
    expect(report!.cells[1]!.message).toMatch(/CONFLICT_RUNNING/);
  });

  it('interrupts a cell past its timeout and stops there', async () => {
    const [report] = await runNotebooks([fixture('timeout')], { engine });
    expect(report!.cells.map((c) => [c.status, c.reason])).toEqual([
      ['failed', 'timeout'],
      ['skipped', 'earlier-failure'],
    ]);
    expect(report!.cells[0]!.durationMs).toBeLessThan(10_000);
  });

  it('reports a dead kernel promptly, and still cleans up what its cells made', async () => {
    const [report] = await runNotebooks([fixture('kernel-death')], {
      engine,
      continueOnFailure: true,
      runId: nextRun(),
    });
    expect(report!.cells[0]).toMatchObject({ status: 'failed', reason: 'dead' });
    expect(report!.cells[0]!.message).toMatch(/exit/i);
    expect(report!.cells[1]).toMatchObject({ status: 'failed', reason: 'dead' });
    expect(await leftovers()).toBe(0);
  });

  it(
    'fails the cell whose timer threw after it returned, ' + 'naming its file:line, and not the cell it landed in',
    async () => {
      const [report] = await runNotebooks([fixture('late-timer')], { engine });
      expect(report!.cells.map((c) => [c.status, c.reason])).toEqual([
        ['failed', 'late-error'],
        ['passed', undefined],
      ]);
      expect(report!.cells[0]!.message).toBe(
        `work this cell started (${fixture('late-timer')}:15) threw an exception nothing caught: Error: thrown by a ` +
          `timer after its cell returned`,
      );
      expect(report!.cells[1]!.actual).toBe('an innocent cell\n');
    },
  );

  it('fails the cell that left an operation un-awaited when the operation fails later, with its code', async () => {
    const [report] = await runNotebooks([fixture('late-rejection')], { engine });
    expect(report!.cells.map((c) => [c.status, c.reason])).toEqual([
      ['failed', 'late-error'],
      ['passed', undefined],
    ]);
    expect(report!.cells[0]!.message).toMatch(
      new RegExp(
        `^work this cell started \\(${fixture('late-rejection')}:15\\) rejected a promise nothing handled: ` +
          `DockbookError: .*\\(code NOT_FOUND\\)$`,
      ),
    );
  });

  it('fails the last cell when its work throws after it, while the final step runs', async () => {
    const [report] = await runNotebooks([fixture('late-last-cell')], { engine });
    expect(report!.cells.map((c) => [c.status, c.reason])).toEqual([
      ['passed', undefined],
      ['failed', 'late-error'],
    ]);
    expect(report!.cells[1]!.message).toContain(`${fixture('late-last-cell')}:22`);
    expect(report!.cells[1]!.message).toContain('Error: thrown after the last cell');
    expect(report!.failed).toBe(1);
  });

  it("updates a cell's report made before its late error landed, as the course's tests see it", async () => {
    const notebook = readNotebook(fixture('late-last-cell'));
    const run = await NotebookRun.start(notebook, {
      engine,
      runId: `test-${process.pid}`,
      cwd: join(packageRoot, 'notebooks'),
    });
    const reports = [];
    for (const cell of notebook.cells) reports.push(await run.runCell(cell));
    expect(reports.map((c) => c.status)).toEqual(['passed', 'passed']);
    const report = await run.finish();
    expect(reports[1]).toMatchObject({
      status: 'failed',
      reason: 'late-error',
      lateErrors: [{ kind: 'uncaught-exception', thrown: { message: 'thrown after the last cell' } }],
    });
    expect(describeFailure(reports[1]!)).toContain(
      `${fixture('late-last-cell')}:22: cell 2 failed: work this cell started`,
    );
    expect(await run.finish()).toBe(report);
  });

  it('updates expected outputs in place, changing no other byte', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'dockbook-update-'));
    const copy = join(dir, 'wrong-output.md');
    cpSync(fixture('wrong-output'), copy);
    const before = readFileSync(copy, 'utf8');
    await runNotebooks([copy], { engine, update: true, continueOnFailure: true });
    const after = readFileSync(copy, 'utf8');
    expect(after).toBe(before.replace('what the notebook claims\n', 'what the engine really says\n'));
    const [again] = await runNotebooks([copy], { engine });
    expect(again!.failed).toBe(0);
  });
});
