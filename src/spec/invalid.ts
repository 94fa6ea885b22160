import { DockbookError } from '../errors.ts';

/** The error for malformed input, raised before any call reaches the engine. */
export function invalid(operation: string, target: string, reason: string, hint: string): DockbookError {
  return new DockbookError({ code: 'INVALID_ARGUMENT', operation, target: JSON.stringify(target), reason, hint });
}
