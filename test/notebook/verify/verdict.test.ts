import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startKernel, type Kernel } from '../../../src/notebook/kernel/kernel.ts';
import type { CellOutput, CellResult } from '../../../src/notebook/kernel/types.ts';
import { verifyCell, type ThrownError } from '../../../src/notebook/verify/verdict.ts';
import { packageRoot } from '../../../src/paths.ts';

const stdout = (text: string): CellOutput[] => [{ type: 'stream', name: 'stdout', text }];
const NOT_FOUND_TEXT =
  'DockbookError\n[rm] container "web": No such container: web.\n' +
  'DockbookError: [rm] container "web": No such container: web.\n    at rm (file:///x/rm.js:1:1) {\n' +
  "  code: 'NOT_FOUND'\n}";
const NOT_FOUND: ThrownError = {
  name: 'DockbookError',
  code: 'NOT_FOUND',
  message: '[rm] container "web": No such container: web.',
};
/** What the cell printed before failing, then tslab's print of the error on stderr. */
const printed = (text: string): CellOutput[] => [
  { type: 'stream', name: 'stdout', text: 'before\n' },
  { type: 'stream', name: 'stderr', text: text.split('\n').slice(2).join('\n') + '\n' },
];

describe('verifyCell', () => {
  it('passes a cell whose output matches its block, and one with no block that printed nothing', () => {
    expect(verifyCell({ status: 'ok', outputs: stdout('Up 3 seconds\n'), expected: 'Up 2 seconds\n' })).toEqual({
      status: 'passed',
      actual: 'Up 3 seconds\n',
    });
    expect(verifyCell({ status: 'ok', outputs: [], expected: '' })).toEqual({ status: 'passed', actual: '' });
    expect(verifyCell({ status: 'ok', outputs: [] })).toEqual({ status: 'passed', actual: '' });
    expect(verifyCell({ status: 'ok', outputs: stdout('\n  \n') })).toEqual({ status: 'passed', actual: '' });
  });

  it("fails a cell that printed output but has no block, with reason 'no-output-block'", () => {
    expect(verifyCell({ status: 'ok', outputs: stdout('anything\n') })).toEqual({
      status: 'failed',
      reason: 'no-output-block',
      message: expect.stringMatching(
        new RegExp(
          /^the cell printed output but has no ```output block to compare it with: /.source +
            /record it with `dockbook update`, or mark the cell output=.?ignore.? /.source,
        ),
      ),
      actual: 'anything\n',
    });
    expect(
      verifyCell({
        status: 'error',
        outputs: printed(NOT_FOUND_TEXT),
        errorText: NOT_FOUND_TEXT,
        raises: 'NOT_FOUND',
        thrown: NOT_FOUND,
      }).reason,
    ).toBe('no-output-block');
  });

  it('passes a cell marked output=ignore whatever it printed, but not a failure', () => {
    expect(verifyCell({ status: 'ok', outputs: stdout('anything\n'), ignoreOutput: true })).toEqual({
      status: 'passed',
      actual: 'anything\n',
    });
    expect(
      verifyCell({ status: 'ok', outputs: stdout('anything\n'), expected: 'something else\n', ignoreOutput: true })
        .status,
    ).toBe('passed');
    expect(verifyCell({ status: 'error', outputs: [], errorText: NOT_FOUND_TEXT, ignoreOutput: true }).reason).toBe(
      'error',
    );
    expect(verifyCell({ status: 'ok', outputs: stdout('x\n'), raises: 'NOT_FOUND', ignoreOutput: true }).reason).toBe(
      'raises',
    );
    expect(verifyCell({ status: 'timeout', outputs: [], ignoreOutput: true }).reason).toBe('timeout');
  });

  it('fails a cell whose output differs, with the diff and the broken rule', () => {
    expect(verifyCell({ status: 'ok', outputs: stdout('hullo\n'), expected: 'hello\n' })).toEqual({
      status: 'failed',
      reason: 'output',
      message: 'its output differs from the expected block',
      diff: expect.stringContaining('- hello\n+ hullo'),
      actual: 'hullo\n',
    });
    expect(verifyCell({ status: 'ok', outputs: stdout('printed\n'), expected: '' }).reason).toBe('output');
    expect(verifyCell({ status: 'ok', outputs: stdout('image 1190MB\n'), expected: 'image 119MB\n' }).message).toBe(
      'its output differs from the expected block: line 1: the size 1190MB is not within ×2 of the expected 119MB',
    );
    expect(verifyCell({ status: 'ok', outputs: stdout('a\n'), expected: '...\n' })).toMatchObject({
      status: 'failed',
      reason: 'output',
      message: expect.stringContaining('only `...`'),
    });
  });

  it("uses the run's sessions: another run's id is not one", () => {
    const input = { status: 'ok', outputs: stdout('web-91bc0e44\n'), expected: 'web-3f2a1c9d\n' } as const;
    expect(verifyCell({ ...input, sessions: new Set(['91bc0e44']) }).status).toBe('passed');
    expect(verifyCell({ ...input, sessions: new Set(['5e6f7a8b']) }).status).toBe('failed');
    expect(verifyCell(input).status).toBe('failed');
  });

  it(
    "applies the notebook's normalizers, and fails with reason 'normalizer' on one that rewrites an exit status, " +
      'error code or status word',
    () => {
      expect(
        verifyCell({
          status: 'ok',
          outputs: stdout('run 7\n'),
          expected: 'run 1\n',
          normalizers: [{ pattern: 'run \\d', replacement: 'run N' }],
        }).status,
      ).toBe('passed');
      for (const [pattern, touched] of [
        ['exit \\d+', '[exit 0]'],
        ['13\\d', '[exit 137]'],
        ['NOT_\\w+', 'NOT_FOUND'],
        ['unning', 'running'],
      ]) {
        const verdict = verifyCell({
          status: 'ok',
          outputs: stdout('[exit 137]\n'),
          expected: '[exit 0]\n',
          normalizers: [{ pattern: pattern!, replacement: 'X' }],
        });
        expect(verdict, pattern).toMatchObject({ status: 'failed', reason: 'normalizer', actual: '[exit 137]\n' });
        expect(verdict.message, pattern).toContain(`rewrites "${touched}"`);
      }
    },
  );

  it('fails a cell that raised without raises=, showing the error', () => {
    expect(
      verifyCell({ status: 'error', outputs: printed(NOT_FOUND_TEXT), errorText: NOT_FOUND_TEXT, thrown: NOT_FOUND }),
    ).toEqual({
      status: 'failed',
      reason: 'error',
      message: `the cell raised an error (mark it raises=… if that is what it shows):\n${NOT_FOUND_TEXT.split('\n')
        .map((line) => `  ${line}`)
        .join('\n')}`,
      actual: 'before\n',
    });
    expect(verifyCell({ status: 'error', outputs: [] }).message).toContain('(the kernel gave no error text)');
  });

  it(
    'passes a cell that threw the error raises= names (its code, or a regex over its message), then compares its ' +
      'output without the error',
    () => {
      expect(
        verifyCell({
          status: 'error',
          outputs: printed(NOT_FOUND_TEXT),
          errorText: NOT_FOUND_TEXT,
          thrown: NOT_FOUND,
          raises: 'NOT_FOUND',
          expected: 'before\n',
        }),
      ).toEqual({ status: 'passed', actual: 'before\n' });
      expect(
        verifyCell({
          status: 'error',
          outputs: printed(NOT_FOUND_TEXT),
          errorText: NOT_FOUND_TEXT,
          thrown: NOT_FOUND,
          raises: '/no such container/i',
          expected: 'before\n',
        }).status,
      ).toBe('passed');
      const wrongOutput = verifyCell({
        status: 'error',
        outputs: printed(NOT_FOUND_TEXT),
        errorText: NOT_FOUND_TEXT,
        thrown: NOT_FOUND,
        raises: 'NOT_FOUND',
        expected: 'after\n',
      });
      expect(wrongOutput).toMatchObject({
        status: 'failed',
        reason: 'output',
        diff: expect.stringContaining('- after\n+ before'),
      });
    },
  );

  it(
    'fails raises= judged on text alone: an error whose message is the code, an error with no record, a failed ' +
      'check against a regex',
    () => {
      const byText = verifyCell({
        status: 'error',
        outputs: [],
        errorText: 'Error\nNOT_FOUND\nError: NOT_FOUND',
        thrown: { name: 'Error', message: 'NOT_FOUND' },
        raises: 'NOT_FOUND',
      });
      expect(byText).toMatchObject({
        status: 'failed',
        reason: 'raises',
        message: expect.stringMatching(
          new RegExp(
            /^expected the cell to fail with the error code NOT_FOUND, /.source +
              /but it threw Error with no error code: NOT_FOUND\n {2}Error\n/.source,
          ),
        ),
      });
      expect(
        verifyCell({ status: 'error', outputs: [], errorText: NOT_FOUND_TEXT, raises: 'NOT_FOUND' }),
      ).toMatchObject({
        status: 'failed',
        reason: 'raises',
        message: expect.stringContaining('was not recorded'),
      });
      const check = verifyCell({
        status: 'error',
        outputs: [],
        errorText: 'CheckFailure\nclaim failed: up',
        thrown: { name: 'CheckFailure', message: 'claim failed: up' },
        raises: '/claim failed/',
      });
      expect(check).toMatchObject({
        status: 'failed',
        reason: 'raises',
        message: expect.stringContaining('but a check failed: claim failed: up'),
      });
    },
  );

  it('fails a cell that failed with another error than raises= names, or with a malformed raises=', () => {
    expect(
      verifyCell({
        status: 'error',
        outputs: [],
        errorText: NOT_FOUND_TEXT,
        thrown: NOT_FOUND,
        raises: 'CONFLICT_RUNNING',
      }),
    ).toMatchObject({
      status: 'failed',
      reason: 'raises',
      message: expect.stringMatching(
        new RegExp(
          /^expected the cell to fail with the error code CONFLICT_RUNNING, /.source +
            /but it threw DockbookError with the code NOT_FOUND: .*\n {2}DockbookError\n/.source,
        ),
      ),
    });
    expect(
      verifyCell({ status: 'error', outputs: [], errorText: NOT_FOUND_TEXT, thrown: NOT_FOUND, raises: '/(/' }),
    ).toMatchObject({ status: 'failed', reason: 'raises', message: expect.stringContaining('is not a valid regex') });
  });

  it('fails a cell that succeeded where raises= expected it to fail', () => {
    expect(
      verifyCell({ status: 'ok', outputs: stdout('removed\n'), raises: 'CONFLICT_RUNNING', expected: 'removed\n' }),
    ).toEqual({
      status: 'failed',
      reason: 'raises',
      message: 'expected the cell to fail with CONFLICT_RUNNING, but it succeeded',
      actual: 'removed\n',
    });
  });

  it('fails a cell that timed out or whose kernel died, whatever it printed', () => {
    const timeout = '[execute] kernel 42: the cell ran longer than 1000 ms; it was interrupted.';
    expect(
      verifyCell({ status: 'timeout', outputs: stdout('waiting\n'), errorText: timeout, expected: 'waiting\n' }),
    ).toEqual({ status: 'failed', reason: 'timeout', message: timeout, actual: 'waiting\n' });
    expect(verifyCell({ status: 'dead', outputs: [] })).toEqual({
      status: 'failed',
      reason: 'dead',
      message: 'the kernel stopped while the cell ran',
      actual: '',
    });
    expect(verifyCell({ status: 'timeout', outputs: [], raises: 'TIMEOUT' }).status).toBe('failed');
  });

  it(
    'renders the output as a terminal before comparing: a ' + 'carriage return overwrites, it does not start a line',
    () => {
      expect(
        verifyCell({ status: 'ok', outputs: stdout('downloading 10%\rdone\n'), expected: 'done\n' }),
      ).toMatchObject({
        status: 'failed',
        reason: 'output',
        actual: 'doneloading 10%\n',
      });
      expect(
        verifyCell({ status: 'ok', outputs: stdout('downloading 10%\r\u001b[2Kdone\n'), expected: 'done\n' }).status,
      ).toBe('passed');
    },
  );
});

describe('verifyCell on real tslab cells', () => {
  let kernel: Kernel;
  beforeAll(async () => {
    kernel = await startKernel(packageRoot);
  });
  afterAll(async () => {
    await kernel?.shutdown();
  });

  /** The error text and thrown value as the runner passes them. */
  const failure = (result: CellResult) => {
    if (result.status !== 'error' || !('ename' in result.error)) return {};
    const { ename, evalue, traceback, thrown } = result.error;
    return { errorText: [ename, evalue, ...traceback].join('\n'), ...(thrown ? { thrown } : {}) };
  };

  it(
    'passes a cell that throws the error raises= names, ' + 'and its expected block holds only what it printed',
    async () => {
      for (const code of [
        'console.log("before"); console.error("a warning"); ' +
          'throw Object.assign(new Error("No such container: web"), { code: "NOT_FOUND" })',
        'console.log("before"); console.error("a warning"); await new Promise((_, reject) => setTimeout(() => ' +
          'reject(Object.assign(new Error("No such container: web"), { code: "NOT_FOUND" })), 10))',
      ]) {
        const result = await kernel.execute(code);
        expect(result.status).toBe('error');
        const verdict = verifyCell({
          status: result.status,
          outputs: result.outputs,
          ...failure(result),
          raises: 'NOT_FOUND',
          expected: 'before\na warning\n',
        });
        expect(verdict, code).toEqual({ status: 'passed', actual: 'before\na warning\n' });
        expect(
          verifyCell({ status: result.status, outputs: result.outputs, ...failure(result), raises: 'CONFLICT_RUNNING' })
            .reason,
        ).toBe('raises');
      }
    },
  );

  it('fails a real cell that throws an Error whose message is the code raises= names', async () => {
    const result = await kernel.execute('throw new Error("NOT_FOUND")');
    const verdict = verifyCell({
      status: result.status,
      outputs: result.outputs,
      ...failure(result),
      raises: 'NOT_FOUND',
    });
    expect(verdict).toMatchObject({
      status: 'failed',
      reason: 'raises',
      message: expect.stringContaining('but it threw Error with no error code: NOT_FOUND'),
    });
  });

  it("compares a real cell's printed values by their rules", async () => {
    const result = await kernel.execute(
      'console.log(`Up ${1 + Math.floor(Math.random() * 4)} seconds`); ({ id: "9a8b7c6d5e4f", created: new Date() })',
    );
    const verdict = verifyCell({
      status: result.status,
      outputs: result.outputs,
      expected: "Up 2 seconds\n{ id: '3f2a1c9d8e7b', created: 2026-11-22T06:15:38.123Z }\n",
    });
    expect(verdict.status, verdict.diff).toBe('passed');
  });
});
