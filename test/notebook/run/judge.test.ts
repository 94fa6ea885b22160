import { describe, expect, it } from 'vitest';
import { parseNotebook } from '../../../src/notebook/format/parse.ts';
import type { LateError } from '../../../src/notebook/kernel/types.ts';
import { judgeCell, type CellRun } from '../../../src/notebook/run/judge.ts';
import { chargeLateErrors } from '../../../src/notebook/run/late-errors.ts';
import { notebookHeader } from '../../support/notebook-header.ts';

const notebook = parseNotebook(
  [
    notebookHeader('Judged'),
    '```typescript concept="C01"',
    "console.log('hi');",
    '```',
    '',
    '```output',
    'hi',
    '```',
    '',
    '```typescript skip="needs a registry"',
    "console.log('never');",
    '```',
    '',
    '```typescript raises="NOT_FOUND"',
    "await docker.rm('gone');",
    '```',
    '',
  ].join('\n'),
  'notebooks/judged.md',
);
const [printing, skipped, raising] = notebook.cells as [
  (typeof notebook.cells)[0],
  (typeof notebook.cells)[0],
  (typeof notebook.cells)[0],
];

function run(fields: Partial<CellRun> = {}): CellRun {
  return {
    status: 'ok',
    outputs: [{ type: 'stream', name: 'stdout', text: 'hi\n' }],
    executionCount: 1,
    durationMs: 3.4,
    lateErrors: [],
    ...fields,
  };
}
const late = (origin: number | null, message = 'late'): LateError => ({
  origin,
  kind: 'uncaught-exception',
  thrown: { name: 'Error', message },
  text: `Error: ${message}`,
});

describe('judging a cell, whoever ran it', () => {
  it('passes a run whose output matches, with where the cell is', () => {
    expect(judgeCell(notebook, printing, run())).toMatchObject({
      index: 1,
      location: 'notebooks/judged.md:12',
      concepts: ['C01'],
      status: 'passed',
      actual: 'hi\n',
      durationMs: 3,
    });
  });

  it('skips a cell marked skip, whatever ran, and one that did not run for the reason given', () => {
    expect(judgeCell(notebook, skipped, run())).toMatchObject({
      status: 'skipped',
      reason: 'skip',
      message: 'needs a registry',
    });
    expect(judgeCell(notebook, printing, { notRun: 'Jupyter stopped before this cell' })).toMatchObject({
      status: 'skipped',
      reason: 'earlier-failure',
      message: 'Jupyter stopped before this cell',
    });
  });

  it('judges raises= on what the cell threw', () => {
    const thrown = { name: 'DockbookError', message: '[rm] gone: no such container.', code: 'NOT_FOUND' };
    const failed = run({
      status: 'error',
      outputs: [],
      errorText: `DockbookError\n${thrown.message}`,
      executionCount: 3,
    });
    expect(judgeCell(notebook, raising, { ...failed, thrown }).status).toBe('passed');
    expect(judgeCell(notebook, raising, { ...failed, thrown: { ...thrown, code: 'CONFLICT_RUNNING' } })).toMatchObject({
      status: 'failed',
      reason: 'raises',
    });
  });

  it('fails a cell charged with a late error, naming its file:line and the error', () => {
    const report = judgeCell(
      notebook,
      printing,
      run({
        lateErrors: [
          {
            ...late(1, 'no such container'),
            thrown: { name: 'DockbookError', message: 'no such container', code: 'NOT_FOUND' },
          },
        ],
      }),
    );
    expect(report).toMatchObject({ status: 'failed', reason: 'late-error', lateErrors: [{ origin: 1 }] });
    expect(report.message).toBe(
      'work this cell started (notebooks/judged.md:12) threw an exception nothing caught: DockbookError: no such ' +
        'container (code NOT_FOUND)',
    );
  });

  it('says so when no cell can be blamed, and keeps a failure of its own first', () => {
    const unknown = judgeCell(notebook, printing, run({ lateErrors: [late(null)] }));
    expect(unknown.message).toBe(
      'work no cell can be blamed for threw an exception nothing caught; it arrived during or after this cell ' +
        '(notebooks/judged.md:12): Error: late',
    );
    const both = judgeCell(
      notebook,
      printing,
      run({ outputs: [{ type: 'stream', name: 'stdout', text: 'ho\n' }], lateErrors: [late(1)] }),
    );
    expect(both).toMatchObject({ status: 'failed', reason: 'output' });
    expect(both.message).toMatch(/^its output differs[\s\S]*\nwork this cell started \(notebooks\/judged\.md:12\)/);
  });
});

describe('charging late errors', () => {
  it(
    'charges each to the cell it came from, else to the ' + 'cell it arrived in, and says which runs to judge again',
    () => {
      const first = run({ executionCount: 1 });
      const second = run({ executionCount: 2 });
      const runs = new Map([
        [1, first],
        [2, second],
      ]);
      expect(chargeLateErrors([late(1, 'a'), late(null, 'b'), late(7, 'c'), late(1, 'd')], runs, second)).toEqual([
        first,
        second,
      ]);
      expect(first.lateErrors.map((error) => error.thrown.message)).toEqual(['a', 'd']);
      expect(second.lateErrors.map((error) => error.thrown.message)).toEqual(['b', 'c']);
      expect(chargeLateErrors([late(null)], new Map(), undefined)).toEqual([]);
    },
  );
});

describe('judgeCell on an engine with its own block', () => {
  const engines = parseNotebook(
    [
      notebookHeader('Engines'),
      '```typescript',
      "console.log('hi');",
      '```',
      '',
      '```output',
      'hi',
      '```',
      '',
      '```output engine=podman',
      'hello',
      '```',
      '',
    ].join('\n'),
    'notebooks/engines.md',
  );
  const cell = engines.cells[0]!;
  const printed = (text: string): CellRun => ({
    status: 'ok',
    outputs: [{ type: 'stream', name: 'stdout', text }],
    executionCount: 1,
    durationMs: 1,
    lateErrors: [],
  });

  it("passes each engine's own output and fails the other engine's", () => {
    expect(judgeCell(engines, cell, printed('hello\n'), { engine: 'podman' }).status).toBe('passed');
    expect(judgeCell(engines, cell, printed('hi\n'), { engine: 'docker' }).status).toBe('passed');
    expect(judgeCell(engines, cell, printed('hi\n'), { engine: 'podman' })).toMatchObject({
      status: 'failed',
      reason: 'output',
    });
    expect(judgeCell(engines, cell, printed('hello\n'), { engine: 'docker' })).toMatchObject({
      status: 'failed',
      reason: 'output',
    });
    expect(judgeCell(engines, cell, printed('hello\n')).status).toBe('failed');
  });
});
