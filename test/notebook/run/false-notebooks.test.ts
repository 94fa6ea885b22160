import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { connect, type Engine } from '../../../src/core/connect.ts';
import type { CellReport, NotebookReport } from '../../../src/notebook/run/report.ts';
import { describeFailure } from '../../../src/notebook/run/report.ts';
import { runNotebooks } from '../../../src/notebook/run/run-notebooks.ts';

/**
 * Notebooks that are false in one way each (test/notebook/run/fixtures/false/): each has an
 * honest cell, then the false one (its code starts with `// false:`). Each must fail at that
 * cell, saying where and why. An honest notebook telling the same claims true passes.
 */
const FALSE = 'test/notebook/run/fixtures/false';
const fixture = (name: string) => join(FALSE, `${name}.md`);
const HONEST = 'test/notebook/run/fixtures/honest.md';

interface Expectation {
  reason: NonNullable<CellReport['reason']>;
  /** What the failure's message (or its diff) must say. */
  says: Array<string | RegExp>;
}

const CASES: Record<string, Expectation> = {
  'identity-reversed': {
    reason: 'output',
    says: [
      /line 2: 3f2a1c9d8e7b stood for another value earlier in the cell, not 1[0-9a-f]{11}/,
      '- second <short-id-1>\n+ second <short-id-2>',
    ],
  },
  'size-x10': {
    reason: 'output',
    says: ['line 1: the size 119kB is not within ×2 of the expected 1190kB', '- wrote 1190kB\n+ wrote 119kB'],
  },
  'duration-x10': {
    reason: 'output',
    says: [/line 1: the duration \d+\.\ds is not within 0\.5 s or ×5 of the expected 15\.0s/],
  },
  'wrong-fixed-port': {
    reason: 'output',
    says: [
      'its output differs from the expected block',
      '- 0.0.0.0:5001->80/tcp\n- serving on http://127.0.0.1:5001/\n+ 0.0.0.0:5000->80/tcp\n' +
        '+ serving on http://127.0.0.1:5000/',
    ],
  },
  'wrong-dated-tag': {
    reason: 'output',
    says: ['line 1: 20261204 is not 20261205', /\+ app-<session-1> tagged app-20261204/],
  },
  'raises-by-text': {
    reason: 'raises',
    says: ['expected the cell to fail with the error code NOT_FOUND, but it threw Error with no error code: NOT_FOUND'],
  },
  'raises-regex-check': {
    reason: 'raises',
    says: [
      'expected the cell to fail with an error matching /one and one/, but a check failed: claim failed: one and one ' +
        'make three',
    ],
  },
  'ellipsis-hides-exit': {
    reason: 'output',
    says: ['its output differs from the expected block', /\n {2}\.\.\.\n(?: {2}.*\n)*\+ \[exit 1\]\n/],
  },
  'no-output-block': {
    reason: 'no-output-block',
    says: ['the cell printed output but has no ```output block to compare it with'],
  },
  'normalizer-exit-code': {
    reason: 'normalizer',
    says: ['[normalize] /exit \\d+/: this notebook normalizer rewrites "[exit 0]"'],
  },
  'carriage-return': { reason: 'output', says: ['- done\n+ doneloading 10%'] },
};

/** The 1-based line of the fence that opens the cell whose code has the `// false:` marker. */
function falseCellLine(file: string): number {
  const lines = readFileSync(file, 'utf8').split('\n');
  const marker = lines.findIndex((line) => line.startsWith('// false:'));
  expect(marker, `${file} has no // false: cell`).toBeGreaterThan(0);
  for (let i = marker - 1; i >= 0; i--) if (lines[i]!.startsWith('```typescript')) return i + 1;
  throw new Error(`${file}: no fence above the // false: marker`);
}

let engine: Engine;
const reports = new Map<string, NotebookReport>();
let honest: NotebookReport;

beforeAll(async () => {
  engine = await connect();
  const names = Object.keys(CASES);
  const run = await runNotebooks([...names.map(fixture), HONEST], { engine, continueOnFailure: true });
  names.forEach((name, i) => reports.set(name, run[i]!));
  honest = run.at(-1)!;
}, 600_000);

describe('false notebooks fail, each at its false cell, saying where and why', () => {
  it.each(Object.entries(CASES))('%s', (name, { reason, says }) => {
    const report = reports.get(name)!;
    const file = fixture(name);
    const failed = report.cells.filter((cell) => cell.status === 'failed');
    expect(
      failed.map((cell) => cell.location),
      JSON.stringify(report.cells.map((c) => [c.location, c.status, c.reason, c.message])),
    ).toEqual([`${file}:${falseCellLine(file)}`]);
    expect(report.cells.filter((cell) => cell.status === 'passed')).toHaveLength(report.cells.length - 1);
    const cell = failed[0]!;
    expect(cell.reason, cell.message).toBe(reason);
    const told = describeFailure(cell);
    expect(told.startsWith(`${file}:${falseCellLine(file)}: cell ${cell.index} failed: `), told).toBe(true);
    for (const said of says) {
      if (typeof said === 'string') expect(told).toContain(said);
      else expect(told).toMatch(said);
    }
  });
});

describe('the honest notebook', () => {
  it('passes every cell, telling the same claims true', () => {
    expect(honest.cells.map((cell) => [cell.location, cell.status, cell.message ?? '', cell.diff ?? ''])).toEqual(
      honest.cells.map((cell) => [cell.location, 'passed', '', '']),
    );
    expect(honest.cells).toHaveLength(8);
  });
});
