import { describe, expect, it } from 'vitest';
import type { IpynbCell, IpynbOutput } from '../../../src/notebook/format/ipynb.ts';
import { jupyterCellRun, type JupyterRunRecord } from '../../../src/notebook/jupyter/replay.ts';

function cell(outputs: IpynbOutput[], record?: JupyterRunRecord): Extract<IpynbCell, { cell_type: 'code' }> {
  return { id: 'x-1', cell_type: 'code', source: '', execution_count: 1, metadata: record ? { dockbook: record } : {}, outputs };
}

describe('jupyterCellRun', () => {
  it("joins Jupyter's split stream writes and line lists as the runner's collector does", () => {
    const run = jupyterCellRun(cell([
      { output_type: 'stream', name: 'stdout', text: ['written '] },
      { output_type: 'stream', name: 'stdout', text: ['in two parts\n'] },
      { output_type: 'execute_result', execution_count: 1, metadata: {}, data: { 'text/plain': ['{\n', "  a: 1\n", '}'], 'application/json': ['kept'] } },
    ], { status: 'ok', duration_ms: 12 }));
    expect(run).toEqual({
      status: 'ok',
      durationMs: 12,
      outputs: [
        { type: 'stream', name: 'stdout', text: 'written in two parts\n' },
        { type: 'execute_result', executionCount: 1, metadata: {}, data: { 'text/plain': '{\n  a: 1\n}', 'application/json': ['kept'] } },
      ],
    });
  });

  it("finds a failed tslab cell's error in what it printed to stderr last, as the runner does", () => {
    const run = jupyterCellRun(cell([
      { output_type: 'stream', name: 'stderr', text: 'warn\n' },
      { output_type: 'stream', name: 'stderr', text: ['TypeError: bad\n', '    at x\n'] },
    ], { status: 'error', duration_ms: 3 }));
    expect(run?.status).toBe('error');
    expect(run?.errorText).toBe('TypeError\nbad\nTypeError: bad\n    at x');
  });

  it("prefers the reply's own error, and says how a timed-out or dead run ended", () => {
    const error = { ename: 'RangeError', evalue: 'too far', traceback: ['RangeError: too far'] };
    expect(jupyterCellRun(cell([], { status: 'error', duration_ms: 1, error }))?.errorText).toBe('RangeError\ntoo far\nRangeError: too far');
    const dead = jupyterCellRun(cell([], { status: 'dead', duration_ms: 1, error: { ename: 'DeadKernelError', evalue: 'the kernel exited with code 3 while the cell ran' } }));
    expect(dead).toMatchObject({ status: 'dead', errorText: 'the kernel exited with code 3 while the cell ran' });
  });

  it('is undefined for a cell Jupyter did not run', () => {
    expect(jupyterCellRun(cell([{ output_type: 'stream', name: 'stdout', text: 'the expected block\n' }]))).toBeUndefined();
  });
});
