import { describe, expect, it } from 'vitest';
import { matchOutput } from '../../../src/notebook/verify/match.ts';

const ok = (expected: string, actual: string) => matchOutput(expected, actual).ok;

describe('matchOutput', () => {
  it('matches equal text, ignoring trailing whitespace on lines and trailing blank lines', () => {
    expect(ok('hello\nworld\n', 'hello   \nworld\n\n\n')).toBe(true);
    expect(ok('hello\n\n', 'hello')).toBe(true);
    expect(ok('', '\n\n')).toBe(true);
    expect(ok('hello\n', 'Hello\n')).toBe(false);
    expect(ok('\nhello\n', 'hello\n')).toBe(false);
    expect(ok('  hello\n', 'hello\n')).toBe(false);
  });

  it('compares after normalization, both sides', () => {
    expect(ok('3f2a1c9d8e7b   web-3f2a1c9d   Up 2 seconds\n', '9a8b7c6d5e4f   web-91bc0e44   Up About a minute\n')).toBe(true);
    expect(ok('Exited (0) 3 seconds ago\n', 'Exited (1) 3 seconds ago\n')).toBe(false);
    expect(matchOutput('took #1\n', 'took #2\n', [{ pattern: '#\\d', replacement: '#n' }]).ok).toBe(true);
  });

  it('lets a `...` line stand for any number of lines: at the start, in the middle, at the end', () => {
    const log = 'Step 1/3 : FROM busybox\nStep 2/3 : RUN echo hi\nhi\nStep 3/3 : CMD ["sh"]\nSuccessfully built 3f2a1c9d8e7b\n';
    expect(ok('...\nSuccessfully built 9a8b7c6d5e4f\n', log)).toBe(true);
    expect(ok('Step 1/3 : FROM busybox\n...\nSuccessfully built 9a8b7c6d5e4f\n', log)).toBe(true);
    expect(ok('Step 1/3 : FROM busybox\n...\n', log)).toBe(true);
    expect(ok('...\nhi\n...\n', log)).toBe(true);
    expect(ok('...\n', '')).toBe(true);
    expect(ok('a\n...\nb\n', 'a\nb\n')).toBe(true);
    expect(ok('...\nbye\n...\n', log)).toBe(false);
    expect(ok('Step 1/3 : FROM busybox\n...\n', 'Step 1/3 : FROM node\n')).toBe(false);
  });

  it('treats consecutive `...` lines as one, and backtracks to find a later match', () => {
    expect(ok('a\n...\n...\nz\n', 'a\nz\n')).toBe(true);
    expect(ok('a\n...\n...\nz\n', 'a\nb\nc\nz\n')).toBe(true);
    expect(ok('...\nx\ny\n', 'x\nq\nx\ny\n')).toBe(true);
    expect(ok('...\nx\ny\n', 'x\ny\nq\n')).toBe(false);
  });

  it('only a line that is exactly `...` is an ellipsis', () => {
    expect(ok('Step 1/3 ...\n', 'Step 1/3 : FROM busybox\n')).toBe(false);
    expect(ok('  ...\n', 'anything\n')).toBe(false);
    expect(ok('...\n', '...\n')).toBe(true);
  });

  it('gives a diff of the normalized lines on a mismatch', () => {
    expect(matchOutput('Up 2 seconds\nhello\n', 'Up 3 seconds\nhullo\n')).toEqual({
      ok: false,
      diff: ['--- expected (from the notebook)', '+++ actual (from the engine)', '@@ -1,2 +1,2 @@', '  Up <duration>', '- hello', '+ hullo'].join('\n'),
    });
    expect(matchOutput('a\n', 'a\n')).toEqual({ ok: true });
  });
});
