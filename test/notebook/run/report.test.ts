import { describe, expect, it } from 'vitest';
import {
  describeSkip,
  runFailures,
  skippedCells,
  summaryTable,
  type CellReport,
  type NotebookReport,
} from '../../../src/notebook/run/report.ts';

type Cell = Pick<CellReport, 'status'> & Partial<CellReport>;

function report(path: string, cells: Cell[]): NotebookReport {
  const full = cells.map((cell, i): CellReport => ({
    index: i + 1,
    location: `${path}:${10 * (i + 1)}`,
    concepts: [],
    actual: '',
    outputs: [],
    durationMs: 100,
    ...cell,
  }));
  const count = (status: CellReport['status']) => full.filter((c) => c.status === status).length;
  return {
    path,
    title: path,
    cells: full,
    passed: count('passed'),
    failed: count('failed'),
    skipped: count('skipped'),
    durationMs: 1500,
    engineVersion: '20.10.24',
    startedAt: '2026-01-01T00:00:00.000Z',
  };
}

const marked = report('nb/01-a.md', [
  { status: 'passed' },
  { status: 'skipped', reason: 'skip', message: 'needs a registry' },
  { status: 'skipped', reason: 'skip', message: 'marked skip' },
]);
const stopped = report('nb/02-b.md', [
  { status: 'failed', reason: 'output', message: 'the output differs' },
  { status: 'skipped', reason: 'earlier-failure', message: 'an earlier cell failed' },
]);
const unrun = report('nb/03-c.md', [
  { status: 'skipped', reason: 'earlier-failure', message: 'an earlier notebook failed, at nb/02-b.md:10' },
]);

describe('describeSkip', () => {
  it('gives a marked skip its reason text, and a cell not run the failure before it', () => {
    expect(describeSkip(marked.cells[1]!)).toBe('marked skip: needs a registry');
    expect(describeSkip(marked.cells[2]!)).toBe('marked skip');
    expect(describeSkip(stopped.cells[1]!, stopped)).toBe('not run: an earlier cell failed, at nb/02-b.md:10');
    expect(describeSkip(stopped.cells[1]!)).toBe('not run: an earlier cell failed');
    expect(describeSkip(unrun.cells[0]!, unrun)).toBe('not run: an earlier notebook failed, at nb/02-b.md:10');
  });
});

describe('skippedCells', () => {
  it('lists every skipped cell of a report with its location and why', () => {
    expect(skippedCells(marked)).toEqual([
      { index: 2, location: 'nb/01-a.md:20', why: 'marked skip: needs a registry' },
      { index: 3, location: 'nb/01-a.md:30', why: 'marked skip' },
    ]);
    expect(skippedCells(report('x.md', [{ status: 'passed' }]))).toEqual([]);
  });
});

describe('summaryTable', () => {
  it('lists every skipped cell under the table: file:line, cell, and why', () => {
    expect(summaryTable([marked, stopped, unrun])).toBe(
      [
        'notebook    passed  failed  skipped  time',
        '----------  ------  ------  -------  ----',
        'nb/01-a.md       1       0        2  1.5s',
        'nb/02-b.md       0       1        1  1.5s',
        'nb/03-c.md       0       0        1  1.5s',
        'total            1       1        4  4.5s',
        '',
        'skipped:',
        '  nb/01-a.md:20  cell 2: marked skip: needs a registry',
        '  nb/01-a.md:30  cell 3: marked skip',
        '  nb/02-b.md:20  cell 2: not run: an earlier cell failed, at nb/02-b.md:10',
        '  nb/03-c.md:10  cell 1: not run: an earlier notebook failed, at nb/02-b.md:10',
        '',
        '1 passed, 1 failed, 4 skipped',
      ].join('\n'),
    );
  });

  it('has no skipped list when nothing was skipped', () => {
    const table = summaryTable([report('nb/01-a.md', [{ status: 'passed' }])]);
    expect(table).not.toContain('skipped:');
    expect(table.split('\n').at(-1)).toBe('1 passed, 0 failed');
  });
});

describe('runFailures', () => {
  it('fails a run on a failed cell, and with strict on a skipped one, saying why', () => {
    expect(runFailures([marked])).toEqual([]);
    expect(runFailures([marked], { strict: true })).toEqual([
      'strict: 2 cells were skipped, and a strict run allows none (listed under "skipped")',
    ]);
    expect(runFailures([stopped])).toEqual(['the run failed: 1 cell failed']);
    expect(runFailures([stopped, unrun], { strict: true })).toEqual([
      'the run failed: 1 cell failed',
      'strict: 2 cells were skipped, and a strict run allows none (listed under "skipped")',
    ]);
    expect(runFailures([report('x.md', [{ status: 'passed' }])], { strict: true })).toEqual([]);
  });
});
