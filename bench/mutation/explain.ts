import {
  DURATION_FACTOR,
  DURATION_SLACK_S,
  durationSeconds,
  SIZE_FACTOR,
  sizeBytes,
} from '../../src/notebook/verify/magnitude.ts';
import { applyNotebookNormalizers, type NotebookNormalizer } from '../../src/notebook/verify/normalize.ts';
import { findValues, type Sessions } from '../../src/notebook/verify/values.ts';
import { blockLines } from './output-mutants.ts';
import { blockTokens, tokensOf, type TokenKind } from './tokens.ts';
import type { OutputMutant, Spot } from './types.ts';

/** Why a false claim passed, by category: each is a tolerance or a rule the matcher's design states. */
export const WHY = {
  normalizer: "unclaimed by the notebook's own normalizer (its front matter rewrites this text on both sides)",
  slack: `sub-${DURATION_SLACK_S} s duration within the stated slack (${DURATION_SLACK_S} s)`,
  factor: `duration within the stated ×${DURATION_FACTOR} factor ("N seconds" covers [N, N+1))`,
  size: `size within the stated ×${SIZE_FACTOR}`,
  time: 'a time is any value: only which times are equal is claimed',
  timeSplit:
    'times made different: different expected times may be equal in the output (a time is same-when-equal, not ' +
    'one-to-one)',
  identity: 'value inside an identity: only identity is claimed',
  ellipsis: '`...` stands for that line',
  notReached: 'the check never ran in this run: its claim is never tested',
  otherEngine: "the block judges another engine's runs, not this one's",
  inTry: 'the check is in a try block: the cell may catch its failure',
  unexplained: 'UNEXPLAINED: a false claim passes',
} as const;

export interface Explanation {
  verdict: 'missed' | 'equivalent';
  why: string;
  detail?: string;
}

const lines = (text: string) => blockLines(text).map((l) => l.trimEnd());

/** The pairs of a block's times that are equal (`0=2`): what the matcher holds the output to. */
function equalTimes(text: string): string[] {
  const times = blockTokens(lines(text)).flatMap((t) => tokensOf(t, ['time']).map((x) => x.text));
  return times.flatMap((t, i) => times.slice(i + 1).flatMap((u, j) => (t === u ? [`${i}=${i + 1 + j}`] : [])));
}

/** The output's value at the place of an expected one: same line (blocks without `...`), same occurrence. */
function counterpart(original: string, actual: string, spot: Spot, kinds: readonly TokenKind[]): string | undefined {
  const [want, got] = [lines(original), lines(actual)];
  while (got.length > 0 && got.at(-1) === '') got.pop();
  if (want.includes('...') || want.length !== got.length) return undefined;
  return tokensOf(blockTokens(got)[spot.line] ?? [], kinds)[spot.occurrence]?.text;
}

/** The gap between two intervals (0 when they overlap) and the ratio of their closest points. */
function apart([a0, a1]: [number, number], [b0, b1]: [number, number]): { gap: number; ratio: number } {
  if (a0 <= b1 && b0 <= a1) return { gap: 0, ratio: 1 };
  const [low, high] = a1 < b0 ? [a1, b0] : [b1, a0];
  return { gap: high - low, ratio: low > 0 ? high / low : Infinity };
}

/**
 * Why the verdict passed a changed block: `equivalent` when the change states what this run
 * printed after all (a duration that overlaps the output's, times that are equal in the output
 * too), else `missed` with the rule of the design that lets it pass, or UNEXPLAINED.
 */
export function explainMiss(
  mutant: OutputMutant,
  original: string,
  actual: string,
  normalizers: readonly NotebookNormalizer[],
  sessions: Sessions,
): Explanation {
  const normalized = (text: string) => lines(applyNotebookNormalizers(text, normalizers)).join('\n');
  if (normalizers.length > 0 && normalized(original) === normalized(mutant.expected))
    return { verdict: 'missed', why: WHY.normalizer };
  if (lines(original).includes('...') && ['line-removed', 'line-added', 'order'].includes(mutant.class))
    return { verdict: 'missed', why: WHY.ellipsis };
  const spot = mutant.spot;
  if (!spot) return { verdict: 'missed', why: WHY.unexplained };
  if (mutant.class === 'duration' || mutant.class === 'size') {
    const got = counterpart(original, actual, spot, [mutant.class]);
    const parse = (t: string): [number, number] | undefined =>
      mutant.class === 'duration'
        ? durationSeconds(t)
        : ((b) => (b === undefined ? undefined : ([b, b] as [number, number])))(sizeBytes(t));
    const [want, have] = [parse(spot.after), got === undefined ? undefined : parse(got)];
    if (want && have) {
      const { gap, ratio } = apart(want, have);
      const detail = `${spot.after} against this run's ${got}`;
      if (gap === 0) return { verdict: 'equivalent', why: 'the changed value is what this run printed', detail };
      if (mutant.class === 'size' && ratio <= SIZE_FACTOR) return { verdict: 'missed', why: WHY.size, detail };
      if (mutant.class === 'duration' && gap <= DURATION_SLACK_S)
        return { verdict: 'missed', why: WHY.slack, detail: `${detail}: ${gap.toFixed(2)} s apart` };
      if (mutant.class === 'duration' && ratio <= DURATION_FACTOR)
        return { verdict: 'missed', why: WHY.factor, detail: `${detail}: ×${ratio.toFixed(1)} apart` };
    }
  }
  if (mutant.class === 'date') {
    if (mutant.twin) {
      const [a, b] = [
        counterpart(original, actual, mutant.twin, ['time']),
        counterpart(original, actual, spot, ['time']),
      ];
      if (a !== undefined && a === b)
        return { verdict: 'equivalent', why: 'the two times are equal in this run too', detail: a };
    }
    const [before, after] = [equalTimes(original), equalTimes(mutant.expected)];
    const detail = `${spot.before} → ${spot.after}`;
    if (before.join() === after.join()) return { verdict: 'missed', why: WHY.time, detail };
    if (after.every((pair) => before.includes(pair)))
      return { verdict: 'missed', why: WHY.timeSplit, detail: `${detail}, while this run printed equal times there` };
  }
  const inside = findValues(lines(original)[spot.line] ?? '', 'expected', sessions).find(
    (v) => v.start < spot.end && spot.start < v.end,
  );
  if (inside?.kind.rule === 'identity' && mutant.class !== 'identity')
    return {
      verdict: 'missed',
      why: WHY.identity,
      detail: `${spot.before} → ${spot.after} inside the ${inside.kind.name} ${inside.raw}`,
    };
  if (inside?.kind.rule === 'same-when-equal' && mutant.class !== 'date')
    return {
      verdict: 'missed',
      why: WHY.time,
      detail: `${spot.before} → ${spot.after} ` + `inside the time ${inside.raw}`,
    };
  return {
    verdict: 'missed',
    why: WHY.unexplained,
    detail: inside ? `inside the ${inside.kind.name} ${inside.raw}` : undefined,
  };
}
