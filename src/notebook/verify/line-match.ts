import { compareDurations, compareSizes } from './magnitude.ts';
import type { ValueKind } from './normalizers.ts';
import { findValues, identityKey, isValue, kindsFor, type Found, type Sessions } from './values.ts';

/**
 * What the values matched so far stand for: each expected identity's actual value and back, so
 * equal values stay equal and different ones different across a cell's lines. Never mutated:
 * a line that matches returns a new one.
 */
export interface Bindings {
  readonly forward: ReadonlyMap<string, string>;
  readonly backward: ReadonlyMap<string, string>;
  /** The cell's first time, in ms, on both sides: later times must keep their distance to it (see compareTimes). */
  readonly firstTime?: { readonly want: number; readonly got: number; readonly raw: string };
}

export const NO_BINDINGS: Bindings = { forward: new Map(), backward: new Map() };

export type LineMatch = { ok: true; bindings: Bindings } | { ok: false; problem?: string };

/** An expected line compiled once: its regex, and the value each capture group stands for. */
interface Compiled {
  regex: RegExp;
  values: Found[];
}

const compiled = new Map<string, Compiled>();
const wholes = new Map<ValueKind, RegExp>();
/** A kind's pattern over a whole string. */
const whole = (kind: ValueKind) => wholes.get(kind) ?? wholes.set(kind, new RegExp(`^(?:${kind.source})$`)).get(kind)!;
const escape = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
/** Literal text, where a run of two or more spaces (a table's column gap) matches any such run. */
const literal = (text: string) =>
  text
    .split(/([ \t]{2,})/)
    .map((part, i) => (i % 2 ? '[ \\t]{2,}' : escape(part)))
    .join('');

function compile(line: string): Compiled {
  let hit = compiled.get(line);
  if (hit) return hit;
  const values = findValues(line, 'expected');
  let source = '';
  let at = 0;
  for (const value of values) {
    source += `${literal(line.slice(at, value.start))}(${kindsFor(value)
      .map((kind) => `(?:${kind.source})`)
      .join('|')})`;
    at = value.end;
  }
  hit = { regex: new RegExp(`^${source}${literal(line.slice(at))}$`, 'd'), values };
  if (compiled.size > 10_000) compiled.clear();
  compiled.set(line, hit);
  return hit;
}

/**
 * Whether an actual line matches an expected one: the text between values is equal (a column
 * gap of two or more spaces matches any such gap), and each value matches its counterpart by its
 * kind's rule (see normalizers.ts): identities one to one across the cell, times equal where the
 * expected ones are equal, sizes and durations within their tolerance (magnitude.ts). A
 * placeholder typed by hand matches any value of its kind; a numbered one (`<id-2>`) is an
 * identity of its own. A value that is not volatile on the actual side (a host port below 32768,
 * an 8-hex token that is not one of this run's sessions) must be exactly the expected text.
 *
 * @example
 * matchLine('web-3f2a1c9d Up 2 seconds', 'web-91bc0e44 Up 3 seconds', NO_BINDINGS, new Set(['91bc0e44'])).ok; // true
 */
export function matchLine(expected: string, actual: string, bindings: Bindings, sessions: Sessions): LineMatch {
  const { regex, values } = compile(expected);
  const match = regex.exec(actual);
  if (!match) return { ok: false };
  let forward = bindings.forward;
  let backward = bindings.backward;
  let firstTime = bindings.firstTime;
  for (const [i, want] of values.entries()) {
    const got = match[i + 1]!;
    const kind = kindsFor(want).find((k) => whole(k).test(got)) ?? want.kind;
    if (!isValue(kind, got, 'actual', sessions)) {
      if (want.typed || got !== want.raw)
        return { ok: false, problem: `${got} is not ${want.typed ? `a ${want.raw}` : want.raw}` };
      continue;
    }
    if (want.typed && want.typed.n === undefined) continue;
    if (kind.rule === 'size' || kind.rule === 'duration') {
      const problem = (kind.rule === 'size' ? compareSizes : compareDurations)(want.raw, got);
      if (problem) return { ok: false, problem };
      continue;
    }
    if (kind.rule === 'same-when-equal' && !want.typed) {
      const [wantMs, gotMs] = [Date.parse(want.raw), Date.parse(got)];
      if (!Number.isNaN(wantMs) && !Number.isNaN(gotMs)) {
        const problem = firstTime ? compareTimes(firstTime, want.raw, wantMs, got, gotMs) : undefined;
        if (problem) return { ok: false, problem };
        firstTime ??= { want: wantMs, got: gotMs, raw: want.raw };
      }
    }
    const wantKey = want.typed
      ? `${kind.family}:#${want.typed.n}`
      : identityKey(want.kind, want.raw, expected.slice(0, want.start));
    const gotKey = identityKey(kind, got, actual.slice(0, match.indices?.[i + 1]?.[0] ?? 0));
    const bound = forward.get(wantKey);
    if (bound !== undefined && bound !== gotKey)
      return { ok: false, problem: `${want.raw} stood for another value earlier in the cell, not ${got}` };
    if (kind.rule === 'identity') {
      const back = backward.get(gotKey);
      if (back !== undefined && back !== wantKey)
        return { ok: false, problem: `${got} already stood for another value of the expected block than ${want.raw}` };
      if (back === undefined) backward = new Map(backward).set(gotKey, wantKey);
    }
    if (bound === undefined) forward = new Map(forward).set(wantKey, gotKey);
  }
  return { ok: true, bindings: { forward, backward, ...(firstTime ? { firstTime } : {}) } };
}

/**
 * How far a time's distance to the cell's first time may move, in ms: what a busy machine does
 * to "built, then started three seconds later" (46 s was seen with four courses running at once
 * on two cores). Moves of hours, days and years are claims that fail.
 */
const TIME_SLACK_MS = 120_000;
/** Beyond the slack, the factor by which a distance may grow or shrink, in the same direction. */
const TIME_FACTOR = 10;

/**
 * Why a time breaks the cell's timeline, or undefined: a time's distance to the cell's first
 * time must be the expected one, within two minutes, or ×10 in the same direction. The value
 * of a clock reading is not a claim (it is when the run happened), and neither are seconds
 * between steps (they follow the machine's load), but a timeline is: times a day or a year
 * apart, or in another order by hours, fail. Equal times must stay equal (the bindings).
 */
function compareTimes(
  first: NonNullable<Bindings['firstTime']>,
  wantRaw: string,
  wantMs: number,
  got: string,
  gotMs: number,
): string | undefined {
  const [want, actual] = [wantMs - first.want, gotMs - first.got];
  if (Math.abs(actual - want) <= TIME_SLACK_MS) return undefined;
  if (
    Math.sign(want) === Math.sign(actual) &&
    Math.max(Math.abs(want), Math.abs(actual)) / Math.min(Math.abs(want), Math.abs(actual)) <= TIME_FACTOR
  )
    return undefined;
  const seconds = (ms: number) => `${(ms / 1000).toFixed(1)} s`;
  return (
    `${got} is ${seconds(actual)} from the cell's first time, where the expected block ` +
    `has ${wantRaw} ${seconds(want)} from ${first.raw}`
  );
}
