import { DockbookError, type ErrorCode } from '../errors.ts';

/** What a failed call was doing, for its error message. */
export interface CallMeta {
  operation: string;
  target?: string;
  /** The equivalent docker command. */
  command?: string;
  /** Hints by code, for advice that only the operation knows (e.g. how to force it). */
  hints?: Partial<Record<ErrorCode, string>>;
}

interface EngineErrorShape {
  statusCode?: number;
  json?: { message?: string } | string | null;
  reason?: string;
  message?: string;
  code?: string;
  name?: string;
}

/** The engine's own words for a failed call. */
export function daemonMessage(error: EngineErrorShape): string {
  const json = error.json;
  if (json && typeof json === 'object' && json.message) return json.message.trim();
  if (typeof json === 'string' && json.trim()) return json.trim();
  const match = /\(HTTP code \d+\) [^-]*- (.*)$/s.exec(error.message ?? '');
  return (match?.[1] ?? error.message ?? String(error)).trim();
}

// By HTTP status first, then by stable substrings: the engine's wording changes between versions.
const RULES: Array<[ErrorCode, number[] | undefined, RegExp]> = [
  ['CONFLICT_RUNNING', [409], /running container|container is running|stop the container/i],
  ['NOT_RUNNING', [409], /is not running|is paused|is restarting/i],
  ['VOLUME_IN_USE', [409], /volume is in use/i],
  ['IMAGE_IN_USE', [409], /being used by|image is referenced in multiple repositories|unable to delete|unable to remove repository reference/i],
  ['NAME_IN_USE', [409], /is already in use/i],
  ['PORT_IN_USE', undefined, /port is already allocated|address already in use/i],
  ['UNAUTHORIZED', undefined, /unauthorized|authentication required|no basic auth credentials|access denied|denied: requested access/i],
  // The engine's own networking is broken (e.g. its bridge is gone): not a missing object of the user's.
  ['ENGINE_ERROR', undefined, /could not find bridge|no such network interface/i],
  // The docker CLI's words when it cannot reach the engine (or the session's proxy cannot).
  ['ENGINE_UNREACHABLE', undefined, /cannot connect to the docker daemon|error during connect/i],
  ['NOT_FOUND', undefined, /no such (container|image|volume|network|object)|manifest unknown|not found|does not exist/i],
];

const BY_STATUS: Record<number, ErrorCode> = { 400: 'INVALID_ARGUMENT', 401: 'UNAUTHORIZED', 403: 'UNAUTHORIZED', 404: 'NOT_FOUND', 409: 'NAME_IN_USE' };

const DEFAULT_HINTS: Partial<Record<ErrorCode, string>> = {
  ENGINE_UNREACHABLE: 'Is the engine running? `dockbook engine up` starts one.',
  UNAUTHORIZED: 'Log in to the registry first (login()).',
  PORT_IN_USE: 'Choose another host port, or publish to a random free one (e.g. "0:80").',
  NAME_IN_USE: 'Choose another name, or remove the container that has it.',
  TIMEOUT: 'Give the call a longer timeoutMs, or find out why the engine is slow.',
};

/** The code for an engine error: by status and stable substrings. */
export function classifyCode(error: EngineErrorShape): ErrorCode {
  if (error.name === 'TimeoutError') return 'TIMEOUT';
  if (error.name === 'AbortError') return 'ABORTED';
  if (error.code && /^(ECONNREFUSED|ENOENT|EACCES|ECONNRESET|EPIPE)$/.test(error.code) && error.statusCode === undefined) return 'ENGINE_UNREACHABLE';
  const message = daemonMessage(error);
  for (const [code, statuses, pattern] of RULES) {
    if ((!statuses || (error.statusCode !== undefined && statuses.includes(error.statusCode))) && pattern.test(message)) return code;
  }
  return (error.statusCode !== undefined && BY_STATUS[error.statusCode]) || 'ENGINE_ERROR';
}

/**
 * The code for an engine message without its HTTP status, e.g. what the docker CLI printed on
 * stderr: the same rules, each applied on its wording alone.
 */
export function classifyMessage(message: string): ErrorCode {
  const rule = RULES.find(([, , pattern]) => pattern.test(message));
  return rule ? rule[0] : 'ENGINE_ERROR';
}

/**
 * Turns whatever a dockerode call threw into a DockbookError naming the operation, target,
 * the daemon's message, a hint and the equivalent docker command. A DockbookError passes through.
 */
export function classify(error: unknown, meta: CallMeta): DockbookError {
  if (error instanceof DockbookError) return error;
  const shape = (error ?? {}) as EngineErrorShape;
  const code = classifyCode(shape);
  const message = daemonMessage(shape);
  const hint = meta.hints?.[code] ?? DEFAULT_HINTS[code];
  return new DockbookError({
    code,
    operation: meta.operation,
    ...(meta.target ? { target: meta.target } : {}),
    reason: code === 'TIMEOUT' ? 'the call did not finish in time' : message,
    ...(hint ? { hint } : {}),
    ...(meta.command ? { command: meta.command } : {}),
    daemonMessage: message,
    ...(shape.statusCode !== undefined ? { statusCode: shape.statusCode } : {}),
    cause: error,
  });
}
