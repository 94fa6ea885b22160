import { DockbookError } from '../errors.ts';
import { classify, type CallMeta } from './classify.ts';

/** Every library call takes these: a timeout and an AbortSignal, so no call can hang a cell. */
export interface CallOptions {
  /** Milliseconds before the call fails with TIMEOUT. Defaults to the session's timeout. */
  timeoutMs?: number;
  /** Aborts the call (it then fails with ABORTED). */
  signal?: AbortSignal;
}

/**
 * The signal an interrupt of the cell aborts, in a dockbook kernel (kernel/interrupt-signal.cjs
 * provides it): a call a cell started stops with its cell, instead of running on unseen.
 */
export function interruptSignal(): AbortSignal | undefined {
  const current = Reflect.get(globalThis, Symbol.for('dockbook.interrupt')) as (() => AbortSignal) | undefined;
  return current?.();
}

/** Combines the caller's signal with a timeout, and with the kernel's interrupt when there is one. */
export function deadline(options: CallOptions, defaultTimeoutMs: number): { signal: AbortSignal; timeoutMs: number } {
  const timeoutMs = options.timeoutMs ?? defaultTimeoutMs;
  const signals = [options.signal, AbortSignal.timeout(timeoutMs), interruptSignal()].filter(
    (signal): signal is AbortSignal => signal !== undefined,
  );
  return { signal: signals.length === 1 ? signals[0]! : AbortSignal.any(signals), timeoutMs };
}

/** Rejects when the signal aborts, whether or not the underlying work listens to it. */
export function raceAbort<T>(work: Promise<T>, signal: AbortSignal): Promise<T> {
  if (signal.aborted) return Promise.reject(signal.reason);
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => reject(signal.reason);
    signal.addEventListener('abort', onAbort, { once: true });
    work.then(
      (value) => {
        signal.removeEventListener('abort', onAbort);
        resolve(value);
      },
      (error) => {
        signal.removeEventListener('abort', onAbort);
        reject(error);
      },
    );
  });
}

/** The DockbookError for an aborted call: TIMEOUT when the deadline passed, ABORTED when the caller's signal fired. */
export function abortError(reason: unknown, meta: CallMeta, timeoutMs: number): DockbookError {
  const timedOut = (reason as Error | undefined)?.name === 'TimeoutError';
  return new DockbookError({
    code: timedOut ? 'TIMEOUT' : 'ABORTED',
    operation: meta.operation,
    ...(meta.target ? { target: meta.target } : {}),
    reason: timedOut ? `it did not finish within ${timeoutMs / 1000}s` : 'it was aborted by its signal',
    hint: timedOut ? 'Pass a longer timeoutMs, or find out why it is slow.' : 'The caller aborted it.',
    command: meta.command,
    cause: reason,
  });
}

/**
 * Runs one engine call under a deadline and turns any failure into a DockbookError that names
 * the operation, target and equivalent docker command.
 */
export async function engineCall<T>(
  options: CallOptions,
  defaultTimeoutMs: number,
  meta: CallMeta,
  work: (signal: AbortSignal) => Promise<T>,
): Promise<T> {
  const { signal, timeoutMs } = deadline(options, defaultTimeoutMs);
  try {
    return await raceAbort(work(signal), signal);
  } catch (error) {
    // Whichever error surfaced first (the engine's socket closing, say), an aborted call is a timeout or an abort.
    if (signal.aborted) throw abortError(signal.reason, meta, timeoutMs);
    throw classify(error, meta);
  }
}
