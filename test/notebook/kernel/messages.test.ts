import { describe, expect, it } from 'vitest';
import { readMessage } from '../../../src/notebook/kernel/messages.ts';
import { CellCollector } from '../../../src/notebook/kernel/collect.ts';
import { newHeader } from '../../../src/notebook/kernel/wire.ts';

const read = (msgType: string, content: Record<string, unknown>) =>
  readMessage({ header: newHeader(msgType, 'kernel'), content });

describe('kernel messages, read with guards', () => {
  it('reads each type the client uses into its typed shape', () => {
    expect(read('stream', { name: 'stderr', text: 'x' })).toEqual({ type: 'stream', name: 'stderr', text: 'x' });
    expect(read('display_data', { data: { 'text/plain': 'a' }, transient: { display_id: 'd' } })).toEqual({
      type: 'display_data',
      data: { 'text/plain': 'a' },
      metadata: {},
      displayId: 'd',
    });
    expect(read('execute_result', { data: {}, metadata: { m: 1 }, execution_count: 3 })).toEqual({
      type: 'execute_result',
      data: {},
      metadata: { m: 1 },
      executionCount: 3,
    });
    expect(read('error', { ename: 'TypeError', evalue: 'no', traceback: ['a', 2] })).toEqual({
      type: 'error',
      ename: 'TypeError',
      evalue: 'no',
      traceback: ['a', '2'],
    });
    expect(read('status', { execution_state: 'idle' })).toEqual({ type: 'status', state: 'idle' });
    expect(
      read('execute_reply', { status: 'error', ename: 'E', evalue: 'v', dockbook: { thrown: { name: 'E' } } }),
    ).toEqual({
      type: 'execute_reply',
      status: 'error',
      executionCount: null,
      error: { ename: 'E', evalue: 'v', traceback: [] },
      thrown: { name: 'E' },
    });
    const info = { protocol_version: '5.3', implementation: 'tslab', language_info: { name: 'typescript' } };
    expect(read('kernel_info_reply', info)).toEqual({ type: 'kernel_info_reply', info });
    expect(read('comm_open', {})).toEqual({ type: 'other', msgType: 'comm_open' });
  });

  it.each([
    ['stream', { name: 'stdout' }, 'a stream message without its text'],
    ['stream', { name: 'stdin', text: 'x' }, 'a stream named "stdin" (stdout or stderr expected)'],
    ['display_data', { data: 'x' }, 'a display_data message without a data bundle'],
    ['update_display_data', { data: {} }, 'an update_display_data message without a display_id'],
    ['execute_result', {}, 'an execute_result message without a data bundle'],
    ['error', { ename: 'E' }, 'an error message without ename and evalue'],
    ['status', {}, 'a status message without execution_state'],
    ['execute_reply', { status: 'fine' }, 'an execute_reply with status "fine" (ok, error or abort expected)'],
    ['kernel_info_reply', { implementation: 'x' }, 'a kernel_info_reply without protocol_version or language_info'],
  ])('names what is wrong with a malformed %s', (msgType, content, problem) => {
    expect(read(msgType, content)).toEqual({ type: 'malformed', msgType, problem });
  });

  it('fails the cell on a malformed message instead of dropping it, and ends it on a malformed reply', async () => {
    const cell = new CellCollector();
    const message = (msgType: string, content: Record<string, unknown>) => ({
      header: newHeader(msgType, 'kernel'),
      parent_header: {},
      metadata: {},
      content,
      buffers: [],
    });
    cell.add(message('stream', { name: 'stdout' }));
    cell.add(message('status', { execution_state: 'idle' }));
    cell.add(message('execute_reply', {}));
    await cell.done;
    expect(cell.reply?.status).toBe('error');
    expect(cell.outputs.map((output) => output.type === 'error' && output.evalue)).toEqual([
      'the kernel sent a stream message without its text',
      'the kernel sent an execute_reply with status undefined (ok, error or abort expected)',
    ]);
    expect(cell.error().ename).toBe('KernelProtocolError');
  });
});
