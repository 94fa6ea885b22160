import { setTimeout as sleep } from 'node:timers/promises';
import { inspect, isDeepStrictEqual } from 'node:util';
import { isDockbookError, type DockbookError, type ErrorCode } from './errors.ts';
import { abortSignal, func, milliseconds, shape } from './validate/shape.ts';
import { checkArgs, signature } from './validate/signature.ts';

/** Characters of a value shown in a failure at most. */
const MAX_SHOWN = 120;

/**
 * A claim of a notebook cell that did not hold. Its message reads the claim, then what was
 * expected and what the cell got:
 *
 * @example
 * `claim failed: both containers come from the same image\n  expected: 'sha256:ab…'\n  actual:   'sha256:cd…'`
 */
export class CheckFailure extends Error {
  override readonly name = 'CheckFailure';

  constructor(
    readonly claim: string,
    readonly expected: string,
    readonly actual: string,
    options?: { cause?: unknown },
  ) {
    super(`claim failed: ${claim}\n  expected: ${indent(expected)}\n  actual:   ${indent(actual)}`, options);
  }
}

/** Later lines of a multi-line value (a listing's table) line up under the first. */
function indent(text: string): string {
  return text.replaceAll('\n', `\n${' '.repeat(12)}`);
}

/**
 * The assertions a cell makes, each with the claim it proves in words (required). A check that
 * holds returns nothing, except `match` (the match, for its groups) and `rejects` (the error,
 * so the cell can go on to show it); one that does not throws a CheckFailure.
 */
export interface Check {
  /** `value` is truthy. @example check.ok(info.state.running, 'the container is running') */
  ok(value: unknown, claim: string): asserts value;
  /**
   * Deep strict equality, as node's assert.deepStrictEqual (prototypes included). @example check.equal(a.imageId,
   * b.imageId, 'both containers come from the same image')
   */
  equal<T>(actual: T, expected: T, claim: string): void;
  /** Not deep-strict-equal. @example check.notEqual(a.id, b.id, 'each run makes a new container') */
  notEqual<T>(actual: T, unexpected: T, claim: string): void;
  /**
   * The text matches; returns the match. @example const [, port] = check.match(out, /port (\d+)/, 'it says where it
   * listens')
   */
  match(text: string, pattern: RegExp, claim: string): RegExpExecArray;
  /**
   * A string contains the text, or an array an item deep-equal to `needle`. @example check.includes(names, 'web', 'ps
   * lists the web container')
   */
  includes(haystack: string | readonly unknown[], needle: unknown, claim: string): void;
  /** The opposite of includes. @example check.notIncludes(names, 'old', 'rm removed the old container') */
  notIncludes(haystack: string | readonly unknown[], needle: unknown, claim: string): void;
  /** `a < b`. @example check.lessThan(second.ms, first.ms / 2, 'the cached build takes under half the time') */
  lessThan(a: number | bigint, b: number | bigint, claim: string): void;
  /** `a > b`. @example check.greaterThan(image.size, 0, 'the image has content') */
  greaterThan(a: number | bigint, b: number | bigint, claim: string): void;
  /**
   * `low <= value <= high`. @example check.between(layer.sizeRw, 0, image.size / 100, 'the writable layer is under 1%
   * of the image')
   */
  between(value: number | bigint, low: number | bigint, high: number | bigint, claim: string): void;
  /**
   * The promise (or function) fails with a DockbookError of that code, or an Error whose message
   * matches the regex; resolves to that error.
   * @example const error = await check.rejects(docker.rm('web'), 'CONFLICT_RUNNING', 'a running container cannot be
   * removed')
   */
  rejects(action: Promise<unknown> | (() => unknown), code: ErrorCode, claim: string): Promise<DockbookError>;
  rejects(action: Promise<unknown> | (() => unknown), pattern: RegExp, claim: string): Promise<Error>;
  /**
   * A claim that comes true a moment later (the engine removes a `--rm` container just after it
   * stops): runs `probe`, whose own checks state what must hold, again and again until none of
   * them fails, and resolves to what it returned. A check that still fails when `timeoutMs` is up
   * fails this claim, with that last failure; any other error fails it at once. Prefer an engine
   * wait where there is one (`docker.wait`, `logs({ until })`, `http({ waitMs })`).
   * @example await check.eventually(async () => check.notIncludes((await docker.ps({ all: true })).map((c) =>
   * c.name), 'once', 'ps -a no longer lists it'), 'the engine removes the --rm container once it stops')
   */
  eventually<T>(probe: () => T | PromiseLike<T>, claim: string, options?: EventuallyOptions): Promise<T>;
}

