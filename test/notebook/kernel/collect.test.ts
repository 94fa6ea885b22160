import { describe, expect, it } from 'vitest';
import { CellCollector } from '../../../src/notebook/kernel/collect.ts';
import { LATE_ERROR_MIME } from '../../../src/notebook/kernel/late-error.ts';
import { newHeader, type JupyterMessage } from '../../../src/notebook/kernel/wire.ts';

const msg = (msgType: string, content: Record<string, unknown>): JupyterMessage => ({
  header: newHeader(msgType, 'kernel'),
  parent_header: {},
  metadata: {},
  content,
  buffers: [],
});
const stream = (name: string, text: string) => msg('stream', { name, text });
const idle = msg('status', { execution_state: 'idle' });
const reply = (content: Record<string, unknown>) => msg('execute_reply', content);

async function isDone(cell: CellCollector): Promise<boolean> {
  return Promise.race([
    cell.done.then(() => true),
    new Promise<boolean>((resolve) => setImmediate(() => resolve(false))),
  ]);
}

describe('gathering one cell', () => {
  it('joins consecutive writes to a stream and keeps the order of streams', () => {
    const cell = new CellCollector();
    for (const message of [
      stream('stdout', 'a'),
      stream('stdout', 'b\n'),
      stream('stderr', 'warn\n'),
      stream('stdout', 'c\n'),
    ])
      cell.add(message);
    expect(cell.outputs).toEqual([
      { type: 'stream', name: 'stdout', text: 'ab\n' },
      { type: 'stream', name: 'stderr', text: 'warn\n' },
      { type: 'stream', name: 'stdout', text: 'c\n' },
    ]);
  });

  it('keeps every MIME type of displays and results, and applies display updates', () => {
    const cell = new CellCollector();
    const data = { 'text/html': '<b>web</b>', 'text/plain': 'web' };
    cell.add(msg('display_data', { data, metadata: { isolated: true }, transient: { display_id: 'd1' } }));
    cell.add(
      msg('update_display_data', {
        data: { 'text/plain': 'web (exited)' },
        metadata: {},
        transient: { display_id: 'd1' },
      }),
    );
    cell.add(msg('execute_result', { data, metadata: {}, execution_count: 7 }));
    expect(cell.outputs).toEqual([
      { type: 'display_data', data: { 'text/plain': 'web (exited)' }, metadata: {}, displayId: 'd1' },
      { type: 'execute_result', data, metadata: {}, executionCount: 7 },
    ]);
    expect(cell.executionCount).toBe(7);
  });

  it('is done once both the reply and idle have come, in either order', async () => {
    const replyFirst = new CellCollector();
    replyFirst.add(reply({ status: 'ok', execution_count: 3 }));
    expect(await isDone(replyFirst)).toBe(false);
    replyFirst.add(idle);
    expect(await isDone(replyFirst)).toBe(true);
    expect(replyFirst.executionCount).toBe(3);

    const idleFirst = new CellCollector();
    idleFirst.add(idle);
    expect(await isDone(idleFirst)).toBe(false);
    idleFirst.add(reply({ status: 'ok', execution_count: 4 }));
    expect(await isDone(idleFirst)).toBe(true);
  });

  it("takes the exception from an error output, else the reply, else tslab's stderr", () => {
    const published = new CellCollector();
    published.add(msg('error', { ename: 'NameError', evalue: 'x', traceback: ['line 1'] }));
    expect(published.error()).toEqual({ ename: 'NameError', evalue: 'x', traceback: ['line 1'] });
    expect(published.outputs).toEqual([{ type: 'error', ename: 'NameError', evalue: 'x', traceback: ['line 1'] }]);

    const replied = new CellCollector();
    replied.add(reply({ status: 'error', ename: 'ValueError', evalue: 'bad', traceback: [] }));
    expect(replied.error()).toEqual({ ename: 'ValueError', evalue: 'bad', traceback: [] });

    const printed = new CellCollector();
    printed.add(stream('stderr', 'RangeError: too far\n    at x\n'));
    printed.add(reply({ status: 'error', execution_count: 1 }));
    expect(printed.error()).toMatchObject({ ename: 'RangeError', evalue: 'too far' });
  });

  it('adds the value the reply says the cell threw', () => {
    const thrown = { name: 'DockbookError', message: '[rm] web: no such container.', code: 'NOT_FOUND' };
    const cell = new CellCollector();
    cell.add(stream('stderr', 'DockbookError: [rm] web: no such container.\n'));
    cell.add(
      reply({
        status: 'error',
        ename: 'DockbookError',
        evalue: thrown.message,
        traceback: ['DockbookError: [rm] web: no such container.'],
        dockbook: { thrown },
      }),
    );
    expect(cell.error()).toEqual({
      ename: 'DockbookError',
      evalue: thrown.message,
      traceback: ['DockbookError: [rm] web: no such container.'],
      thrown,
    });
  });

  it('takes late errors out of the outputs, wherever they came from', () => {
    const cell = new CellCollector();
    const late = {
      origin: 3,
      kind: 'unhandled-rejection',
      thrown: { name: 'Error', message: 'late' },
      text: 'Error: late\n    at x',
    };
    cell.add(
      msg('display_data', {
        data: { [LATE_ERROR_MIME]: late, 'text/plain': 'Error nothing caught …' },
        metadata: {},
        transient: {},
      }),
    );
    cell.add(stream('stdout', 'innocent\n'));
    cell.add(
      msg('display_data', {
        data: { [LATE_ERROR_MIME]: 'garbled', 'text/plain': 'Error nothing caught: x' },
        metadata: {},
      }),
    );
    expect(cell.outputs).toEqual([{ type: 'stream', name: 'stdout', text: 'innocent\n' }]);
    expect(cell.lateErrors).toEqual([
      late,
      {
        origin: null,
        kind: 'uncaught-exception',
        thrown: { name: '', message: 'Error nothing caught: x' },
        text: 'Error nothing caught: x',
      },
    ]);
  });
});
