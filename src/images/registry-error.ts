import { classifyMessage } from '../core/classify.ts';
import { DockbookError, type ErrorCode } from '../errors.ts';

/**
 * The error for a pull or push that a registry refused: NOT_FOUND or UNAUTHORIZED when its
 * words say so, else the operation's own code (PULL_FAILED, PUSH_FAILED), with the matching hint.
 */
export function registryError(
  operation: 'pull' | 'push',
  ref: string,
  message: string,
  hints: Partial<Record<ErrorCode, string>> & { fallback: string },
  cause?: unknown,
): DockbookError {
  const found = classifyMessage(message);
  const code: ErrorCode =
    found === 'NOT_FOUND' || found === 'UNAUTHORIZED' ? found : operation === 'pull' ? 'PULL_FAILED' : 'PUSH_FAILED';
  const hint = hints[code] ?? hints.fallback;
  return new DockbookError({
    code,
    operation,
    target: ref,
    reason: message,
    hint,
    command: `docker ${operation} ${ref}`,
    daemonMessage: message,
    ...(cause === undefined ? {} : { cause }),
  });
}
