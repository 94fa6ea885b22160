import { NAME_ADJECTIVES } from './generated-names.ts';

/**
 * How two values of a kind compare once found on the same spot of an expected and an actual line:
 * - `identity`: a volatile value that names something (an ID, a generated name, an address):
 *   any value matches, but equal values must stay equal and different ones different, across the
 *   whole cell (one to one);
 * - `same-when-equal`: a clock reading (a time): the cell's first time may take any value (it
 *   is when the run happened), values equal in the expected block must be equal in the output,
 *   and every later time keeps its distance to the first, within two minutes or ×10 (a busy
 *   machine stretches seconds; a day or a year is a claim: line-match.ts, compareTimes);
 * - `size`, `duration`: a magnitude, compared within a tolerance (see magnitude.ts).
 */
export type Rule = 'identity' | 'same-when-equal' | 'size' | 'duration';

/** A kind of volatile value the matcher knows. */
export interface ValueKind {
  name: string;
  /** What it matches, in words (the README's table). */
  what: string;
  /** The regex source that finds it (it never spans lines). */
  source: string;
  /** How an expected value and an actual one compare. */
  rule: Rule;
  /** The placeholder's word: `<id>`, `<id-2>`; numbered for identities and times. */
  placeholder: string;
  /** Kinds of one family share identities and numbers: a short ID is its full ID's first 12 characters. */
  family: string;
  /** A text before and after showing this kind alone (documentation, checked by the tests). */
  example: readonly [before: string, shown: string];
}

const DAY = '(?:Mon|Tue|Wed|Thu|Fri|Sat|Sun)';
const MONTH = '(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)';
const CLOCK = '\\d{2}:\\d{2}:\\d{2}';
const OCTET = '(?:25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)';
/** Where a port that follows belongs to the host: unspecified and loopback addresses, localhost. */
const HOST_ADDRESS = '(?<![\\w.:])(?:0\\.0\\.0\\.0|127(?:\\.\\d{1,3}){3}|localhost|\\[::1?\\]|::1?)';

/**
 * The first port the kernel hands out for an ephemeral (random) host port: lower ones are chosen, and compared as
 * written.
 */
export const EPHEMERAL_PORT_MIN = 32768;

/**
 * The kinds, in the order they are tried at each position of a line. Anything not found here is
 * compared character for character: exit codes, container ports, fixed host ports (below
 * 32768), image tags, counts, words.
 */
