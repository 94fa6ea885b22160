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

/** The OCI runtime's words when it could not start a container's process (runc, crun; Docker's and Podman's). */
const RUNTIME_FAILURE = /OCI runtime|OCI permission denied|runc create failed/i;

/*
 * By stable substrings, each with the statuses it comes with; a status alone decides only where no words did
 * (BY_STATUS). Docker 20.10's words and Podman 4.3's (its Docker-compatible API), each refusal provoked on the engine
 * (test/core/classify.test.ts holds them with their statuses):
 *
 * - NOT_RUNNING: Docker 409 `Container x is not running` (exec, kill, pause); Podman 500 `can only create exec sessions
 *   on running containers`, `can only kill running containers`, `"created" is not running, can't pause`.
 * - CONFLICT_RUNNING: Docker 409 `You cannot remove a running container x`; Podman 500 `cannot remove container x as it
 *   is running - running or paused containers cannot be removed without force`.
 * - VOLUME_IN_USE: Docker 409 `remove v: volume is in use - [x]`; Podman 409 `volume v is being used by the following
 *   container(s)` (IMAGE_IN_USE's "being used by" too: this rule comes first).
 * - IMAGE_IN_USE: Docker 409 `unable to remove repository reference`, `unable to delete x (cannot be forced) - image is
 *   being used by running container y`; Podman 409 `image x is in use: … image is in use by a container`, 500
 *   `unable to delete image "x" by ID with more than one tag`.
 * - NAME_IN_USE: Docker 409 `The container name "/x" is already in use`; Podman 500 `the container name "x" is already
 *   in use`.
 * - A missing program: Docker 400 `OCI runtime create failed: … executable file not found in $PATH`; Podman 409
 *   (a run attaches before it starts, and Podman's attach creates the container) or 500 (start) `… OCI runtime
 *   attempted to invoke a command that was not found`: NOT_FOUND on both.
 * - Any other runtime failure: Docker 400 `OCI runtime create failed: … permission denied`; Podman 409 `preparing
 *   container x for attach: runc: runc create failed: … OCI permission denied`: ENGINE_ERROR on both, by its words.
 * - UNAUTHORIZED: both 500 `login attempt to … failed with status: 401 Unauthorized`.
 * - NOT_FOUND: Docker 404 `No such container: x`, `get x: no such volume`; Podman 404 `no container with name or ID "x"
 *   found: no such container`, `… image not known`, `… no such volume`.
 *
 * A 409 says no more than "conflict" (Podman's attach answers a failed start with it): an unrecognised one is
 * ENGINE_ERROR, never a name clash.
 */
const RULES: Array<[ErrorCode, number[] | undefined, RegExp]> = [
  // The container's program is missing: the same on both engines (Docker 400, Podman 409/500), before the runtime rule.
  ['NOT_FOUND', undefined, /executable file not found|OCI runtime attempted to invoke a command that was not found/i],
  // The OCI runtime could not start the container's process (permissions, mounts): whatever the status.
  ['ENGINE_ERROR', undefined, RUNTIME_FAILURE],
  [
    'NOT_RUNNING',
    [409, 500],
    /is not running|is paused|is restarting|can only (?:create exec sessions on|kill) running containers/i,
  ],
  // Not "running container" alone: Docker's "image is being used by running container" is IMAGE_IN_USE, and Podman's
  // "running container create option: … invalid argument" no conflict at all.
  [
    'CONFLICT_RUNNING',
    [409, 500],
    /remove a running container|container is running|stop the container|as it is running|removed without force/i,
  ],
  ['VOLUME_IN_USE', [409, 500], /volume is in use|volume is being used|is being used by the following container/i],
  [
    'IMAGE_IN_USE',
    [409, 500],
    new RegExp(
      /being used by|image is referenced in multiple repositories/.source +
        '|' +
        /unable to delete|unable to remove repository reference|image is in use by a container/.source,
      'i',
    ),
  ],
  ['NAME_IN_USE', [409, 500], /is already in use/i],
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
    /no such (container|image|volume|network|object)|image not known|manifest unknown|not found|does not exist/i,
  ],
  // Podman's refusal of a malformed argument: 500, its message ending in the wrapped error's words.
  ['INVALID_ARGUMENT', [500], /: invalid argument$/i],
];

const BY_STATUS: Record<number, ErrorCode> = {
  400: 'INVALID_ARGUMENT',
  401: 'UNAUTHORIZED',
  403: 'UNAUTHORIZED',
  404: 'NOT_FOUND',
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

/** ENGINE_ERROR's hint when the OCI runtime could not start a container's process: the container's fault. */
const RUNTIME_HINT =
  "The container's process could not start: check the command, its file's permissions and the mounts the message " +
  'names.';

/**
 * The default hint for a code (NOT_FOUND names the listing for the kind in `text`; an ENGINE_ERROR from the OCI runtime
 * points at the container's command and mounts).
 */
export function defaultHint(code: ErrorCode, text = ''): string {
  if (code === 'NOT_FOUND') return notFoundHint(text);
  if (code === 'ENGINE_ERROR' && RUNTIME_FAILURE.test(text)) return RUNTIME_HINT;
  return DEFAULT_HINTS[code];
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
