import { DockbookError } from '../../errors.ts';

/**
 * A cell that ran past its time: `what` says how it was stopped.
 *
 * @example
 * cellTimedOut(4242, 1000, 'it was interrupted').message;
 * // '[execute] kernel 4242: the cell ran longer than 1000 ms; it was interrupted. Give the cell more time …'
 */
export function cellTimedOut(pid: number | undefined, timeoutMs: number, what: string): DockbookError {
  return new DockbookError({
    code: 'TIMEOUT',
    operation: 'execute',
    target: `kernel ${pid}`,
    reason: `the cell ran longer than ${timeoutMs} ms; ${what}`,
    hint: 'Give the cell more time (timeout=…), or make it finish sooner.',
    command: 'docker ps --filter label=dockbook.session',
  });
}

/** A cell the caller interrupted (the run was stopped: Ctrl-C, SIGTERM): `what` says how it ended. */
export function cellInterrupted(pid: number | undefined, what: string): DockbookError {
  return new DockbookError({
    code: 'ABORTED',
    operation: 'execute',
    target: `kernel ${pid}`,
    reason: `the run was interrupted while the cell ran; ${what}`,
    hint: 'Run the notebook again; what the interrupted run left is removed by the next start.',
    command: 'dockbook clean',
  });
}

/**
 * A cell that could not finish because its kernel is gone: `reason` says how it ended.
 *
 * @example
 * kernelDead(4242, 'the kernel exited with code 3 while the cell ran');
 */
export function kernelDead(pid: number | undefined, reason: string): DockbookError {
  return new DockbookError({
    code: 'ENGINE_ERROR',
    operation: 'execute',
    target: `kernel ${pid}`,
    reason,
    hint: 'Start a new kernel; the state of earlier cells is gone.',
    command: 'dockbook kernel install',
  });
}

/**
 * A kernel that did not come up.
 *
 * @example
 * kernelStartFailed(4242, 'TIMEOUT', 'the kernel did not answer within 30000 ms');
 */
export function kernelStartFailed(
  pid: number | undefined,
  code: 'TIMEOUT' | 'ENGINE_ERROR',
  reason: string,
): DockbookError {
  return new DockbookError({
    code,
    operation: 'kernel start',
    target: `tslab (pid ${pid})`,
    reason,
    hint: 'Check that tslab starts with this Node.js in that folder.',
    command: 'tslab kernel --config-path CONNECTION_FILE',
  });
}
