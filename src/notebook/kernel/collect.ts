import { lateErrorOf, thrownValue } from './late-error.ts';
import { errorFromStderr } from './tslab-error.ts';
import type { CellError, CellOutput, LateError, MimeBundle } from './types.ts';
import type { JupyterMessage } from './wire.ts';
import { readMessage, type KernelMessage } from './messages.ts';

/**
 * Gathers what one `execute_request` produced: the iopub outputs whose parent is the request,
 * and its `execute_reply`. A display carrying a late error (LATE_ERROR_MIME) is no output of
 * the cell: it goes to `lateErrors`. The cell is over (`done`) once the reply has come and
 * iopub has said `idle` for the request; the two come on different sockets, in either order.
 *
 * @example
 * const cell = new CellCollector();
 * channels.send('shell', 'execute_request', { code: 'console.log("hi")' }, (message) => cell.add(message));
 * await cell.done;
 * cell.outputs; // [{ type: 'stream', name: 'stdout', text: 'hi\n' }]
 */
export class CellCollector {
  readonly outputs: CellOutput[] = [];
  readonly lateErrors: LateError[] = [];
  executionCount: number | null = null;
  /** The `execute_reply`, once it came: `status` is `ok`, `error` or `abort`. */
  reply: Extract<KernelMessage, { type: 'execute_reply' }> | undefined;
  readonly done: Promise<void>;
  private idle = false;
  private readonly stderrWrites: string[] = [];
  private finish: () => void = () => undefined;

  constructor() {
    this.done = new Promise((resolve) => {
      this.finish = resolve;
    });
  }

  add(message: JupyterMessage): void {
    const read = readMessage(message);
    switch (read.type) {
      case 'stream':
        this.addStream(read.name, read.text);
        break;
      case 'display_data': {
        const { type, ...shown } = read;
        const late = lateErrorOf(shown.data);
        if (late) this.lateErrors.push(late);
        else this.outputs.push({ type, ...shown });
        break;
      }
      case 'update_display_data':
        this.updateDisplay(read);
        break;
      case 'execute_result':
        this.executionCount = read.executionCount ?? this.executionCount;
        this.outputs.push({ ...read, executionCount: this.executionCount ?? 0 });
        break;
      case 'error':
        this.outputs.push(read);
        break;
      case 'status':
        this.idle ||= read.state === 'idle';
        break;
      case 'execute_reply':
        this.reply = read;
        this.executionCount = read.executionCount ?? this.executionCount;
        break;
      case 'malformed':
        this.malformed(read.msgType, read.problem);
        break;
    }
    if (this.idle && this.reply) this.finish();
  }

  /**
   * The exception of a failed cell: the kernel's `error` output when it sent one, else the
   * error fields of the reply, else what tslab printed to stderr; with the thrown value when
   * the reply carries it (dockbook's preload adds `dockbook.thrown`).
   */
  error(): CellError {
    const thrown = thrownValue(this.reply?.thrown);
    const published = this.outputs.find((output) => output.type === 'error');
    const error = published
      ? { ename: published.ename, evalue: published.evalue, traceback: published.traceback }
      : (this.reply?.error ?? errorFromStderr(this.stderrWrites));
    return thrown ? { ...error, thrown } : error;
  }

  /**
   * A message the protocol's shape does not allow fails the cell where it shows: as an error
   * output, and a malformed reply as a failed reply (the cell must not wait for one forever).
   */
  private malformed(msgType: string, problem: string): void {
    const error = { ename: 'KernelProtocolError', evalue: `the kernel sent ${problem}`, traceback: [] };
    this.outputs.push({ type: 'error', ...error });
    if (msgType === 'execute_reply')
      this.reply = { type: 'execute_reply', status: 'error', executionCount: null, error };
  }

  private addStream(name: 'stdout' | 'stderr', text: string): void {
    if (name === 'stderr') this.stderrWrites.push(text);
    const last = this.outputs.at(-1);
    if (last?.type === 'stream' && last.name === name) last.text += text;
    else this.outputs.push({ type: 'stream', name, text });
  }

  /** An update replaces the data of the earlier output with the same display id. */
  private updateDisplay({
    displayId: id,
    data,
    metadata,
  }: {
    displayId?: string;
    data: MimeBundle;
    metadata: Record<string, unknown>;
  }): void {
    const shown = this.outputs.find((output) => output.type === 'display_data' && output.displayId === id);
    if (shown?.type === 'display_data') Object.assign(shown, { data, metadata });
  }
}
