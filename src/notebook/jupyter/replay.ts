import type { Ipynb, IpynbCell, IpynbOutput } from '../format/ipynb.ts';
import { CellCollector } from '../kernel/collect.ts';
import { LATE_ERROR_MIME, lateErrorOf } from '../kernel/late-error.ts';
import type { LateError } from '../kernel/types.ts';
import { PROTOCOL_VERSION, type JupyterMessage } from '../kernel/wire.ts';
import type { CellRun } from '../run/judge.ts';

/** How Jupyter's run of a cell ended, as NBCLIENT_SCRIPT records it in the cell's `metadata.dockbook`. */
export interface JupyterRunRecord {
  status: 'ok' | 'error' | 'timeout' | 'dead';
  duration_ms: number;
  error?: { ename?: string; evalue?: string; traceback?: string[] };
  /** The value the cell threw, as the kernel's reply carried it (`dockbook.thrown`). */
  thrown?: unknown;
}

/** One code cell as Jupyter ran it: its run, as the judge takes it, and the late errors that arrived while it ran. */
export interface JupyterCellRun {
  run: CellRun;
  received: LateError[];
}

type CodeCell = Extract<IpynbCell, { cell_type: 'code' }>;

/**
 * A code cell of a notebook Jupyter executed, as the runner's kernel client would have seen
 * it: Jupyter's outputs are replayed as the iopub messages they came from through the
 * runner's own CellCollector, so streams join, late errors' displays come out of the outputs,
 * and the error of a failed cell is found exactly as in a `dockbook run` (an `error` output,
 * else the reply's fields, else what tslab printed to stderr), with what it threw. Undefined
 * for a cell Jupyter did not run (skipped, or after the run stopped).
 *
 * @example
 * jupyterCellRun({ id: 'a-2', cell_type: 'code', source: 'console.log(1)', execution_count: 1,
 *   metadata: { dockbook: { status: 'ok', duration_ms: 12 } },
 *   outputs: [{ output_type: 'stream', name: 'stdout', text: ['1\n'] }] });
 * // { run: { status: 'ok', outputs: [{ type: 'stream', name: 'stdout', text: '1\n' }], executionCount: 1, durationMs:
 * 12, lateErrors: [] }, received: [] }
 */
export function jupyterCellRun(cell: CodeCell): JupyterCellRun | undefined {
  const record = cell.metadata.dockbook as JupyterRunRecord | undefined;
  if (record === undefined) return undefined;
  const collector = new CellCollector();
  for (const output of cell.outputs) collector.add(message(output.output_type, content(output)));
  const run: CellRun = {
    status: record.status,
    outputs: collector.outputs,
    executionCount: cell.execution_count,
    durationMs: record.duration_ms,
    lateErrors: [],
  };
  const received = collector.lateErrors;
  if (record.status === 'ok') return { run, received };
  if (record.status === 'error') {
    collector.add(
      message('execute_reply', {
        status: 'error',
        ...record.error,
        ...(record.thrown ? { dockbook: { thrown: record.thrown } } : {}),
      }),
    );
    const { ename, evalue, traceback, thrown } = collector.error();
    return {
      run: {
        ...run,
        errorText: (traceback.length > 0 ? traceback : [ename, evalue]).join('\n'),
        ...(thrown ? { thrown } : {}),
      },
      received,
    };
  }
  return { run: { ...run, errorText: record.error?.evalue ?? '' }, received };
}

/**
 * The late errors the notebook's cleanup step received, which NBCLIENT_SCRIPT keeps in the
 * notebook's `metadata.dockbook_cleanup`.
 *
 * @example
 * cleanupLateErrors(executed); // [{ origin: 4, kind: 'uncaught-exception', thrown: { name: 'Error', message: 'late' },
 * text: '…' }]
 */
export function cleanupLateErrors(executed: Ipynb): LateError[] {
  const kept = (executed.metadata.dockbook_cleanup as { late_errors?: unknown } | undefined)?.late_errors;
  return Array.isArray(kept) ? kept.flatMap((data: unknown) => lateErrorOf({ [LATE_ERROR_MIME]: data }) ?? []) : [];
}

/** The message content an nbformat output was made from (nbformat splits text into lines). */
function content(output: IpynbOutput): Record<string, unknown> {
  if (output.output_type === 'stream') return { name: output.name, text: joined(output.text) };
  if (output.output_type === 'error')
    return { ename: output.ename, evalue: output.evalue, traceback: output.traceback };
  const data = Object.fromEntries(
    Object.entries(output.data).map(([mime, value]) => [mime, mime.endsWith('json') ? value : joined(value)]),
  );
  return { data, metadata: output.metadata, execution_count: output.execution_count ?? null };
}

function joined(value: unknown): unknown {
  return Array.isArray(value) && value.every((line) => typeof line === 'string') ? value.join('') : value;
}

function message(msgType: string, body: Record<string, unknown>): JupyterMessage {
  const header = { msg_id: '', msg_type: msgType, session: '', username: '', date: '', version: PROTOCOL_VERSION };
  return { header, parent_header: {}, metadata: {}, content: body, buffers: [] };
}
