import { describe, expect, it } from 'vitest';
import type { CellOutput } from '../../../src/notebook/kernel/types.ts';
import { withoutError } from '../../../src/notebook/verify/error-part.ts';

// What tslab 1.0.22 writes to stderr for a thrown error, and the runner's error text for it
// (name, value, then the traceback: the write's non-blank lines).
const SYNC_THROW =
  'evalmachine.<anonymous>:2\nthrow new Error("boom");\n^\n\nError: boom\n    at evalmachine.<anonymous>:2:7\n';
const SYNC_TEXT = [
  'Error',
  'boom',
  'evalmachine.<anonymous>:2',
  'throw new Error("boom");',
  '^',
  'Error: boom',
  '    at evalmachine.<anonymous>:2:7',
].join('\n');
const stream = (name: 'stdout' | 'stderr', text: string): CellOutput => ({ type: 'stream', name, text });

describe('withoutError', () => {
  it("removes tslab's print of the error from the end of stderr, keeping what the cell wrote before", () => {
    const outputs = [stream('stdout', 'before\n'), stream('stderr', `a warning\n${SYNC_THROW}`)];
    expect(withoutError(outputs, SYNC_TEXT)).toEqual([stream('stdout', 'before\n'), stream('stderr', 'a warning\n')]);
  });

  it('drops the stderr output when it held only the error, and every kernel error output', () => {
    const outputs: CellOutput[] = [
      stream('stdout', 'before\n'),
      stream('stderr', SYNC_THROW),
      { type: 'error', ename: 'Error', evalue: 'boom', traceback: [] },
    ];
    expect(withoutError(outputs, SYNC_TEXT)).toEqual([stream('stdout', 'before\n')]);
  });

  it('finds the error in the last stderr output even when stdout came after it', () => {
    const outputs = [stream('stderr', SYNC_THROW), stream('stdout', 'late\n')];
    expect(withoutError(outputs, SYNC_TEXT)).toEqual([stream('stdout', 'late\n')]);
  });

  it('leaves stderr alone when it does not end with the error', () => {
    const outputs = [stream('stderr', 'a warning\n'), stream('stdout', 'x\n')];
    expect(withoutError(outputs, SYNC_TEXT)).toEqual(outputs);
    expect(withoutError(outputs, undefined)).toEqual(outputs);
    expect(withoutError([stream('stderr', 'Error: boom\nsomething else\n')], SYNC_TEXT)).toEqual([
      stream('stderr', 'Error: boom\nsomething else\n'),
    ]);
  });
});
