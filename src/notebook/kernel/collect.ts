import { lateErrorOf, thrownValue } from './late-error.ts';
import { errorFromStderr } from './tslab-error.ts';
import type { CellError, CellOutput, LateError, MimeBundle } from './types.ts';
import type { JupyterMessage } from './wire.ts';

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
  /** The `execute_reply` content, once it came: `status` is `ok`, `error` or `abort`. */
  reply: Record<string, unknown> | undefined;
  readonly done: Promise<void>;
  private idle = false;
  private readonly stderrWrites: string[] = [];
  private finish: () => void = () => undefined;

  constructor() {
    this.done = new Promise((resolve) => {
      this.finish = resolve;
    });
  }

  add({ header, content }: JupyterMessage): void {
    switch (header.msg_type) {
      case 'stream':
        this.addStream(content.name === 'stderr' ? 'stderr' : 'stdout', String(content.text ?? ''));
        break;
      case 'display_data':
        this.addDisplay(content);
        break;
      case 'update_display_data':
        this.updateDisplay(content);
        break;
      case 'execute_result':
        this.executionCount = count(content) ?? this.executionCount;
        this.outputs.push({ type: 'execute_result', ...bundle(content), executionCount: this.executionCount ?? 0 });
        break;
      case 'error':
        this.outputs.push({ type: 'error', ...asError(content) });
        break;
      case 'status':
        this.idle ||= content.execution_state === 'idle';
        break;
      case 'execute_reply':
        this.reply = content;
        this.executionCount = count(content) ?? this.executionCount;
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
    const thrown = thrownValue((this.reply?.dockbook as { thrown?: unknown } | undefined)?.thrown);
    const published = this.outputs.find((output) => output.type === 'error');
    const error = published
      ? { ename: published.ename, evalue: published.evalue, traceback: published.traceback }
      : typeof this.reply?.ename === 'string'
        ? asError(this.reply)
        : errorFromStderr(this.stderrWrites);
    return thrown ? { ...error, thrown } : error;
  }

  private addDisplay(content: Record<string, unknown>): void {
    const shown = bundle(content);
    const late = lateErrorOf(shown.data);
    if (late) this.lateErrors.push(late);
    else this.outputs.push({ type: 'display_data', ...shown, ...displayId(content) });
  }

  private addStream(name: 'stdout' | 'stderr', text: string): void {
    if (name === 'stderr') this.stderrWrites.push(text);
    const last = this.outputs.at(-1);
    if (last?.type === 'stream' && last.name === name) last.text += text;
    else this.outputs.push({ type: 'stream', name, text });
  }

  /** An update replaces the data of the earlier output with the same display id. */
  private updateDisplay(content: Record<string, unknown>): void {
    const { displayId: id } = displayId(content);
    const shown = this.outputs.find(
      (output) => output.type === 'display_data' && id !== undefined && output.displayId === id,
    );
    if (shown?.type === 'display_data') Object.assign(shown, bundle(content));
  }
}

function count(content: Record<string, unknown>): number | null {
  return typeof content.execution_count === 'number' ? content.execution_count : null;
}

function bundle(content: Record<string, unknown>): { data: MimeBundle; metadata: Record<string, unknown> } {
  return { data: (content.data ?? {}) as MimeBundle, metadata: (content.metadata ?? {}) as Record<string, unknown> };
}

function displayId(content: Record<string, unknown>): { displayId?: string } {
  const id = (content.transient as { display_id?: unknown } | undefined)?.display_id;
  return typeof id === 'string' ? { displayId: id } : {};
}

function asError(content: Record<string, unknown>): CellError {
  const traceback = Array.isArray(content.traceback) ? content.traceback.map(String) : [];
  return { ename: String(content.ename ?? ''), evalue: String(content.evalue ?? ''), traceback };
}
