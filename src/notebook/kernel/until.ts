import { setTimeout as sleep } from 'node:timers/promises';

/** How a wait for a kernel ended. */
export type Outcome = 'done' | 'timeout' | 'exit';

/**
 * Waits for `promise`, for `ms`, or for the kernel to exit, whichever comes first; the timer
 * is cleared either way.
 *
 * @example
 * if ((await until(cell.done, 1000, child.exited)) === 'timeout') child.kill('SIGINT');
 */
export async function until(promise: Promise<unknown>, ms: number, exited: Promise<unknown>): Promise<Outcome> {
  const timer = new AbortController();
  try {
    return await Promise.race([
      promise.then(() => 'done' as const),
      exited.then(() => 'exit' as const),
      sleep(Math.max(0, ms), 'timeout' as const, { signal: timer.signal }),
    ]);
  } finally {
    timer.abort();
  }
}
