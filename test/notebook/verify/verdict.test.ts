import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startKernel, type Kernel } from '../../../src/notebook/kernel/kernel.ts';
import type { CellOutput, CellResult } from '../../../src/notebook/kernel/types.ts';
import { verifyCell } from '../../../src/notebook/verify/verdict.ts';
import { packageRoot } from '../../../src/paths.ts';

const stdout = (text: string): CellOutput[] => [{ type: 'stream', name: 'stdout', text }];
const NOT_FOUND = "DockbookError\n[rm] container \"web\": No such container: web.\nDockbookError: [rm] container \"web\": No such container: web.\n    at rm (file:///x/rm.js:1:1) {\n  code: 'NOT_FOUND'\n}";
const printed = (text: string): CellOutput[] => [{ type: 'stream', name: 'stdout', text: 'before\n' }, { type: 'stream', name: 'stderr', text: text.split('\n').slice(2).join('\n') + '\n' }];

describe('verifyCell', () => {
  it('passes a cell that ran, with no expected block (nothing to compare) or a matching one', () => {
    expect(verifyCell({ status: 'ok', outputs: stdout('anything\n') })).toEqual({ status: 'passed', actual: 'anything\n' });
    expect(verifyCell({ status: 'ok', outputs: stdout('Up 3 seconds\n'), expected: 'Up 2 seconds\n' })).toEqual({ status: 'passed', actual: 'Up 3 seconds\n' });
    expect(verifyCell({ status: 'ok', outputs: [], expected: '' })).toEqual({ status: 'passed', actual: '' });
  });

  it("fails a cell whose output differs, with the diff, using the notebook's normalizers", () => {
    const verdict = verifyCell({ status: 'ok', outputs: stdout('hullo\n'), expected: 'hello\n' });
    expect(verdict).toEqual({ status: 'failed', reason: 'output', message: 'its output differs from the expected block', diff: expect.stringContaining('- hello\n+ hullo'), actual: 'hullo\n' });
    expect(verifyCell({ status: 'ok', outputs: stdout('printed\n'), expected: '' }).reason).toBe('output');
    expect(verifyCell({ status: 'ok', outputs: stdout('run 7\n'), expected: 'run 1\n', normalizers: [{ pattern: 'run \\d', replacement: 'run N' }] }).status).toBe('passed');
  });

  it('fails a cell that raised without raises=, showing the error', () => {
    expect(verifyCell({ status: 'error', outputs: printed(NOT_FOUND), errorText: NOT_FOUND })).toEqual({
      status: 'failed',
      reason: 'error',
      message: `the cell raised an error (mark it raises=… if that is what it shows):\n${NOT_FOUND.split('\n').map((line) => `  ${line}`).join('\n')}`,
      actual: 'before\n',
    });
    expect(verifyCell({ status: 'error', outputs: [] }).message).toContain('(the kernel gave no error text)');
  });

  it('passes a cell that failed with the error raises= names, then compares its output without the error', () => {
    expect(verifyCell({ status: 'error', outputs: printed(NOT_FOUND), errorText: NOT_FOUND, raises: 'NOT_FOUND' })).toEqual({ status: 'passed', actual: 'before\n' });
    expect(verifyCell({ status: 'error', outputs: printed(NOT_FOUND), errorText: NOT_FOUND, raises: '/no such container/i', expected: 'before\n' }).status).toBe('passed');
    const wrongOutput = verifyCell({ status: 'error', outputs: printed(NOT_FOUND), errorText: NOT_FOUND, raises: 'NOT_FOUND', expected: 'after\n' });
    expect(wrongOutput).toMatchObject({ status: 'failed', reason: 'output', diff: expect.stringContaining('- after\n+ before') });
  });

  it('fails a cell that failed with another error than raises= names, or with a malformed raises=', () => {
    expect(verifyCell({ status: 'error', outputs: [], errorText: NOT_FOUND, raises: 'CONFLICT_RUNNING' })).toMatchObject({
      status: 'failed',
      reason: 'raises',
      message: expect.stringMatching(/^expected the cell to fail with CONFLICT_RUNNING, but it failed with:\n {2}DockbookError\n/),
    });
    expect(verifyCell({ status: 'error', outputs: [], errorText: NOT_FOUND, raises: '/(/' })).toMatchObject({ status: 'failed', reason: 'raises', message: expect.stringContaining('is not a valid regex') });
  });

  it('fails a cell that succeeded where raises= expected it to fail', () => {
    expect(verifyCell({ status: 'ok', outputs: stdout('removed\n'), raises: 'CONFLICT_RUNNING', expected: 'removed\n' })).toEqual({
      status: 'failed',
      reason: 'raises',
      message: 'expected the cell to fail with CONFLICT_RUNNING, but it succeeded',
      actual: 'removed\n',
    });
  });

  it('fails a cell that timed out or whose kernel died, whatever it printed', () => {
    const timeout = '[execute] kernel 42: the cell ran longer than 1000 ms; it was interrupted.';
    expect(verifyCell({ status: 'timeout', outputs: stdout('waiting\n'), errorText: timeout, expected: 'waiting\n' })).toEqual({ status: 'failed', reason: 'timeout', message: timeout, actual: 'waiting\n' });
    expect(verifyCell({ status: 'dead', outputs: [] })).toEqual({ status: 'failed', reason: 'dead', message: 'the kernel stopped while the cell ran', actual: '' });
    expect(verifyCell({ status: 'timeout', outputs: [], raises: 'TIMEOUT' }).status).toBe('failed');
  });
});

describe('verifyCell on real tslab cells', () => {
  let kernel: Kernel;
  beforeAll(async () => {
    kernel = await startKernel(packageRoot);
  });
  afterAll(async () => {
    await kernel?.shutdown();
  });

  /** The error text as the runner passes it: name, value, then the traceback. */
  const errorText = (result: CellResult) => (result.status === 'error' ? [result.error.ename, result.error.evalue, ...result.error.traceback].join('\n') : undefined);

  it('passes a cell that throws the error raises= names, and its expected block holds only what it printed', async () => {
    for (const code of [
      'console.log("before"); console.error("a warning"); throw Object.assign(new Error("No such container: web"), { code: "NOT_FOUND" })',
      'console.log("before"); console.error("a warning"); await new Promise((_, reject) => setTimeout(() => reject(Object.assign(new Error("No such container: web"), { code: "NOT_FOUND" })), 10))',
    ]) {
      const result = await kernel.execute(code);
      expect(result.status).toBe('error');
      const verdict = verifyCell({ status: result.status, outputs: result.outputs, errorText: errorText(result)!, raises: 'NOT_FOUND', expected: 'before\na warning\n' });
      expect(verdict, code).toEqual({ status: 'passed', actual: 'before\na warning\n' });
      expect(verifyCell({ status: result.status, outputs: result.outputs, errorText: errorText(result)!, raises: 'CONFLICT_RUNNING' }).reason).toBe('raises');
    }
  });

  it("compares a real cell's printed values after normalization", async () => {
    const result = await kernel.execute('console.log(`Up ${Math.ceil(Math.random() * 50)} seconds`); ({ id: "9a8b7c6d5e4f", created: new Date() })');
    const verdict = verifyCell({ status: result.status, outputs: result.outputs, expected: "Up 2 seconds\n{ id: '3f2a1c9d8e7b', created: 2026-11-22T06:15:38.123Z }\n" });
    expect(verdict.status, verdict.diff).toBe('passed');
  });
});