/** How long check.eventually tries, and how often. */
export interface EventuallyOptions {
  /** Milliseconds before the claim fails. Default 30000. */
  timeoutMs?: number;
  /** Milliseconds between two tries. Default 100. */
  intervalMs?: number;
  /** Stops the tries; the claim then fails with the signal's reason. */
  signal?: AbortSignal;
}

/**
 * The assertion helper for notebook cells: each check states the claim it proves.
 *
 * @example
 * check.equal(a.imageId, b.imageId, 'both containers come from the same image');
 * const error = await check.rejects(docker.rm('web'), 'CONFLICT_RUNNING', 'a running container cannot be removed');
 */
export const check: Check = {
  ok(value, claim) {
    verify(claim, Boolean(value), 'a truthy value', () => show(value));
  },
  equal(actual, expected, claim) {
    verify(claim, isDeepStrictEqual(actual, expected), show(expected), () => show(actual));
  },
  notEqual(actual, unexpected, claim) {
    verify(claim, !isDeepStrictEqual(actual, unexpected), `anything but ${show(unexpected)}`, () => show(actual));
  },
  match(text, pattern, claim) {
    const found = fresh(pattern).exec(text);
    verify(claim, found !== null, `a text matching ${pattern}`, () => show(text));
    return found!;
  },
  includes(haystack, needle, claim) {
    verify(claim, contains(haystack, needle), `${kind(haystack)} including ${show(needle)}`, () => show(haystack));
  },
  notIncludes(haystack, needle, claim) {
    verify(claim, !contains(haystack, needle), `${kind(haystack)} not including ${show(needle)}`, () => show(haystack));
  },
  lessThan(a, b, claim) {
    verify(claim, a < b, `less than ${show(b)}`, () => show(a));
  },
  greaterThan(a, b, claim) {
    verify(claim, a > b, `greater than ${show(b)}`, () => show(a));
  },
  between(value, low, high, claim) {
    verify(claim, low <= value && value <= high, `between ${show(low)} and ${show(high)}`, () => show(value));
  },
  rejects,
  eventually,
};

async function rejects(
  action: Promise<unknown> | (() => unknown),
  code: ErrorCode,
  claim: string,
): Promise<DockbookError>;
async function rejects(action: Promise<unknown> | (() => unknown), pattern: RegExp, claim: string): Promise<Error>;
async function rejects(
  action: Promise<unknown> | (() => unknown),
  expected: ErrorCode | RegExp,
  claim: string,
): Promise<Error> {
  const wanted =
    typeof expected === 'string'
      ? `a DockbookError with code ${expected}`
      : `an error whose message matches ${expected}`;
  let value: unknown;
  try {
    value = await (typeof action === 'function' ? action() : action);
  } catch (error) {
    needClaim(claim);
    if (
      typeof expected === 'string'
        ? isDockbookError(error, expected)
        : error instanceof Error && fresh(expected).test(error.message)
    )
      return error as Error;
    throw new CheckFailure(claim, wanted, describeError(error));
  }
  needClaim(claim);
  throw new CheckFailure(claim, wanted, `it succeeded, with ${show(value)}`);
}

/** What check.eventually takes, checked at its entry. */
export const EVENTUALLY_SIGNATURE = signature({
  operation: 'check.eventually',
  ctx: false,
  params: [
    { name: 'probe', shape: func, example: () => undefined },
    {
      name: 'claim',
      shape: shape('a claim in words (a non-empty string)', (v) => typeof v === 'string' && v.trim() !== ''),
      example: 'the container is gone',
    },
  ],
  options: { timeoutMs: milliseconds, intervalMs: milliseconds, signal: abortSignal },
  command: "timeout 30 sh -c 'until CLAIM; do sleep 0.1; done'",
});

