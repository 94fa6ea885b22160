import type { OutputClass } from './types.ts';
import { tokensOf, type Token, type TokenKind } from './tokens.ts';

/** A change of one value in a line: the class, the text before and after, and a word on it. */
export interface ValueChange {
  class: OutputClass;
  token: Token;
  after: string;
  /** The kinds its occurrence is counted among (to find the output's value at the same place). */
  among: readonly TokenKind[];
  note?: string;
}

/** Status words and the opposite each is changed to. */
export const STATUS_SWAPS: Record<string, string> = {
  Up: 'Exited',
  Exited: 'Up',
  Created: 'Up',
  running: 'exited',
  exited: 'running',
  created: 'running',
  stopped: 'running',
  true: 'false',
  false: 'true',
  cached: 'built',
  built: 'cached',
  passed: 'failed',
  failed: 'passed',
  removed: 'kept',
  kept: 'removed',
  Succeeded: 'Failed',
  exists: 'gone',
  gone: 'exists',
  healthy: 'unhealthy',
  unhealthy: 'healthy',
  uploaded: 'skipped',
  served: 'refused',
  serving: 'stopped',
  ECONNREFUSED: 'ECONNRESET',
};

/** Words changed to their opposite when they have an obvious one; others to another word of the block. */
const OPPOSITES: Record<string, string> = {
  before: 'after',
  after: 'before',
  new: 'old',
  old: 'new',
  first: 'second',
  second: 'first',
  same: 'different',
  with: 'without',
  without: 'with',
  inside: 'outside',
  mine: 'theirs',
  theirs: 'mine',
  public: 'private',
  private: 'public',
  image: 'container',
  container: 'image',
  images: 'containers',
  containers: 'images',
  volume: 'image',
  host: 'container',
  still: 'no longer',
  from: 'into',
  only: 'also',
  every: 'no',
  all: 'none',
  none: 'all',
};

const NUMBER = /(?<![\w.])\d+(?:\.\d+)?(?![\w.])/g;
const WORD = /(?<!\w)[A-Za-z]{3,}(?!\w)/g;

/** A decimal number's text times 10 (`by` 1) or divided by 10 (`by` -1), exactly: `0.7` → `7`, `119` → `11.9`. */
export function shiftDecimal(number: string, by: 1 | -1): string {
  const [int, frac = ''] = number.split('.');
  let digits = `${int}${frac}`;
  let point = int!.length + by;
  if (point > digits.length) digits = digits.padEnd(point, '0');
  if (point <= 0) [digits, point] = [`${'0'.repeat(1 - point)}${digits}`, 1];
  const whole = digits.slice(0, point).replace(/^0+(?=\d)/, '');
  const fraction = digits.slice(point).replace(/0+$/, '');
  return fraction ? `${whole}.${fraction}` : whole;
}

/** A size or duration scaled by 10 either way; zero stays as written (ten times nothing is nothing). */
function scaled(token: Token, by: 1 | -1): string {
  const number = /^\d+(?:\.\d+)?/.exec(token.text)![0];
  if (Number(number) === 0) return token.text;
  const shifted = shiftDecimal(number, by);
  // "1 second" ×10 is "10 seconds", "2 seconds" ÷10 is "0.2 seconds".
  const unit = token.text
    .slice(number.length)
    .replace(/^( (?:second|minute|hour))s?$/, (_, word: string) => (shifted === '1' ? word : `${word}s`));
  return shifted + unit;
}

/** An image tag changed: `latest` → `stable`, `v1` → `v2`, `1.35.0` → `1.35.1`. */
function otherTag(tag: string): string {
  if (tag === 'latest') return 'stable';
  const version = /^(.*?)(\d+)(\D*)$/.exec(tag);
  return version ? `${version[1]}${Number(version[2]) + 1}${version[3]}` : `${tag}-dev`;
}

/** A date or time moved: a year later. */
function otherTime(text: string): string {
  return text.replace(/\b(\d{4})\b(?!-\d{2}:)/, (year) => String(Number(year) + 1));
}

/** A number plus one, in the same form: `02` → `03`, `0.7` → `1.7`, `9` → `10`. */
export function plusOne(number: string): string {
  const [int, frac] = number.split('.');
  const next = String(BigInt(int!) + 1n).padStart(int!.length, '0');
  return frac === undefined ? next : `${next}.${frac}`;
}

function otherExit(text: string): string {
  return text.replace(/\d+/, (code) => (code === '0' ? '1' : '0'));
}

/**
 * Every change of one value in a line, by class: numbers +1; one word replaced; status words
 * swapped; image tags changed; sizes and durations ×10 and ÷10; fixed and container ports
 * changed, a random host port written as a fixed one; dates moved; exit codes changed.
 * `words` are the block's words, to replace a word with another one of them.
 */
export function valueChanges(
  line: string,
  lineIndex: number,
  tokens: readonly Token[],
  words: readonly string[],
): ValueChange[] {
  const changes: ValueChange[] = [];
  const add = (cls: OutputClass, token: Token, after: string, among: readonly TokenKind[], note?: string) =>
    changes.push({ class: cls, token, after, among, ...(note ? { note } : {}) });
  const free = (start: number, end: number) => tokens.every((t) => end <= t.start || t.end <= start);
  for (const token of tokens) {
    if ((token.kind === 'size' || token.kind === 'duration') && /^\d/.test(token.text)) {
      add(token.kind, token, scaled(token, 1), [token.kind], '×10');
      add(token.kind, token, scaled(token, -1), [token.kind], '÷10');
    }
    if (token.kind === 'tag') add('tag', token, otherTag(token.text), ['tag']);
    if (token.kind === 'fixed-port' || token.kind === 'container-port')
      add('port', token, String(Number(token.text) + 1), [token.kind]);
    if (token.kind === 'random-port')
      add('port', token, '8080', ['random-port'], 'a random host port written as a fixed one');
    if (token.kind === 'time') add('date', token, otherTime(token.text), ['time']);
    if (token.kind === 'exit') add('exit', token, otherExit(token.text), ['exit']);
  }
  const plain = (pattern: RegExp) =>
    [...line.matchAll(pattern)]
      .map((m) => ({ start: m.index ?? 0, text: m[0] }))
      .filter((m) => free(m.start, m.start + m.text.length));
  const numbers = plain(NUMBER);
  for (const n of numbers)
    add('number', { kind: 'plain', start: n.start, end: n.start + n.text.length, text: n.text }, plusOne(n.text), []);
  const allWords = plain(WORD);
  for (const w of allWords.filter((w) => STATUS_SWAPS[w.text] !== undefined))
    add(
      'status',
      { kind: 'plain', start: w.start, end: w.start + w.text.length, text: w.text },
      STATUS_SWAPS[w.text]!,
      [],
    );
  const others = allWords.filter((w) => STATUS_SWAPS[w.text] === undefined);
  if (others.length > 0) {
    const w = others[lineIndex % others.length]!;
    const replacement =
      OPPOSITES[w.text] ??
      words.find(
        (other, i) => i >= words.indexOf(w.text) && other !== w.text && other.toLowerCase() !== w.text.toLowerCase(),
      ) ??
      words.find((o) => o !== w.text) ??
      `${w.text}s`;
    add('word', { kind: 'plain', start: w.start, end: w.start + w.text.length, text: w.text }, replacement, []);
  }
  return changes;
}

/** The occurrence of a changed value among the tokens (or plain matches) of its kind in its line. */
export function occurrenceOf(change: ValueChange, tokens: readonly Token[]): number {
  if (change.among.length === 0) return 0;
  return tokensOf(tokens, change.among).findIndex((t) => t.start === change.token.start);
}
