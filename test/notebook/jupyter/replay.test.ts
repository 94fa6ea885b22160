import { describe, expect, it } from 'vitest';
import type { Ipynb, IpynbCell, IpynbOutput } from '../../../src/notebook/format/ipynb.ts';
import { cleanupLateErrors, jupyterCellRun, type JupyterRunRecord } from '../../../src/notebook/jupyter/replay.ts';
import { LATE_ERROR_MIME } from '../../../src/notebook/kernel/late-error.ts';

function cell(outputs: IpynbOutput[], record?: JupyterRunRecord): Extract<IpynbCell, { cell_type: 'code' }> {
  return {
    id: 'x-1',
    cell_type: 'code',
    source: '',
    execution_count: 1,
    metadata: record ? { dockbook: record } : {},
    outputs,
  };
}

describe('jupyterCellRun', () => {
  it("joins Jupyter's split stream writes and line lists as the runner's collector does", () => {
    const run = jupyterCellRun(
      cell(
        [
          { output_type: 'stream', name: 'stdout', text: ['written '] },
          { output_type: 'stream', name: 'stdout', text: ['in two parts\n'] },
          {
            output_type: 'execute_result',
            execution_count: 1,
            metadata: {},
            data: { 'text/plain': ['{\n', '  a: 1\n', '}'], 'application/json': ['kept'] },
          },
        ],
        { status: 'ok', duration_ms: 12 },
      ),
    );
    expect(run).toEqual({
      run: {
        status: 'ok',
        durationMs: 12,
        executionCount: 1,
        lateErrors: [],
        outputs: [
          { type: 'stream', name: 'stdout', text: 'written in two parts\n' },
          {
            type: 'execute_result',
            executionCount: 1,
            metadata: {},
            data: { 'text/plain': '{\n  a: 1\n}', 'application/json': ['kept'] },
          },
        ],
      },
      received: [],
    });
  });

  it("finds a failed tslab cell's error in what it printed to stderr last, as the runner does", () => {
    const run = jupyterCellRun(
      cell(
        [
          { output_type: 'stream', name: 'stderr', text: 'warn\n' },
          { output_type: 'stream', name: 'stderr', text: ['TypeError: bad\n', '    at x\n'] },
        ],
        { status: 'error', duration_ms: 3 },
      ),
    );
    expect(run?.run.status).toBe('error');
    // The error as the cell printed it: its first line names it, so nothing is said twice.
    expect(run?.run.errorText).toBe('TypeError: bad\n    at x');
  });

  it("prefers the reply's own error, and says how a timed-out or dead run ended", () => {
    const error = { ename: 'RangeError', evalue: 'too far', traceback: ['RangeError: too far'] };
    expect(jupyterCellRun(cell([], { status: 'error', duration_ms: 1, error }))?.run.errorText).toBe(
      'RangeError: too far',
    );
    const bare = { ename: 'RangeError', evalue: 'too far', traceback: [] };
    expect(jupyterCellRun(cell([], { status: 'error', duration_ms: 1, error: bare }))?.run.errorText).toBe(
      'RangeError\ntoo far',
    );
    const dead = jupyterCellRun(
      cell([], {
        status: 'dead',
        duration_ms: 1,
        error: { ename: 'DeadKernelError', evalue: 'the kernel exited with code 3 while the cell ran' },
      }),
    );
    expect(dead?.run).toMatchObject({ status: 'dead', errorText: 'the kernel exited with code 3 while the cell ran' });
  });

  it('reads back the value a failed cell threw, and takes late errors out of the outputs', () => {
    const thrown = { name: 'DockbookError', message: '[rm] web: no such container.', code: 'NOT_FOUND' };
    const late = {
      origin: 2,
      kind: 'uncaught-exception',
      thrown: { name: 'Error', message: 'late' },
      text: 'Error: late\n    at x',
    };
    const run = jupyterCellRun(
      cell(
        [
          {
            output_type: 'display_data',
            metadata: {},
            data: { [LATE_ERROR_MIME]: late, 'text/plain': ['Error nothing caught …'] },
          },
          { output_type: 'stream', name: 'stderr', text: 'DockbookError: [rm] web: no such container.\n' },
        ],
        {
          status: 'error',
          duration_ms: 5,
          error: {
            ename: 'DockbookError',
            evalue: thrown.message,
            traceback: ['DockbookError: [rm] web: no such container.'],
          },
          thrown,
        },
      ),
    );
    expect(run?.run).toMatchObject({ thrown, outputs: [{ type: 'stream', name: 'stderr' }] });
    expect(run?.received).toEqual([late]);
  });

  it('reads the late errors the cleanup step received from the notebook', () => {
    const late = {
      origin: 4,
      kind: 'unhandled-rejection',
      thrown: { name: 'Error', message: 'after the last cell' },
      text: 'Error: after the last cell',
    };
    const executed: Ipynb = {
      nbformat: 4,
      nbformat_minor: 5,
      metadata: { dockbook_cleanup: { late_errors: [late] } },
      cells: [],
    };
    expect(cleanupLateErrors(executed)).toEqual([late]);
    expect(cleanupLateErrors({ ...executed, metadata: {} })).toEqual([]);
  });

  it('is undefined for a cell Jupyter did not run', () => {
    expect(
      jupyterCellRun(cell([{ output_type: 'stream', name: 'stdout', text: 'the expected block\n' }])),
    ).toBeUndefined();
  });
});
