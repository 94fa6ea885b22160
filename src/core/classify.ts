import { DockbookError, type ErrorCode } from '../errors.ts';

/** What a failed call was doing, for its error message. */
export interface CallMeta {
  operation: string;
  target?: string;
  /** The equivalent docker command (every error shows one). */
  command: string;
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
  [
    'IMAGE_IN_USE',
    [409],
    new RegExp(
      /being used by|image is referenced in multiple repositories/.source +
        '|' +
        /unable to delete|unable to remove repository reference/.source,
      'i',
    ),
  ],
  ['NAME_IN_USE', [409], /is already in use/i],
  ['PORT_IN_USE', undefined, /port is already allocated|address already in use/i],
  [
    'UNAUTHORIZED',
    undefined,
    /unauthorized|authentication required|no basic auth credentials|access denied|denied: requested access/i,
  ],
  // The engine's own networking is broken (e.g. its bridge is gone): not a missing object of the user's.
  ['ENGINE_ERROR', undefined, /could not find bridge|no such network interface/i],
  // The docker CLI's words when it cannot reach the engine (or the session's proxy cannot).
  ['ENGINE_UNREACHABLE', undefined, /cannot connect to the docker daemon|error during connect/i],
  [
    'NOT_FOUND',
    undefined,
    /no such (container|image|volume|network|object)|manifest unknown|not found|does not exist/i,
  ],
];

const BY_STATUS: Record<number, ErrorCode> = {
  400: 'INVALID_ARGUMENT',
  401: 'UNAUTHORIZED',
  403: 'UNAUTHORIZED',
  404: 'NOT_FOUND',
  409: 'NAME_IN_USE',
};

/** What to do, for every code: a call's own hints (meta.hints) come first. */
const DEFAULT_HINTS: Record<ErrorCode, string> = {
  NOT_FOUND: 'Check the name; list what exists with `docker ps -a`, `docker images` or `docker volume ls`.',
  AMBIGUOUS_PREFIX: 'Give more characters of the ID, or the name.',
  CONFLICT_RUNNING: 'Stop it first (stop()), or force it with { force: true }.',
  NOT_RUNNING: 'Start it first (start()); `docker ps -a` shows its state.',
  IMAGE_IN_USE:
    'Remove the containers that use it first (`docker ps -a --filter ancestor=IMAGE`), or force it with { force: ' +
    'true }.',
  VOLUME_IN_USE:
    'Remove the containers that use it first (`docker ps -a --filter volume=NAME`), or force it with { force: true }.',
  NAME_IN_USE: 'Choose another name, or remove the container that has it.',
  PORT_IN_USE: 'Choose another host port, or publish to a random free one (e.g. "0:80").',
  UNAUTHORIZED: 'Log in to the registry first (login()).',
  BUILD_FAILED: 'Fix the failing step of the Dockerfile; the build output says which.',
  PULL_FAILED: 'Check that the registry runs, is reachable from the engine and holds the image.',
  PUSH_FAILED: 'Check that the registry runs, is reachable from the engine and accepts pushes.',
  ENGINE_UNREACHABLE: 'Is the engine running? `dockbook engine up` starts one.',
  ENGINE_START_FAILED: "Read the engine's log; `dockbook engine status` says where it is.",
  REGISTRY_START_FAILED: "Read the registry's log; `dockbook registry status` says where it is.",
  SEED_FAILED: 'Seed the base images again: `dockbook images seed`.',
  MISSING_DEPENDENCY: 'Install the missing program, or let dockbook install it (as root on Debian or Ubuntu).',
  TIMEOUT: 'Give the call a longer timeoutMs, or find out why the engine is slow.',
  ABORTED: 'The caller aborted it.',
  INVALID_ARGUMENT: "Check the arguments against the engine's message.",
  ENGINE_ERROR: "The engine failed on its own side: `docker info` and the engine's log say more.",
};

/** How to list what exists, by the kind of object the engine did not find. */
const LISTINGS: Array<[RegExp, string]> = [
  [/container/i, 'docker ps -a'],
  [/volume/i, 'docker volume ls'],
  [/network/i, 'docker network ls'],
  [/image|manifest|repository|reference/i, 'docker images'],
];

/** NOT_FOUND's hint: how to list what exists, for the kind the message or target names. */
export function notFoundHint(text: string): string {
  const listing = LISTINGS.find(([pattern]) => pattern.test(text))?.[1];
  return listing ? `Check the name; \`${listing}\` lists what exists.` : DEFAULT_HINTS.NOT_FOUND;
}

/** The default hint for a code (NOT_FOUND names the listing for the kind in `text`). */
export function defaultHint(code: ErrorCode, text = ''): string {
  return code === 'NOT_FOUND' ? notFoundHint(text) : DEFAULT_HINTS[code];
}

/**
 * The engine's message said once: some engine errors repeat themselves, wrapped
 * (`no such image: web:1: No such image: web:1`); the wrapped half is kept.
 */
export function sayOnce(message: string): string {
  const parts = message.split(': ');
  const half = parts.length / 2;
  if (
    parts.length % 2 === 0 &&
    parts.slice(0, half).join(': ').toLowerCase() === parts.slice(half).join(': ').toLowerCase()
  )
    return parts.slice(half).join(': ');
  return message;
}

/** The code for an engine error: by status and stable substrings. */
export function classifyCode(error: EngineErrorShape): ErrorCode {
  if (error.name === 'TimeoutError') return 'TIMEOUT';
  if (error.name === 'AbortError') return 'ABORTED';
  if (
    error.code &&
    /^(ECONNREFUSED|ENOENT|EACCES|ECONNRESET|EPIPE)$/.test(error.code) &&
    error.statusCode === undefined
  )
    return 'ENGINE_UNREACHABLE';
  const message = daemonMessage(error);
  for (const [code, statuses, pattern] of RULES) {
    if ((!statuses || (error.statusCode !== undefined && statuses.includes(error.statusCode))) && pattern.test(message))
      return code;
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
  const hint = meta.hints?.[code] ?? defaultHint(code, `${message} ${meta.target ?? ''}`);
  return new DockbookError({
    code,
    operation: meta.operation,
    ...(meta.target ? { target: meta.target } : {}),
    reason: code === 'TIMEOUT' ? 'the call did not finish in time' : sayOnce(message),
    hint,
    command: meta.command,
    daemonMessage: message,
    ...(shape.statusCode !== undefined ? { statusCode: shape.statusCode } : {}),
    cause: error,
  });
}
