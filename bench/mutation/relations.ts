import type { OutputClass, Spot } from './types.ts';
import { tokensOf, type Token, type TokenKind } from './tokens.ts';

/** A change of which values of a block are equal: one made different from its equals, or made equal to another. */
export interface RelationChange {
  class: OutputClass;
  what: string;
  spot: Spot;
  twin?: Spot;
}

interface Occurrence {
  line: number;
  token: Token;
  occurrence: number;
  family: string;
  key: string;
}

const IDENTITY_KINDS: readonly TokenKind[] = ['hex', 'session', 'name', 'ip', 'random-port'];
const HEX = '0123456789abcdef';
const SURNAMES = ['turing', 'hopper', 'lovelace', 'curie', 'noether'];

/**
 * What makes two values the same thing: a hex ID's first 12 characters (a short ID is its full ID's start), else its
 * text.
 */
function keyOf(token: Token): { family: string; key: string } {
  if (token.kind === 'hex') return { family: 'hex', key: token.text.replace(/^sha256:/, '').slice(0, 12) };
  if (token.kind === 'time') return { family: /^\d{4}-/.test(token.text) ? 'iso-time' : 'date-time', key: token.text };
  return { family: token.kind, key: token.text };
}

function occurrences(tokens: readonly Token[][], kinds: readonly TokenKind[]): Occurrence[] {
  return tokens.flatMap((line, i) =>
    tokensOf(line, kinds).map((token, occurrence) => ({ line: i, token, occurrence, ...keyOf(token) })),
  );
}

/**
 * A value of the same shape that is none of `used`: the ID's 12th hex character, a session's last, another surname, the
 * next port.
 */
function fresh(o: Occurrence, used: ReadonlySet<string>): string {
  const { text } = o.token;
  for (let step = 1; step < 16; step++) {
    let next: string;
    if (o.family === 'hex' || o.family === 'session') {
      const at = o.family === 'hex' ? (text.startsWith('sha256:') ? 7 : 0) + 11 : text.length - 1;
      next = text.slice(0, at) + HEX[(HEX.indexOf(text[at]!) + step) % 16] + text.slice(at + 1);
    } else if (o.family === 'name') next = text.replace(/_[a-z]+\d?$/, `_${SURNAMES[step % SURNAMES.length]}`);
    else if (o.family === 'ip') next = text.replace(/\d+$/, (octet) => String(((Number(octet) + step) % 250) + 1));
    else next = String(Number(text) + step);
    if (!used.has(keyOf({ ...o.token, text: next }).key)) return next;
  }
  return `${text}0`;
}

/** `b` made to stand for the same thing as `a`, in `b`'s own shape (a full ID keeps its length). */
function sameAs(a: Occurrence, b: Occurrence): string {
  if (a.family !== 'hex') return a.token.text;
  const hex = b.token.text.replace(/^sha256:/, '');
  return `${b.token.text.startsWith('sha256:') ? 'sha256:' : ''}${a.key}${hex.slice(12)}`;
}

const spotOf = (o: Occurrence, after: string): Spot => ({
  line: o.line,
  start: o.token.start,
  end: o.token.end,
  before: o.token.text,
  after,
  occurrence: o.occurrence,
});

/**
 * The block's relation changes: for identities (IDs, sessions, generated names, addresses,
 * random ports) each value that appears more than once has its last appearance made different,
 * and each two consecutive different values of a kind are made equal; for times, two
 * consecutive different ones of one format are made equal (a time made different is a `date`
 * change, see values.ts).
 */
export function relationChanges(tokens: readonly Token[][]): RelationChange[] {
  const changes: RelationChange[] = [];
  const ids = occurrences(tokens, IDENTITY_KINDS);
  const families = new Map<string, Occurrence[]>();
  for (const o of [...ids, ...occurrences(tokens, ['time'])])
    families.set(o.family, [...(families.get(o.family) ?? []), o]);
  for (const [family, all] of families) {
    const time = family.endsWith('time');
    const used = new Set(all.map((o) => o.key));
    const firsts = new Map<string, Occurrence>();
    for (const o of all) if (!firsts.has(o.key)) firsts.set(o.key, o);
    if (!time) {
      for (const [key, first] of firsts) {
        const last = all.filter((o) => o.key === key).at(-1)!;
        if (last === first) continue;
        const after = fresh(last, used);
        changes.push({
          class: 'identity',
          what: `equal ${family} values made different: ${last.token.text} → ${after}`,
          spot: spotOf(last, after),
        });
      }
    }
    const distinct = [...firsts.values()];
    for (let i = 1; i < distinct.length; i++) {
      const [a, b] = [distinct[i - 1]!, distinct[i]!];
      const after = sameAs(a, b);
      changes.push({
        class: time ? 'date' : 'identity',
        what: `different ${family} values made equal: ${b.token.text} → ${after}`,
        spot: spotOf(b, after),
        twin: spotOf(a, a.token.text),
      });
    }
  }
  return changes;
}
