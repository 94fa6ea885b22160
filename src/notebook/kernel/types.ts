import type { DockbookError } from '../../errors.ts';

/** Output data by MIME type, as the kernel sent it: `{ 'text/html': '<b>x</b>', 'text/plain': 'x' }`. */
export type MimeBundle = Record<string, unknown>;

/** One output of a cell, in the order the kernel published it (nbformat's output kinds). */
export type CellOutput =
  /** Consecutive writes to the same stream, joined. */
  | { type: 'stream'; name: 'stdout' | 'stderr'; text: string }
  /** `displayId` is set when the cell may later update this output in place. */
  | { type: 'display_data'; data: MimeBundle; metadata: Record<string, unknown>; displayId?: string }
  | { type: 'execute_result'; data: MimeBundle; metadata: Record<string, unknown>; executionCount: number }
  | ({ type: 'error' } & CellError);

/**
 * The value a cell threw, as the kernel's preload recorded it (kernel/thrown.cjs): its name
 * (`DockbookError`, `CheckFailure`, `TypeError`; `''` for a value that is not an object), its
 * message, and its `code` when that is a string (`NOT_FOUND`).
 */
export interface ThrownValue {
  name: string;
  message: string;
  code?: string;
}

/** An exception the cell's code raised, in the Jupyter protocol's shape. */
export interface CellError {
  /**
   * The exception's name: `TypeError`, `DockbookError`; `TSError` for type errors; `''` when a non-Error was thrown.
   */
  ename: string;
  evalue: string;
  traceback: string[];
  /** The value itself, when the kernel recorded it (not for a cell that did not compile). */
  thrown?: ThrownValue;
}

/**
 * An error nothing caught (a throw in a timer or callback, a promise rejected with no handler),
 * as the kernel's preload reports it (kernel/late-errors.cjs): blamed on the cell whose code
 * started the work, and delivered to whichever execution runs when, or next after, it lands.
 */
export interface LateError {
  /** The execution count of the cell whose work it came from; null when no cell can be blamed. */
  origin: number | null;
  kind: 'uncaught-exception' | 'unhandled-rejection';
  thrown: ThrownValue;
  /** The error as util.inspect prints it, its stack included. */
  text: string;
}

interface CellRun {
  outputs: CellOutput[];
  /**
   * Errors nothing caught that arrived during this execution, from this cell's work or an earlier one's (see `origin`);
   * not among `outputs`.
   */
  lateErrors: LateError[];
  /** The kernel's count for this execution; null when the kernel never answered. */
  executionCount: number | null;
  /**
   * From the first send of the request to the end of the cell, in ms (a request tslab aborted and was sent again
   * included).
   */
  durationMs: number;
}

/**
 * What running one cell came to:
 * - `ok`: it ran to the end;
 * - `error`: its code raised, or did not compile (`error` is the exception);
 * - `timeout`: it ran past its time and was interrupted (`error` is a TIMEOUT DockbookError);
 *   the kernel is still usable when the interrupt stopped the cell, and dead otherwise;
 * - `dead`: the kernel was not running or exited during the cell (`error` says how it ended);
 * - `interrupted`: the caller's signal interrupted it (`error` is an ABORTED DockbookError).
 */
export type CellResult = CellRun &
  (
    | { status: 'ok' }
    | { status: 'error'; error: CellError }
    | { status: 'timeout' | 'dead' | 'interrupted'; error: DockbookError }
  );

export interface ExecuteOptions {
  /**
   * How long the cell may run before it is interrupted, in ms. Default 60000. The time the kernel's process spends
   * waiting for other sessions' turns on the engine (core/turn-wait.ts: builds take turns, a no-cache lease) does not
   * count: that is other sessions' work, not the cell's.
   */
  timeoutMs?: number;
  /** Interrupts the cell as a timeout would (Ctrl-C of the run): its result is then `interrupted`. */
  signal?: AbortSignal;
}

/** The kernel's own description, from its `kernel_info_reply` (what an .ipynb's metadata records). */
export interface KernelInfo {
  protocol_version: string;
  implementation: string;
  implementation_version: string;
  language_info: { name: string; version: string; mimetype?: string; file_extension?: string };
  banner: string;
}
