import { DockbookError } from '../errors.ts';
import { abortSignal, anyOf, describeValue, isPlainObject, milliseconds, shape, type Shape } from './shape.ts';

/** One positional argument: its name, shape, whether it may be left out, and a value that fits (for tests). */
export interface Param {
  name: string;
  shape: Shape;
  optional?: boolean;
  example: unknown;
}

/** What a public function takes, checked at its entry by checkArgs. */
export interface Signature {
  /** The operation, as errors name it: `run`, `rmVolume`. */
  operation: string;
  /** Whether the plain function takes a Context first (a Session method then takes the rest). */
  ctx: boolean;
  params: Param[];
  /** The options object (always the last argument, optional), by option name; none when it takes no options. */
  options?: Record<string, Shape>;
  /**
   * Options the call cannot do without (runNotebooks' `engine`): the options object is then
   * required too, and a missing one of these is INVALID_ARGUMENT naming it.
   */
  requiredOptions?: string[];
  /** The equivalent docker command, e.g. `docker stop [OPTIONS] CONTAINER`. */
  command: string;
  /** The docker flag of an option, for a command that shows it: `{ env: '--env KEY=value' }`. */
  flags?: Record<string, string>;
}

/**
 * The map of signatures, kept on a (hoisted) function so that signature() works even while this
 * module is still being evaluated: errors.ts declares isDockbookError's signature, and errors.ts
 * and this module import each other.
 */
function registry(): Map<string, Signature> {
  const holder = registry as { map?: Map<string, Signature> };
  return (holder.map ??= new Map());
}

/** Every signature declared, by operation: the class-wide tests enumerate them. */
export const SIGNATURES = registry();

/** Declares (and records) a signature. */
export function signature(sig: Signature): Signature {
  registry().set(sig.operation, sig);
  return sig;
}

/** The options every call takes (CallOptions). */
export const CALL_OPTIONS: Record<string, Shape> = { timeoutMs: milliseconds, signal: abortSignal };

/** What operations receive first: a Context, as `session.ctx` or createContext() gives. */
export const context = shape(
  'a Context (session.ctx, or await createContext())',
  (v) =>
    v !== null &&
    typeof v === 'object' &&
    typeof (v as { session?: unknown }).session === 'string' &&
    typeof (v as { labels?: unknown }).labels === 'object',
);

/** A container: its name, ID or unique ID prefix, or a Container value. */
export const containerRef = anyOf(
  [
    shape('', (v) => typeof v === 'string' && v !== ''),
    shape('', (v) => v !== null && typeof v === 'object' && typeof (v as { id?: unknown }).id === 'string'),
  ],
  'a container name or ID (a non-empty string) or a Container',
);

/** An image: a reference or ID (a non-empty string), or a value with an id. */
export const imageLike = anyOf(
  [
    shape('', (v) => typeof v === 'string' && v !== ''),
    shape('', (v) => v !== null && typeof v === 'object' && typeof (v as { id?: unknown }).id === 'string'),
  ],
  'an image reference or ID (a non-empty string) or an image with an id',
);

/** How to call it, for hints: `stop(ref, options?)`. */
export function usage(sig: Signature, bound: boolean): string {
  const params = [
    ...(sig.ctx && !bound ? ['ctx'] : []),
    ...sig.params.map((p) => (p.optional ? `${p.name}?` : p.name)),
    ...(sig.options ? [sig.requiredOptions?.length ? 'options' : 'options?'] : []),
  ];
  return `${bound ? 'docker.' : ''}${sig.operation}(${params.join(', ')})`;
}

function invalid(sig: Signature, target: string, reason: string, hint: string, command = sig.command): DockbookError {
  return new DockbookError({ code: 'INVALID_ARGUMENT', operation: sig.operation, target, reason, hint, command });
}

function optionsList(options: Record<string, Shape>): string {
  return Object.keys(options).join(', ');
}

