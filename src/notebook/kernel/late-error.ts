import type { LateError, ThrownValue } from './types.ts';

/** The MIME type of the display that carries a late error (kernel/late-errors.cjs). */
export const LATE_ERROR_MIME = 'application/vnd.dockbook.late-error+json';

const KINDS: readonly LateError['kind'][] = ['uncaught-exception', 'unhandled-rejection'];

/**
 * The thrown value a message field describes, when it has the preload's shape.
 *
 * @example
 * thrownValue({ name: 'DockbookError', message: '[rm] web: no such container.', code: 'NOT_FOUND' });
 * // { name: 'DockbookError', message: '[rm] web: no such container.', code: 'NOT_FOUND' }
 * thrownValue('oops'); // undefined
 */
export function thrownValue(value: unknown): ThrownValue | undefined {
  if (!isRecord(value) || typeof value.name !== 'string' || typeof value.message !== 'string') return undefined;
  return { name: value.name, message: value.message, ...(typeof value.code === 'string' ? { code: value.code } : {}) };
}

/**
 * The late error a display's data carries, when it is one (it has LATE_ERROR_MIME); a field
 * missing from it reads as unknown (no origin, the text Jupyter shows as the message).
 *
 * @example
 * lateErrorOf({ [LATE_ERROR_MIME]: { origin: 3, kind: 'uncaught-exception', thrown: { name: 'Error', message: 'late' },
 * text: 'Error: late' }, 'text/plain': '…' });
 * // { origin: 3, kind: 'uncaught-exception', thrown: { name: 'Error', message: 'late' }, text: 'Error: late' }
 * lateErrorOf({ 'text/plain': 'hello' }); // undefined
 */
export function lateErrorOf(data: Record<string, unknown>): LateError | undefined {
  if (!(LATE_ERROR_MIME in data)) return undefined;
  const carried = isRecord(data[LATE_ERROR_MIME]) ? data[LATE_ERROR_MIME] : {};
  const shown = typeof data['text/plain'] === 'string' ? data['text/plain'] : 'an error nothing caught';
  const thrown = thrownValue(carried.thrown) ?? { name: '', message: shown };
  return {
    origin: typeof carried.origin === 'number' ? carried.origin : null,
    kind: KINDS.find((kind) => kind === carried.kind) ?? 'uncaught-exception',
    thrown,
    text: typeof carried.text === 'string' ? carried.text : shown,
  };
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