export const VALUE_KINDS: readonly ValueKind[] = [
  {
    name: 'digest',
    what: 'a sha256 digest or image ID with its prefix',
    source: '(?<!\\w)sha256:[0-9a-f]{64}(?!\\w)',
    rule: 'identity',
    placeholder: 'digest',
    family: 'hex',
    example: [`node@sha256:${'ab12'.repeat(16)}`, 'node@<digest-1>'],
  },
  {
    name: 'id',
    what: 'a full 64-hex container, image or volume ID',
    source: '(?<!\\w)[0-9a-f]{64}(?!\\w)',
    rule: 'identity',
    placeholder: 'id',
    family: 'hex',
    example: [`/var/lib/docker/containers/${'3f2a1c9d'.repeat(8)}/`, '/var/lib/docker/containers/<id-1>/'],
  },
  {
    name: 'timestamp',
    what: 'an ISO 8601 or Go time (fractional seconds and zone optional)',
    source:
      `(?<!\\w)\\d{4}-\\d{2}-\\d{2}[T ]${CLOCK}(?:[.,]\\d+)?(?:Z|[ ` +
      `]?[+-]\\d{2}:?\\d{2}(?:[ ][A-Z]{3,5})?)?(?!\\w)`,
    rule: 'same-when-equal',
    placeholder: 'time',
    family: 'time',
    example: ['created 2026-11-22T06:15:38.123456789Z', 'created <time-1>'],
  },
  {
    name: 'date',
    what: 'the output of date(1), a JavaScript Date printed as text, an HTTP Date header',
    source: [
      `\\b${DAY} ${MONTH} [ \\d]\\d ${CLOCK} (?:[A-Z]{2,5} )?\\d{4}\\b`,
      `\\b${DAY} ${MONTH} \\d{2} \\d{4} ${CLOCK} GMT[+-]\\d{4}(?: \\([^)]*\\))?`,
      `\\b${DAY}, \\d{2} ${MONTH} \\d{4} ${CLOCK} GMT\\b`,
    ].join('|'),
    rule: 'same-when-equal',
    placeholder: 'time',
    family: 'time',
    example: ['built at Sun Nov 22 06:15:38 UTC 2026', 'built at <time-1>'],
  },
  {
    name: 'short-id',
    what: 'a 12-hex short ID: exactly 12 lowercase hex characters with at least one digit',
    source: '(?<!\\w)(?=[a-f]*\\d)[0-9a-f]{12}(?!\\w)',
    rule: 'identity',
    placeholder: 'short-id',
    family: 'hex',
    example: ['Successfully built 3f2a1c9d8e7b', 'Successfully built <short-id-1>'],
  },
  {
    name: 'session',
    what:
      "this run's session id (8 hex after a word's hyphen: db-3f2a1c9d, web-3f2a1c9d); another 8-hex token is " +
      'compared as written',
    source: '(?<=[A-Za-z0-9]-)[0-9a-f]{8}(?!\\w)',
    rule: 'identity',
    placeholder: 'session',
    family: 'session',
    example: ['web-3f2a1c9d in session db-3f2a1c9d', 'web-<session-1> in session db-<session-1>'],
  },
  {
    name: 'generated-name',
    what: "a name the engine generated (adjective_surname, maybe a digit): one of moby's adjectives first",
    source: `\\b(?:${NAME_ADJECTIVES.join('|')})_[a-z]+\\d?\\b`,
    rule: 'identity',
    placeholder: 'name',
    family: 'name',
    example: ['brave_turing and happy_einstein3', '<name-1> and <name-2>'],
  },
  {
    name: 'host-port',
    what:
      `a random host port (${EPHEMERAL_PORT_MIN} or above) of a mapping (a->b, after a loopback/unspecified ` +
      `address or localhost, -p a:b, HostPort)`,
    source: [
      '(?<=:)\\d{5}(?=->)',
      `(?<=${HOST_ADDRESS}:)\\d{5}(?!\\d)`,
      '(?<=(?:^|\\s)(?:-p|--publish)[ =]?(?:[\\d.]+:)?)\\d{5}(?=:\\d)',
      '(?<=\\b(?:HostPort|PublicPort)[\'"]?:\\s*[\'"]?)\\d{5}(?!\\d)',
    ].join('|'),
    rule: 'identity',
    placeholder: 'port',
    family: 'port',
    example: [
      '0.0.0.0:32768->80/tcp, -p 41234:80, http://127.0.0.1:5000/',
      '0.0.0.0:<port-1>->80/tcp, -p <port-2>:80, http://127.0.0.1:5000/',
    ],
  },
  {
    name: 'ipv6',
    what: 'an IPv6 address in brackets, except [::] and [::1]',
    source: '\\[(?!::1?\\])[0-9a-fA-F]{0,4}(?::[0-9a-fA-F]{0,4}){2,7}(?:%\\w+)?\\]',
    rule: 'identity',
    placeholder: 'ip',
    family: 'ip',
    example: ['http://[fd00:dead:beef::2]:80/', 'http://<ip-1>:80/'],
  },
  {
    name: 'ipv4',
    what: 'an IPv4 address, except 0.0.0.0 and loopback (127.x), which a cell states on purpose',
    source: `(?<![\\w.])(?!0\\.0\\.0\\.0(?!\\d))(?!127\\.)(?:${OCTET}\\.){3}${OCTET}(?!\\w|\\.\\d)`,
    rule: 'identity',
    placeholder: 'ip',
    family: 'ip',
    example: ['172.17.0.2:80 via 172.17.0.1, bound on 0.0.0.0', '<ip-1>:80 via <ip-2>, bound on 0.0.0.0'],
  },
  {
    name: 'size',
    what:
      'a size: a number directly followed by a byte unit (B, kB, MB, GB, KiB…; a space allowed before a two-letter ' +
      'unit)',
    source: '(?<![\\w.])\\d+(?:\\.\\d+)?(?:B| ?[kKMGTP]i?B)(?!\\w)',
    rule: 'size',
    placeholder: 'size',
    family: 'size',
    example: ['119MB (virtual 1.98kB), 512B', '119MB (virtual 1.98kB), 512B'],
  },
  {
    name: 'duration',
    what: 'a duration: 412ms, 412 ms, 2.3s, 1m2.5s, 3 seconds, About a minute, Less than a second',
    source: [
      '(?<![\\w.])(?:\\d+h)?(?:\\d+m)?\\d+(?:\\.\\d+)?(?:s| ?(?:ms|µs|us|ns))(?!\\w)',
      '(?<![\\w.])\\d+(?:\\.\\d+)? ' +
        '(?:(?:nano|micro|milli)?seconds?|minutes?|hours?|days?|weeks?|months?|years?)(?!\\w)',
      '\\b(?:Less than a second|About an? (?:minute|hour))\\b',
    ].join('|'),
    rule: 'duration',
    placeholder: 'duration',
    family: 'duration',
    example: ['Up 2 seconds; built in 412ms', 'Up 2 seconds; built in 412ms'],
  },
];

/** A kind by name. */
export function valueKind(name: string): ValueKind {
  const kind = VALUE_KINDS.find((k) => k.name === name);
  if (!kind) throw new RangeError(`no value kind "${name}"`);
  return kind;
}
