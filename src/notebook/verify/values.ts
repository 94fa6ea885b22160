import { EPHEMERAL_PORT_MIN, VALUE_KINDS, type ValueKind } from './normalizers.ts';

/** A volatile value found in a line, or a placeholder typed by hand in an expected block. */
export interface Found {
  kind: ValueKind;
  raw: string;
  start: number;
  end: number;
  /** A placeholder typed by hand: `<id>` (any value: `n` undefined) or `<id-2>` (the second identity). */
  typed?: { n?: number };
}

/** The session ids a verdict treats as this run's own (their 8 hex characters, without `db-`). */
export type Sessions = ReadonlySet<string>;

/** Placeholders an author may type in an expected block, and the kinds each stands for. */
const TYPED: Record<string, readonly ValueKind[]> = Object.fromEntries(
  [...new Set(VALUE_KINDS.map((k) => k.placeholder))].map((word) => [
    word,
    VALUE_KINDS.filter((k) => k.placeholder === word),
  ]),
);
// Only `<digest>` takes the `sha256:` prefix in (a digest's pattern holds it); before another placeholder it stays
// literal text.
const TYPED_PATTERN = `(?:sha256:(?=<digest[->]))?<(${Object.keys(TYPED).join('|')})(?:-([1-9]\\d*))?>`;
const SCANNER = new RegExp(
  [`(?<typed>${TYPED_PATTERN})`, ...VALUE_KINDS.map((kind, i) => `(?<k${i}>${kind.source})`)].join('|'),
  'g',
);

/**
 * The volatile values of a line, left to right. On the `expected` side a placeholder typed by
 * hand counts too, and any session-shaped token is taken as a session (the run that wrote the
 * block had its own ids); on the `actual` side a session is only one of `sessions`. A host port
 * below EPHEMERAL_PORT_MIN is never a value: it was chosen, so it is compared as written.
 *
 * @example
 * findValues('web-3f2a1c9d on 0.0.0.0:32768->80', 'actual', new Set(['3f2a1c9d'])).map((v) => v.kind.name);
 * // ['session', 'host-port']
 */
export function findValues(line: string, side: 'expected' | 'actual', sessions: Sessions = new Set()): Found[] {
  const found: Found[] = [];
  for (const match of line.matchAll(SCANNER)) {
    const groups = match.groups ?? {};
    const start = match.index ?? 0;
    const raw = match[0];
    if (groups.typed !== undefined) {
      if (side === 'actual') continue;
      const typedMatch = new RegExp(`^${TYPED_PATTERN}$`).exec(raw)!;
      const n = typedMatch[2] === undefined ? undefined : Number(typedMatch[2]);
      found.push({
        kind: TYPED[typedMatch[1]!]![0]!,
        raw,
        start,
        end: start + raw.length,
        typed: n === undefined ? {} : { n },
      });
      continue;
    }
    const index = VALUE_KINDS.findIndex((_, i) => groups[`k${i}`] !== undefined);
    const kind = VALUE_KINDS[index]!;
    if (!isValue(kind, raw, side, sessions)) continue;
    found.push({ kind, raw, start, end: start + raw.length });
  }
  return found;
}

/** Whether a token the kind's pattern found really is such a value on this side. */
export function isValue(kind: ValueKind, raw: string, side: 'expected' | 'actual', sessions: Sessions): boolean {
  if (kind.name === 'host-port') return Number(raw) >= EPHEMERAL_PORT_MIN;
  if (kind.name === 'session') return side === 'expected' || sessions.has(raw);
  return true;
}

/** The kinds a found value may match on the other side: a typed `<time>` is any time, `<ip>` any address. */
export function kindsFor(found: Found): readonly ValueKind[] {
  return found.typed ? TYPED[found.kind.placeholder]! : [found.kind];
}

/** What makes two values of a family the same thing: a hex ID's first 12 characters; else the text. */
export function identityKey(kind: ValueKind, raw: string, before = ''): string {
  if (kind.family === 'hex') return `hex:${raw.replace(/^sha256:/, '').slice(0, 12)}`;
  // The engine picks an IPv4 and an IPv6 host port for a mapping apart: the same number on both, or not.
  if (kind.family === 'port') return `port:${/(?:::|\]):$/.test(before) ? 'v6' : 'v4'}:${raw}`;
  return `${kind.family}:${raw}`;
}

/**
 * The number each identity and time of the lines gets by first appearance, per family, keyed by
 * identityKey (a short ID shares its full ID's number): what shownLines writes, and what tells
 * a diff whether a line's values stand for the same things on both sides.
 *
 * @example
 * identityNumbers(['a 3f2a1c9d8e7b', 'c 9a8b7c6d5e4f'], 'actual'); // Map { 'hex:3f2a1c9d8e7b' => 1, 'hex:9a8b7c6d5e4f'
 * => 2 }
 */
export function identityNumbers(
  lines: readonly string[],
  side: 'expected' | 'actual',
  sessions: Sessions = new Set(),
): Map<string, number> {
  const numbers = new Map<string, number>();
  const counters = new Map<string, number>();
  for (const line of lines) {
    for (const found of findValues(line, side, sessions)) {
      if (found.typed || found.kind.rule === 'size' || found.kind.rule === 'duration') continue;
      const key = identityKey(found.kind, found.raw, line.slice(0, found.start));
      if (numbers.has(key)) continue;
      const next = (counters.get(found.kind.family) ?? 0) + 1;
      counters.set(found.kind.family, next);
      numbers.set(key, next);
    }
  }
  return numbers;
}

/**
 * The lines as a reader compares them in a diff: identities and times become numbered
 * placeholders by first appearance in the text (`<id-1>`, `<session-2>`, a short ID sharing its
 * full ID's number); sizes, durations and typed placeholders stay as written.
 *
 * @example
 * shownLines(['a 3f2a1c9d8e7b', 'b 3f2a1c9d8e7b', 'c 9a8b7c6d5e4f'], 'actual');
 * // ['a <short-id-1>', 'b <short-id-1>', 'c <short-id-2>']
 */
export function shownLines(
  lines: readonly string[],
  side: 'expected' | 'actual',
  sessions: Sessions = new Set(),
): string[] {
  const numbers = identityNumbers(lines, side, sessions);
  return lines.map((line) => {
    let shown = '';
    let at = 0;
    for (const found of findValues(line, side, sessions)) {
      if (found.typed || found.kind.rule === 'size' || found.kind.rule === 'duration') continue;
      const number = numbers.get(identityKey(found.kind, found.raw, line.slice(0, found.start)));
      shown += `${line.slice(at, found.start)}<${found.kind.placeholder}-${number}>`;
      at = found.end;
    }
    return shown + line.slice(at);
  });
}
