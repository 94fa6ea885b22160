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

/** An exception the cell's code raised, in the Jupyter protocol's shape. */
export interface CellError {
  /** The exception's name: `TypeError`, `DockbookError`; `TSError` for type errors; `''` when a non-Error was thrown. */
  ename: string;
  evalue: string;
  traceback: string[];
}

interface CellRun {
  outputs: CellOutput[];
  /** The kernel's count for this execution; null when the kernel never answered. */
  executionCount: number | null;
  /** From the first send of the request to the end of the cell, in ms (a request tslab aborted and was sent again included). */
  durationMs: number;
}

/**
 * What running one cell came to:
 * - `ok`: it ran to the end;
 * - `error`: its code raised, or did not compile (`error` is the exception);
 * - `timeout`: it ran past its time and was interrupted (`error` is a TIMEOUT DockbookError);
 *   the kernel is still usable when the interrupt stopped the cell, and dead otherwise;
 * - `dead`: the kernel was not running or exited during the cell (`error` says how it ended).
 */
export type CellResult = CellRun &
  (
    | { status: 'ok' }
    | { status: 'error'; error: CellError }
    | { status: 'timeout' | 'dead'; error: DockbookError }
  );

export interface ExecuteOptions {
  /** How long the cell may run before it is interrupted, in ms. Default 60000. */
  timeoutMs?: number;
}

/** The kernel's own description, from its `kernel_info_reply` (what an .ipynb's metadata records). */
export interface KernelInfo {
  protocol_version: string;
  implementation: string;
  implementation_version: string;
  language_info: { name: string; version: string; mimetype?: string; file_extension?: string };
  banner: string;
}
