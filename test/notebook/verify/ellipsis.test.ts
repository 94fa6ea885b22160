import { describe, expect, it } from 'vitest';
import { ELLIPSIS, ellipsisLines, isFailureLine } from '../../../src/notebook/verify/ellipsis.ts';
import { matchOutput } from '../../../src/notebook/verify/match.ts';

const ok = (expected: string, actual: string) => matchOutput(expected, actual).ok;

/** Lines that tell of a failure, one per kind isFailureLine knows. */
const FAILURES = [
  '[exit 1]',
  '[exit 137]',
  'exit code 1',
  'exit status 2',
  '(exit 127)',
  'Exited (1) 3 seconds ago',
  'Error: boom',
  "TypeError: Cannot read properties of undefined (reading 'id')",
  'DockbookError: [rm] container "web": No such container: web',
  'RangeError',
  'npm ERR! code E404',
  'error: pathspec did not match',
  'fatal: not a git repository',
  'panic: runtime error',
  'Build failed',
  'permission denied',
  'connection refused',
  'sh: curl: not found',
  'No such file or directory',
  'cannot connect to the Docker daemon',
  'unauthorized: authentication required',
  '    at Object.<anonymous> (/app/index.js:1:7)',
  '[rm] container "web": is running: stop it first',
  '[pull] image "nope": not found',
  'Unhandled promise rejection',
  'Uncaught exception',
];

describe('isFailureLine', () => {
  it('knows every way a line tells of a failure', () => {
    for (const line of FAILURES) expect(isFailureLine(line), line).toBe(true);
  });

  it('leaves ordinary lines alone', () => {
    for (const line of [
      'Step 2/7 : WORKDIR /app',
      'hello',
      'Successfully built 3f2a1c9d8e7b',
      'Up 2 seconds',
      'at home',
      'ports: 0.0.0.0:8080->80/tcp',
      ' ---> Running in 9a8b7c6d5e4f',
      '...',
    ]) {
      expect(isFailureLine(line), line).toBe(false);
    }
  });

  it('counts every exit status, [exit 0] too: the block must write it out', () => {
    expect(isFailureLine('[exit 0]')).toBe(true);
    expect(ok('hello\n...\n', 'hello\nmore\n[exit 0]\n')).toBe(false);
    expect(ok('...\n[exit 0]\n', 'hello\n[exit 0]\n')).toBe(true);
  });
});

describe('ellipsisLines', () => {
  it('collapses runs of `...` into one', () => {
    expect(ellipsisLines(['a', ELLIPSIS, ELLIPSIS, ELLIPSIS, 'b', ELLIPSIS])).toEqual({
      lines: ['a', '...', 'b', '...'],
    });
  });

  it('refuses a block that is only `...`: it claims nothing', () => {
    for (const block of [['...'], ['...', '...']]) {
      expect(ellipsisLines(block)).toEqual({
        lines: ['...'],
        problem: expect.stringMatching(/^its expected block is only `\.\.\.`, which claims nothing: .*output=.?ignore/),
      });
    }
    expect(ellipsisLines([]).problem).toBeUndefined();
    expect(ellipsisLines(['...', 'done']).problem).toBeUndefined();
  });
});

describe('`...` in matchOutput', () => {
  const log =
    'Step 1/3 : FROM busybox\nStep 2/3 : RUN echo hi\nhi\nStep 3/3 : CMD ["sh"]\nSuccessfully built 3f2a1c9d8e7b\n';

  it('stands for zero or more ordinary lines: at the start, in the middle, at the end', () => {
    expect(ok('...\nSuccessfully built 9a8b7c6d5e4f\n', log)).toBe(true);
    expect(ok('Step 1/3 : FROM busybox\n...\nSuccessfully built 9a8b7c6d5e4f\n', log)).toBe(true);
    expect(ok('Step 1/3 : FROM busybox\n...\n', log)).toBe(true);
    expect(ok('...\nhi\n...\n', log)).toBe(true);
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

  it('only a line that is exactly `...` is one', () => {
    expect(ok('Step 1/3 ...\n', 'Step 1/3 : FROM busybox\n')).toBe(false);
    expect(ok('  ...\nhi\n', 'anything\nhi\n')).toBe(false);
    expect(ok('...\nend\n', '...\nend\n')).toBe(true);
  });

  it('never stands for a line that tells of a failure', () => {
    for (const failure of FAILURES) {
      expect(ok('start\n...\ndone\n', `start\nstep\n${failure}\nmore\ndone\n`), failure).toBe(false);
      expect(ok('...\ndone\n', `${failure}\ndone\n`), failure).toBe(false);
      expect(ok('start\n...\n', `start\n${failure}\n`), failure).toBe(false);
    }
  });

  it('lets the failure line through when the block writes it out, with `...` around it', () => {
    expect(ok('start\n...\n[exit 1]\n...\ndone\n', 'start\nstep\n[exit 1]\nmore\ndone\n')).toBe(true);
    expect(ok('...\nError: boom\n    at f (x.js:1:1)\n', 'warming up\nError: boom\n    at f (x.js:1:1)\n')).toBe(true);
  });

  it('shows the hidden failure line as added in the diff', () => {
    const result = matchOutput('start\n...\ndone\n', 'start\nstep\n[exit 1]\ndone\n');
    expect(result.ok).toBe(false);
    expect(result.diff).toContain('\n+ [exit 1]');
    expect(result.diff).not.toContain('+ step');
  });

  it('fails a block of only `...`, whatever the output, even none', () => {
    for (const actual of ['', 'anything\n', '[exit 1]\n']) {
      const result = matchOutput('...\n', actual);
      expect(result.ok, actual).toBe(false);
      expect(result.problem, actual).toMatch(/only `\.\.\.`, which claims nothing/);
    }
    expect(matchOutput('...\n...\n\n', 'a\n').ok).toBe(false);
  });
});
