import { inspect, type InspectOptions } from 'node:util';
import { oneOf, shape } from './validate/shape.ts';
// signature.ts imports this module too: only its hoisted signature() runs at load, checkArgs at call time.
import { checkArgs, signature } from './validate/signature.ts';

/** Every failure the library reports, by what the caller can do about it. */
export const ERROR_CODES = [
  'NOT_FOUND',
  'AMBIGUOUS_PREFIX',
  'CONFLICT_RUNNING',
  'NOT_RUNNING',
  'IMAGE_IN_USE',
  'VOLUME_IN_USE',
  'NAME_IN_USE',
  'PORT_IN_USE',
  'UNAUTHORIZED',
  'BUILD_FAILED',
  'PULL_FAILED',
  'PUSH_FAILED',
  'ENGINE_UNREACHABLE',
  'ENGINE_START_FAILED',
  'REGISTRY_START_FAILED',
  'SEED_FAILED',
  'MISSING_DEPENDENCY',
  'TIMEOUT',
  'ABORTED',
  'INVALID_ARGUMENT',
  'ENGINE_ERROR',
] as const;

/** Every failure the library reports, by what the caller can do about it. */
export type ErrorCode = (typeof ERROR_CODES)[number];

export interface DockbookErrorInit {
  code: ErrorCode;
  /** The operation, as the CLI names it: `rm`, `run`, `engine up`. */
  operation: string;
  /** What the operation acted on: a container name, an image reference, an endpoint. */
  target?: string;
  /** Why it failed, in plain words (the daemon's own message when there is one). */
  reason: string;
  /** What to do about it (required: every error says what to do). */
  hint: string;
  /** The equivalent `docker …` command (required: every error shows how the docker CLI says it). */
  command: string;
  /** The daemon's message, verbatim, when the engine answered. */
  daemonMessage?: string;
  /** The HTTP status the engine answered with. */
  statusCode?: number;
  cause?: unknown;
}

/**
 * The one error class of dockbook. Its message reads operation, target, reason, and what to do:
 *
 * @example
 * `[rm] container "web": it is running. Stop it first, or rm("web", { force: true }) (docker rm -f web)`
 */
export class DockbookError extends Error {
  override readonly name = 'DockbookError';
  readonly code: ErrorCode;
  readonly operation: string;
  readonly target: string | undefined;
  readonly reason: string;
  /** What to do about it. */
  readonly hint: string;
  /** The equivalent `docker …` command. */
  readonly command: string;
  readonly daemonMessage: string | undefined;
  readonly statusCode: number | undefined;

  constructor(init: DockbookErrorInit) {
    super(formatMessage(init), init.cause === undefined ? undefined : { cause: init.cause });
    this.code = init.code;
    this.operation = init.operation;
    this.target = init.target;
    this.reason = init.reason;
    this.hint = init.hint;
    this.command = init.command;
    this.daemonMessage = init.daemonMessage;
    this.statusCode = init.statusCode;
    this.#parts = messageParts(init);
  }

  readonly #parts: MessageParts;

  /**
   * How console.log, Jupyter and Node's uncaught-error report print it: three short lines (what
   * failed and why, the hint, the command), no stack. `DOCKBOOK_DEBUG=1` prints it whole, with
   * its stack, fields and cause; `error.stack` and `error.cause` are always there to read.
   *
   * @example
   * console.error(error);
   * // DockbookError [CONFLICT_RUNNING]: [rm] container "web": it is running.
   * //   hint: Stop it first, or rm("web", { force: true }).
   * //   $ docker rm -f web
   */
  [inspect.custom](depth: number, options: InspectOptions, show: typeof inspect): string {
    if (debugging()) return show(this, { ...options, customInspect: false });
    const { head, hint, command } = this.#parts;
    return [`${this.name} [${this.code}]: ${head}`, hint && `  hint: ${hint}`, command && `  $ ${command}`]
      .filter(Boolean)
      .join('\n');
  }
}

/** A text's sentences, for comparison: trimmed, lower case, without the final stop. */
function sentences(text: string): string[] {
  return text
    .split(/(?<=[.!?])\s+/)
    .map((part) =>
      part
        .trim()
        .replace(/[.!?]+$/, '')
        .toLowerCase(),
    )
    .filter(Boolean);
}

/** A message's three parts: what failed and why, the hint's new sentences, and the command unless already said. */
interface MessageParts {
  head: string;
  hint: string;
  command: string;
}

/**
 * `[operation] target: reason.`, the hint and the command, saying nothing twice: a sentence of
 * the hint that the reason already says is left out, and so is a command the message already
 * says (as its target, or the hint's end).
 */
function messageParts({ operation, target, reason, hint, command }: DockbookErrorInit): MessageParts {
  const where = target ? ` ${target}` : '';
  const said = new Set(sentences(reason));
  const fresh = (hint ?? '')
    .split(/(?<=[.!?])\s+/)
    .filter((part) => part.trim() && !said.has(sentences(part)[0] ?? ''))
    .join(' ');
  const saysCommand =
    command === target ||
    fresh
      .trimEnd()
      .replace(/[.`]+$/, '')
      .endsWith(command);
  return {
    head: `[${operation}]${where}: ${reason.trimEnd().replace(/([^.!?])$/, '$1.')}`,
    hint: fresh,
    command: command && !saysCommand ? command : '',
  };
}

/** `[operation] target: reason. hint (command)`: the parts on one line. */
function formatMessage(init: DockbookErrorInit): string {
  const { head, hint, command } = messageParts(init);
  return `${head}${hint ? ` ${hint}` : ''}${command ? ` (${command})` : ''}`;
}

/** Whether errors print whole (stack, fields, cause): `DOCKBOOK_DEBUG` set to anything but '' or '0'. */
function debugging(env: NodeJS.ProcessEnv = process.env): boolean {
  const value = env.DOCKBOOK_DEBUG;
  return value !== undefined && value !== '' && value !== '0';
}

/**
 * What isDockbookError() takes, checked at its entry. A type guard takes `unknown` by design (any
 * value may be asked about), so only the arity and the optional code are checked: a misspelt code
 * would otherwise answer false for ever.
 */
export const IS_DOCKBOOK_ERROR_SIGNATURE = signature({
  operation: 'isDockbookError',
  ctx: false,
  params: [
    { name: 'error', shape: shape('any value', () => true), example: new Error('example') },
    { name: 'code', shape: oneOf(...ERROR_CODES), optional: true, example: 'NOT_FOUND' },
  ],
  command: 'isDockbookError(error, code?)',
});

/** True when `error` is a DockbookError, optionally with the given code. */
export function isDockbookError(error: unknown, code?: ErrorCode): error is DockbookError {
  checkArgs(IS_DOCKBOOK_ERROR_SIGNATURE, arguments);
  return error instanceof DockbookError && (code === undefined || error.code === code);
}