async function eventually<T>(
  probe: () => T | PromiseLike<T>,
  claim: string,
  options: EventuallyOptions = {},
): Promise<T> {
  checkArgs(EVENTUALLY_SIGNATURE, arguments);
  const { timeoutMs = 30_000, intervalMs = 100, signal } = options;
  // A cell's interrupt (its timeout, Ctrl-C) stops the tries too, as it stops a library call.
  const interrupt = (Reflect.get(globalThis, Symbol.for('dockbook.interrupt')) as (() => AbortSignal) | undefined)?.();
  const stops = [signal, interrupt].filter((s): s is AbortSignal => s !== undefined);
  const stop = stops.length > 0 ? AbortSignal.any(stops) : undefined;
  const started = performance.now();
  for (let tries = 1; ; tries++) {
    stop?.throwIfAborted();
    let failure: CheckFailure;
    try {
      const value = await probe();
      if (typeof value === 'boolean') {
        throw new TypeError(
          `check.eventually: its probe returned ${value}, which asserts nothing. State the claim with a check ` +
            `inside the probe: check.eventually(async () => check.ok(await isGone(), 'it is gone'), 'it goes away')`,
        );
      }
      return value;
    } catch (error) {
      if (!(error instanceof CheckFailure)) throw error;
      failure = error;
    }
    const elapsed = performance.now() - started;
    if (elapsed >= timeoutMs) {
      throw new CheckFailure(
        claim,
        `it holds within ${seconds(timeoutMs)} (tried every ${seconds(intervalMs)})`,
        `it still failed after ${tries} ${tries === 1 ? 'try' : 'tries'} in ${seconds(elapsed)}; the last time:\n` +
          failure.message,
        { cause: failure },
      );
    }
    // The last try comes at the deadline, not an interval before it.
    const pause = Math.min(intervalMs, timeoutMs - elapsed);
    await sleep(pause, undefined, stop ? { signal: stop } : undefined).catch(() => {
      throw stop?.reason;
    });
  }
}

/** `100 ms`, `2.5 s`. */
const seconds = (ms: number) => (ms < 1000 ? `${Math.round(ms)} ms` : `${Number((ms / 1000).toFixed(1))} s`);

function verify(claim: string, holds: boolean, expected: string, actual: () => string): void {
  needClaim(claim);
  if (!holds) throw new CheckFailure(claim, expected, actual());
}

function needClaim(claim: unknown): void {
  if (typeof claim !== 'string' || claim.trim() === '') {
    throw new TypeError(
      "every check needs a claim: what the notebook claims, e.g. check.ok(running, 'the container is running')",
    );
  }
}

/** The regex without `g`/`y`, so a match never depends on an earlier one's lastIndex. */
function fresh(pattern: RegExp): RegExp {
  return new RegExp(pattern.source, pattern.flags.replace(/[gy]/g, ''));
}

function contains(haystack: string | readonly unknown[], needle: unknown): boolean {
  return typeof haystack === 'string'
    ? typeof needle === 'string' && haystack.includes(needle)
    : haystack.some((item) => isDeepStrictEqual(item, needle));
}

function kind(haystack: unknown): string {
  return typeof haystack === 'string' ? 'a string' : 'an array';
}

/** A value as util.inspect prints it, on one line, shortened past MAX_SHOWN characters. */
function show(value: unknown): string {
  if (typeof value === 'string' && value.length > MAX_SHOWN) return inspect(`${value.slice(0, MAX_SHOWN)}…`);
  const text = inspect(value, { depth: 4, breakLength: Infinity, maxArrayLength: 20 });
  return text.length > MAX_SHOWN ? `${text.slice(0, MAX_SHOWN)}…` : text;
}

function describeError(error: unknown): string {
  if (isDockbookError(error)) return `DockbookError ${error.code}: ${show(error.message)}`;
  if (error instanceof Error) return `${error.name}: ${show(error.message)}`;
  return `a thrown ${show(error)}`;
}
