import { shape } from '../validate/shape.ts';
import { checkArgs, signature } from '../validate/signature.ts';

// Pure formatters: what is not a number (a string, NaN, Infinity) is refused clearly rather than
// printed as "NaNB". A size is never negative; a duration may be, a little: it is computed from
// two clocks (now − the engine's Created), and a slightly negative one reads "Less than a second",
// as the docker CLI prints it, rather than failing a whole listing. The check is the arity test
// and a typeof: cheap enough for the tables that call them per row.

const byteCount = shape('a number of bytes ≥ 0', (v) => typeof v === 'number' && v >= 0 && Number.isFinite(v));
const durationMs = shape('a finite number of milliseconds', (v) => typeof v === 'number' && Number.isFinite(v));

/** What humanSize() takes, checked at its entry. */
export const HUMAN_SIZE_SIGNATURE = signature({
  operation: 'humanSize',
  ctx: false,
  params: [{ name: 'bytes', shape: byteCount, example: 1_980_000 }],
  command: 'docker images (the SIZE column)',
});

/** What humanDuration() takes, checked at its entry. */
export const HUMAN_DURATION_SIGNATURE = signature({
  operation: 'humanDuration',
  ctx: false,
  params: [{ name: 'ms', shape: durationMs, example: 90_000 }],
  command: 'docker ps (the STATUS column)',
});

/**
 * A byte count the way the docker CLI prints it: decimal units, three significant digits.
 *
 * @example
 * humanSize(1_980_000) // '1.98MB'
 */
export function humanSize(bytes: number): string {
  checkArgs(HUMAN_SIZE_SIGNATURE, arguments);
  const units = ['B', 'kB', 'MB', 'GB', 'TB', 'PB'];
  let value = bytes;
  let unit = 0;
  while (value >= 1000 && unit < units.length - 1) {
    value /= 1000;
    unit++;
  }
  return `${Number(value.toPrecision(3))}${units[unit]}`;
}

/**
 * A duration the way the docker CLI prints one ("2 seconds", "About a minute", "3 days").
 *
 * @example
 * humanDuration(90_000) // 'About a minute'
 */
export function humanDuration(ms: number): string {
  checkArgs(HUMAN_DURATION_SIGNATURE, arguments);
  const seconds = Math.floor(ms / 1000);
  const minutes = Math.floor(seconds / 60);
  const hours = Math.round(seconds / 3600);
  if (seconds < 1) return 'Less than a second';
  if (seconds === 1) return '1 second';
  if (seconds < 60) return `${seconds} seconds`;
  if (minutes === 1) return 'About a minute';
  if (minutes < 60) return `${minutes} minutes`;
  if (hours === 1) return 'About an hour';
  if (hours < 48) return `${hours} hours`;
  if (hours < 24 * 7 * 2) return `${Math.floor(hours / 24)} days`;
  if (hours < 24 * 30 * 2) return `${Math.floor(hours / 24 / 7)} weeks`;
  if (hours < 24 * 365 * 2) return `${Math.floor(hours / 24 / 30)} months`;
  return `${Math.floor(hours / 24 / 365)} years`;
}