/** The known option nearest to a misspelt one (edit distance ≤ 2, or a different case), if any. */
export function nearest(name: string, known: string[]): string | undefined {
  let best: { key: string; d: number } | undefined;
  const lower = name.toLowerCase();
  for (const key of known) {
    const k = key.toLowerCase();
    // A longer or shorter spelling of it (environment, env; time, timeoutMs) is as near as a typo.
    const d =
      k === lower
        ? 0
        : Math.min(
            lower.length >= 3 && k.length >= 3 && (lower.startsWith(k) || k.startsWith(lower)) ? 1 : Infinity,
            distance(lower, k),
          );
    if (d <= Math.max(1, Math.min(2, Math.floor(key.length / 3))) && (!best || d < best.d)) best = { key, d };
  }
  return best?.key;
}

function distance(a: string, b: string): number {
  const row = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    let prev = row[0]!;
    row[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const saved = row[j]!;
      row[j] = Math.min(row[j]! + 1, row[j - 1]! + 1, prev + (a[i - 1] === b[j - 1] ? 0 : 1));
      prev = saved;
    }
  }
  return row[b.length]!;
}

/**
 * Checks a call's arguments against its signature before anything else happens: a wrong type,
 * a missing required argument, an unknown option (a typo, with the known ones listed), extra
 * arguments, or options that are not an object are INVALID_ARGUMENT naming the function, the
 * argument or option, what was got and what it takes. `args` includes the Context when the
 * signature takes one, unless `bound` (a Session method: the session supplies it).
 */
export function checkArgs(sig: Signature, args: ArrayLike<unknown>, bound = false): void {
  // Called once per public call, on hot paths too: nothing is built unless something is wrong.
  const offset = sig.ctx && !bound ? 1 : 0;
  const params = sig.params;
  const hint = () => `Call it as ${usage(sig, bound)}.`;
  const max = offset + params.length + (sig.options ? 1 : 0);
  if (args.length > max) {
    throw invalid(sig, `argument ${args.length}`, `got ${args.length} arguments; it takes at most ${max}`, hint());
  }
  if (offset === 1) {
    const miss = context.mismatch(args[0]);
    if (miss) throw invalid(sig, `argument ctx${miss.path}`, `got ${miss.got}; expected ${miss.expected}`, hint());
  }
  for (let i = 0; i < params.length; i++) {
    const param = params[i]!;
    const value = args[i + offset];
    if (value === undefined && param.optional) continue;
    const miss = param.shape.mismatch(value);
    if (miss)
      throw invalid(sig, `argument ${param.name}${miss.path}`, `got ${miss.got}; expected ${miss.expected}`, hint());
  }
  if (!sig.options) return;
  const options = args[offset + params.length];
  const known = sig.options;
  const required = sig.requiredOptions;
  if (options === undefined && !required?.length) return;
  if (!isPlainObject(options)) {
    throw invalid(
      sig,
      'options',
      `got ${describeValue(options)}; expected an object of options { ${optionsList(known)} ` +
        `}${required?.length ? ` with ${required.join(', ')}` : ''}`,
      hint(),
    );
  }
  for (const key in options) {
    if (!Object.hasOwn(options, key)) continue;
    const value = options[key];
    const field = Object.hasOwn(known, key) ? known[key] : undefined;
    if (!field) {
      const near = nearest(key, Object.keys(known));
      throw invalid(
        sig,
        `option ${key}`,
        `${sig.operation} has no such option (${near ? `did you mean ${near}?` : 'a typo?'})`,
        `Its options are: ${optionsList(known)}.`,
      );
    }
    if (value === undefined) continue;
    const miss = field.mismatch(value);
    const flag = sig.flags?.[key];
    if (miss)
      throw invalid(
        sig,
        `option ${key}${miss.path}`,
        `got ${miss.got}; expected ${miss.expected}`,
        hint(),
        flag ? `${sig.command.replace(/ \[OPTIONS\].*$/, '')} ${flag} …` : sig.command,
      );
  }
  if (required) {
    for (const key of required) {
      if (options[key] === undefined)
        throw invalid(
          sig,
          `option ${key}`,
          `got undefined; ${sig.operation} needs it: expected ${known[key]!.expected}`,
          hint(),
        );
    }
  }
}
