import { DockbookError } from '../errors.ts';

/**
 * The error for malformed input, raised before any call reaches the engine: the input, the
 * reason in the docker CLI's sense, the correct form, and the equivalent docker command
 * (`docker OPERATION` when the caller gives none).
 */
export function invalid(
  operation: string,
  target: string,
  reason: string,
  hint: string,
  command?: string,
): DockbookError {
  return new DockbookError({
    code: 'INVALID_ARGUMENT',
    operation,
    target: JSON.stringify(target),
    reason,
    hint,
    command: command ?? `docker ${operation}`,
  });
}
