import { NAME_ADJECTIVES } from './generated-names.ts';

/** A rule that replaces a volatile value with a stable placeholder before outputs are compared. */
export interface Normalizer {
  name: string;
  /** What it replaces, in words (the README's table). */
  what: string;
  /** A global regex; it never spans lines. */
  pattern: RegExp;
  /** The `String.replace` replacement. */
  replacement: string;
  /** The placeholder as a reader sees it in a normalized text. */
  placeholder: string;
  /** A text before and after this rule alone: documentation, and checked by the tests. */
  example: readonly [before: string, after: string];
}

const DAY = '(?:Mon|Tue|Wed|Thu|Fri|Sat|Sun)';
const MONTH = '(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)';
const CLOCK = '\\d{2}:\\d{2}:\\d{2}';
const OCTET = '(?:25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)';
/** Where a port that follows belongs to the host: unspecified and loopback addresses, localhost. */
const HOST_ADDRESS = '(?<![\\w.:])(?:0\\.0\\.0\\.0|127(?:\\.\\d{1,3}){3}|localhost|\\[::1?\\]|::1?)';

/** One global regex matching any of the alternatives. */
const anyOf = (...alternatives: string[]) => new RegExp(alternatives.join('|'), 'g');

/**
 * The built-in normalizers, in the order they apply (after the notebook's own). Each keeps
 * what a cell states on purpose: exit codes, container ports, image tags, counts.
 */
