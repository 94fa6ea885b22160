import { NAME_ADJECTIVES } from '../../src/notebook/verify/generated-names.ts';

/**
 * The kinds of text in an output line that the mutation test changes on purpose, found by its
 * own patterns (not the matcher's), so that it tests the matcher rather than repeating it.
 */
export type TokenKind =
  | 'plain'
  | 'placeholder'
  | 'hex'
  | 'session'
  | 'name'
  | 'ip'
  | 'random-port'
  | 'fixed-port'
  | 'container-port'
  | 'address'
  | 'time'
  | 'size'
  | 'duration'
  | 'exit'
  | 'tag';

export interface Token {
  kind: TokenKind;
  start: number;
  end: number;
  text: string;
}

/** A port at or above this one, after an address, is a random one the engine chose. */
export const RANDOM_PORT_MIN = 32768;

const DAY = '(?:Mon|Tue|Wed|Thu|Fri|Sat|Sun)';
const MONTH = '(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)';
const PATTERNS: Array<[TokenKind, RegExp]> = [
  // A value typed by hand as not claimed (`<id>`, `<duration>`, `<id-2>`): never changed.
  ['placeholder', /(?:sha256:)?<(?:id|short-id|digest|time|name|ip|port|session|size|duration)(?:-[1-9]\d*)?>/g],
  ['hex', /(?<!\w)(?:sha256:)?[0-9a-f]{64}(?!\w)/g],
  ['time', /(?<!\w)\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}:\d{2}(?:\.\d+)?(?:Z|[+-]\d{2}:?\d{2})?(?!\w)/g],
  ['time', new RegExp(`\\b${DAY} ${MONTH} [ \\d]\\d \\d{2}:\\d{2}:\\d{2}(?: [A-Z]{2,5})? \\d{4}\\b`, 'g')],
  ['hex', /(?<!\w)(?=[a-f]*\d)[0-9a-f]{12}(?!\w)/g],
  ['session', /(?<=[A-Za-z0-9]-)[0-9a-f]{8}(?!\w)/g],
  ['name', new RegExp(`\\b(?:${NAME_ADJECTIVES.join('|')})_[a-z]+\\d?\\b`, 'g')],
  ['address', /(?<![\w.])(?:0\.0\.0\.0|127(?:\.\d{1,3}){3}|localhost)(?![\w.])/g],
  ['ip', /(?<![\w.])(?:\d{1,3}\.){3}\d{1,3}(?![\w.])/g],
  ['fixed-port', /(?<=(?:\d{1,3}\.){3}\d{1,3}:|localhost:)\d{1,5}(?!\d)/g],
  ['container-port', /(?<![\w.:])\d{1,5}(?=\/(?:tcp|udp)\b)|(?<=\bport )\d{1,5}(?!\w)/g],
  ['exit', /\[exit \d+\]|\bexit code \d+|\(exit \d+\)|\bExited \(\d+\)|\bexit \d+\b/g],
  ['size', /(?<![\w.])\d+(?:\.\d+)? ?(?:B|[kKMGT]i?B|bytes?)(?!\w)/g],
  [
    'duration',
    new RegExp(
      /(?<![\w.])\d+(?:\.\d+)?(?:ms|s|µs|us| seconds?| minutes?| hours?)(?!\w)/.source +
        '|' +
        /\b(?:Less than a second|About an? (?:minute|hour))\b/.source,
      'g',
    ),
  ],
  ['tag', /(?<![\w.:/-])[\w.-]+(?::\d+)?(?:\/[\w.-]+)*:\w[\w.-]*(?!\w|:\w)/g],
];

/** The tag part of `name:tag`, when it is an image reference (not an address, a digest or a field). */
function tagOf(whole: string, start: number): Token | undefined {
  const ref = whole.replace(/[.-]+$/, '');
  const colon = ref.lastIndexOf(':');
  const [name, tag] = [ref.slice(0, colon), ref.slice(colon + 1)];
  if (!/[a-z]/.test(name) || /^(sha256|file|dir|https?)$/.test(name) || /^\d+$/.test(tag)) return undefined;
  return { kind: 'tag', start: start + colon + 1, end: start + ref.length, text: tag };
}

/**
 * The tokens of each line of a block, left to right, without overlaps (the earlier pattern
 * wins). A `docker images` table's TAG column counts as tags.
 *
 * @example
 * blockTokens(['web 0.0.0.0:32768->80/tcp'])[0].map((t) => t.kind); // ['address', 'random-port', 'container-port']
 */
export function blockTokens(lines: readonly string[]): Token[][] {
  let tagColumn: number | undefined;
  return lines.map((line) => {
    const found: Token[] = [];
    const free = (start: number, end: number) => found.every((t) => end <= t.start || t.end <= start);
    const header = /\bREPOSITORY\b.*\bTAG\b/.test(line) ? line.indexOf('TAG') : undefined;
    if (line.trim() === '') tagColumn = undefined;
    else if (tagColumn !== undefined && /\S/.test(line[tagColumn] ?? '') && /\s/.test(line[tagColumn - 1] ?? ' ')) {
      const text = /^\S+/.exec(line.slice(tagColumn))![0];
      found.push({ kind: 'tag', start: tagColumn, end: tagColumn + text.length, text });
    }
    if (header !== undefined) tagColumn = header;
    for (const [kind, pattern] of PATTERNS) {
      for (const match of line.matchAll(pattern)) {
        const start = match.index ?? 0;
        let token: Token | undefined = { kind, start, end: start + match[0].length, text: match[0] };
        if (kind === 'tag') token = tagOf(match[0], start);
        if (kind === 'fixed-port' && Number(match[0]) >= RANDOM_PORT_MIN) token = { ...token!, kind: 'random-port' };
        if (token && free(token.start, token.end)) found.push(token);
      }
    }
    // A random port is also written `:32768->80`, without an address before it.
    for (const match of line.matchAll(/(?<=:)\d{5}(?=->)/g)) {
      const start = match.index ?? 0;
      if (free(start, start + 5) && Number(match[0]) >= RANDOM_PORT_MIN)
        found.push({ kind: 'random-port', start, end: start + 5, text: match[0] });
    }
    return found.sort((a, b) => a.start - b.start);
  });
}

/** The tokens of one kind in a line, in order (for the occurrence of a changed value). */
export function tokensOf(tokens: readonly Token[], kinds: readonly TokenKind[]): Token[] {
  return tokens.filter((t) => kinds.includes(t.kind));
}
