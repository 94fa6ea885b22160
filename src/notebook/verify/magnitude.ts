/**
 * Sizes and durations carry claims ("119MB", "stopped in 0.2s"), so they are compared, not
 * erased, but within a tolerance: an image's size moves a little between engines and package
 * versions, and a duration moves with the machine's load.
 *
 * - A size matches when both are zero, or the larger is at most SIZE_FACTOR times the smaller.
 * - A duration matches when the two differ by at most DURATION_SLACK_S seconds, or the larger
 *   is at most DURATION_FACTOR times the smaller. A duration is read as the interval its text
 *   stands for ("3 seconds" is [3, 4) s, "Less than a second" is [0, 1) s, "0.7s" is
 *   [0.65, 0.75) s), and the closest points of the two intervals are compared.
 *
 * So a size ten times too large or a duration ten times too long (or short, above half a
 * second) fails, while honest runs on a busy machine pass.
 */
export const SIZE_FACTOR = 2;
export const DURATION_FACTOR = 5;
export const DURATION_SLACK_S = 0.5;

const SIZE_UNITS: Record<string, number> = {
  B: 1,
  kB: 1e3,
  KB: 1e3,
  MB: 1e6,
  GB: 1e9,
  TB: 1e12,
  PB: 1e15,
  KiB: 1024,
  MiB: 1024 ** 2,
  GiB: 1024 ** 3,
  TiB: 1024 ** 4,
  PiB: 1024 ** 5,
};
const SECONDS: Record<string, number> = { ns: 1e-9, us: 1e-6, µs: 1e-6, ms: 1e-3, s: 1, m: 60, h: 3600 };
const WORD_SECONDS: Record<string, number> = {
  nanosecond: 1e-9,
  microsecond: 1e-6,
  millisecond: 1e-3,
  second: 1,
  minute: 60,
  hour: 3600,
  day: 86_400,
  week: 604_800,
  month: 2_592_000,
  year: 31_536_000,
};

/** A size's bytes, or undefined when the text is not a size. */
export function sizeBytes(text: string): number | undefined {
  const match = /^(\d+(?:\.\d+)?) ?([kKMGTP]?i?B)$/.exec(text.trim());
  const unit = match ? SIZE_UNITS[match[2]!] : undefined;
  return unit === undefined ? undefined : Number(match![1]) * unit;
}

/** The interval of seconds a duration's text stands for, or undefined when it is not a duration. */
export function durationSeconds(text: string): [number, number] | undefined {
  const t = text.trim();
  if (t === 'Less than a second') return [0, 1];
  if (t === 'About a minute') return [60, 120];
  if (/^About an hour$/.test(t)) return [3600, 7200];
  const worded = /^(\d+(?:\.\d+)?) ((?:nano|micro|milli)?second|minute|hour|day|week|month|year)s?$/.exec(t);
  if (worded) return around(worded[1]!, WORD_SECONDS[worded[2]!]!, !worded[1]!.includes('.'));
  const compact = /^(?:(\d+)h)?(?:(\d+)m)?(\d+(?:\.\d+)?) ?(s|ms|µs|us|ns)$/.exec(t);
  if (!compact) return undefined;
  const whole = Number(compact[1] ?? 0) * 3600 + Number(compact[2] ?? 0) * 60;
  const [low, high] = around(compact[3]!, SECONDS[compact[4]!]!, false);
  return [whole + low, whole + high];
}

/** The interval a printed number covers: `3` seconds in words is [3, 4); `0.7` is [0.65, 0.75). */
function around(number: string, unit: number, truncated: boolean): [number, number] {
  const value = Number(number);
  const decimals = number.split('.')[1]?.length ?? 0;
  if (truncated) return [value * unit, (value + 1) * unit];
  const half = 0.5 * 10 ** -decimals;
  return [Math.max(0, value - half) * unit, (value + half) * unit];
}

/** Why an actual size does not match the expected one, or undefined when it does. */
export function compareSizes(expected: string, actual: string): string | undefined {
  const [want, got] = [sizeBytes(expected), sizeBytes(actual)];
  if (want === undefined || got === undefined)
    return expected === actual ? undefined : `${actual} is not the size ${expected}`;
  if (want === 0 && got === 0) return undefined;
  if (want > 0 && got > 0 && Math.max(want, got) / Math.min(want, got) <= SIZE_FACTOR) return undefined;
  return `the size ${actual} is not within ×${SIZE_FACTOR} of the expected ${expected}`;
}

/** Why an actual duration does not match the expected one, or undefined when it does. */
export function compareDurations(expected: string, actual: string): string | undefined {
  const [want, got] = [durationSeconds(expected), durationSeconds(actual)];
  if (want === undefined || got === undefined)
    return expected === actual ? undefined : `${actual} is not the duration ${expected}`;
  // The closest points of the two intervals (overlapping intervals match).
  if (got[0] <= want[1] && want[0] <= got[1]) return undefined;
  const [a, e] = got[0] > want[1] ? [got[0], want[1]] : [got[1], want[0]];
  if (Math.abs(a - e) <= DURATION_SLACK_S) return undefined;
  if (Math.min(a, e) > 0 && Math.max(a, e) / Math.min(a, e) <= DURATION_FACTOR) return undefined;
  const tolerance = `${DURATION_SLACK_S} s or ×${DURATION_FACTOR}`;
  return `the duration ${actual} is not within ${tolerance} of the expected ${expected}`;
}