export const BUILTIN_NORMALIZERS: readonly Normalizer[] = [
  {
    name: 'digest',
    what: 'a sha256 digest or image ID with its prefix',
    pattern: /(?<!\w)sha256:[0-9a-f]{64}(?!\w)/g,
    replacement: 'sha256:<digest>',
    placeholder: 'sha256:<digest>',
    example: [`node@sha256:${'ab12'.repeat(16)}`, 'node@sha256:<digest>'],
  },
  {
    name: 'id',
    what: 'a full 64-hex container, image or volume ID',
    pattern: /(?<!\w)[0-9a-f]{64}(?!\w)/g,
    replacement: '<id>',
    placeholder: '<id>',
    example: [`/var/lib/docker/containers/${'3f2a1c9d'.repeat(8)}/`, '/var/lib/docker/containers/<id>/'],
  },
  {
    name: 'timestamp',
    what: 'an ISO 8601 or Go time (fractional seconds and zone optional)',
    pattern: new RegExp(`(?<!\\w)\\d{4}-\\d{2}-\\d{2}[T ]${CLOCK}(?:[.,]\\d+)?(?:Z|[ ]?[+-]\\d{2}:?\\d{2}(?:[ ][A-Z]{3,5})?)?(?!\\w)`, 'g'),
    replacement: '<time>',
    placeholder: '<time>',
    example: ['created 2026-11-22T06:15:38.123456789Z, at 2026-11-22 06:15:38 +0000 UTC', 'created <time>, at <time>'],
  },
  {
    name: 'date',
    what: 'the output of date(1), a JavaScript Date printed as text, an HTTP Date header',
    pattern: anyOf(
      `\\b${DAY} ${MONTH} [ \\d]\\d ${CLOCK} (?:[A-Z]{2,5} )?\\d{4}\\b`,
      `\\b${DAY} ${MONTH} \\d{2} \\d{4} ${CLOCK} GMT[+-]\\d{4}(?: \\([^)]*\\))?`,
      `\\b${DAY}, \\d{2} ${MONTH} \\d{4} ${CLOCK} GMT\\b`,
    ),
    replacement: '<time>',
    placeholder: '<time>',
    example: ['built at Sun Nov 22 06:15:38 UTC 2026', 'built at <time>'],
  },
  {
    name: 'short-id',
    what: 'a 12-hex short ID: a token of exactly 12 lowercase hex characters with at least one digit',
    pattern: /(?<!\w)(?=[a-f]*\d)[0-9a-f]{12}(?!\w)/g,
    replacement: '<short-id>',
    placeholder: '<short-id>',
    example: ['Successfully built 3f2a1c9d8e7b', 'Successfully built <short-id>'],
  },
  {
    name: 'session',
    what: "a dockbook session id (db-<8 hex>) and names made from it: 8 hex characters after a word's hyphen",
    pattern: /(?<=[A-Za-z0-9]-)[0-9a-f]{8}(?!\w)/g,
    replacement: '<session>',
    placeholder: '<session>',
    example: ['web-3f2a1c9d in session db-3f2a1c9d', 'web-<session> in session db-<session>'],
  },
  {
    name: 'generated-name',
    what: "a name the engine generated (adjective_surname, maybe a digit): one of moby's adjectives first",
    pattern: new RegExp(`\\b(?:${NAME_ADJECTIVES.join('|')})_[a-z]+\\d?\\b`, 'g'),
    replacement: '<name>',
    placeholder: '<name>',
    example: ['brave_turing and happy_einstein3', '<name> and <name>'],
  },
  {
    name: 'host-port',
    what: 'the host side of a port mapping (a->b, a loopback/unspecified address or localhost, -p a:b, HostPort); the container side stays',
    pattern: anyOf(
      '(?<=:)\\d{1,5}(?=->)',
      `(?<=${HOST_ADDRESS}:)\\d{1,5}(?!\\d)`,
      '(?<=(?:^|\\s)(?:-p|--publish)[ =]?(?:[\\d.]+:)?)\\d{1,5}(?=:\\d)',
      '(?<=\\b(?:HostPort|PublicPort)[\'"]?:\\s*[\'"]?)\\d{1,5}(?!\\d)',
    ),
    replacement: '<port>',
    placeholder: '<port>',
    example: ['0.0.0.0:32768->80/tcp, :::32768->80/tcp, -p 41234:80, http://localhost:41234/', '0.0.0.0:<port>->80/tcp, :::<port>->80/tcp, -p <port>:80, http://localhost:<port>/'],
  },
  {
    name: 'ipv6',
    what: 'an IPv6 address in brackets, except [::] and [::1]',
    pattern: /\[(?!::1?\])[0-9a-fA-F]{0,4}(?::[0-9a-fA-F]{0,4}){2,7}(?:%\w+)?\]/g,
    replacement: '[<ip>]',
    placeholder: '[<ip>]',
    example: ['http://[fd00:dead:beef::2]:80/', 'http://[<ip>]:80/'],
  },
  {
    name: 'ipv4',
    what: 'an IPv4 address, except 0.0.0.0 and loopback (127.x), which a cell states on purpose',
    pattern: new RegExp(`(?<![\\w.])(?!0\\.0\\.0\\.0(?!\\d))(?!127\\.)(?:${OCTET}\\.){3}${OCTET}(?!\\w|\\.\\d)`, 'g'),
    replacement: '<ip>',
    placeholder: '<ip>',
    example: ['172.17.0.2:80 via 172.17.0.1, bound on 0.0.0.0', '<ip>:80 via <ip>, bound on 0.0.0.0'],
  },
  {
    name: 'size',
    what: 'a size: a number directly followed by a byte unit (B, kB, MB, GB, KiB…; a space allowed before a two-letter unit)',
    pattern: /(?<![\w.])\d+(?:\.\d+)?(?:B| ?[kKMGTP]i?B)(?!\w)/g,
    replacement: '<size>',
    placeholder: '<size>',
    example: ['119MB (virtual 1.98kB), 4.1 kB, 512B', '<size> (virtual <size>), <size>, <size>'],
  },
  {
    name: 'duration',
    what: 'a duration: 412ms, 412 ms, 2.3s, 1m2.5s, 3 seconds, About a minute, Less than a second',
    pattern: anyOf(
      '(?<![\\w.])(?:\\d+h)?(?:\\d+m)?\\d+(?:\\.\\d+)?(?:s| ?(?:ms|µs|us|ns))(?!\\w)',
      '(?<![\\w.])\\d+(?:\\.\\d+)? (?:(?:nano|micro|milli)?seconds?|minutes?|hours?|days?|weeks?|months?|years?)(?!\\w)',
      '\\b(?:Less than a second|About an? (?:minute|hour))\\b',
    ),
    replacement: '<duration>',
    placeholder: '<duration>',
    example: ['Up 2 seconds; Exited (0) About a minute ago; built in 412ms', 'Up <duration>; Exited (0) <duration> ago; built in <duration>'],
  },
  {
    name: 'gap',
    what: 'a run of two or more spaces between words (table columns whose widths follow volatile values)',
    pattern: /(?<=\S)[ \t]{2,}(?=\S)/g,
    replacement: '  ',
    placeholder: 'two spaces',
    example: ['web   <short-id>   Up <duration>', 'web  <short-id>  Up <duration>'],
  },
];
