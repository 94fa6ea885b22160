import { ELLIPSIS, isFailureLine } from './ellipsis.ts';

export { ELLIPSIS };
/** Lines of context around each change. */
const CONTEXT = 2;
/** Diff lines shown at most; the rest is counted. */
const MAX_LINES = 80;
/** Characters shown of one line at most. */
const MAX_WIDTH = 200;
/** The largest alignment table computed; bigger inputs show every remaining line as changed. */
const MAX_CELLS = 1_000_000;

/**
 * One step of the alignment: a line in both (`same`), only expected (`del`), only actual
 * (`add`), the expected `...` line itself (`ellipsis`), or an actual line it stands for (`skip`).
 */
interface Op {
  kind: 'same' | 'del' | 'add' | 'ellipsis' | 'skip';
  text: string;
}

const PREFIX: Record<Op['kind'], string> = { same: '  ', ellipsis: '  ', skip: '  ', del: '- ', add: '+ ' };
const inExpected = (op: Op) => op.kind !== 'add' && op.kind !== 'skip';
const inActual = (op: Op) => op.kind !== 'del' && op.kind !== 'ellipsis';
const isChange = (op: Op) => op.kind === 'del' || op.kind === 'add';

/**
 * A unified-style diff of expected lines (`- `) against actual ones (`+ `), with two lines of
 * context (`  `), for lines that did not match. The alignment is the smallest set of changes,
 * where an expected `...` line may stand for any run of actual lines, and removals come before
 * additions. At most 80 lines are shown.
 *
 * @example
 * lineDiff(['a', 'b', 'c'], ['a', 'x', 'c']);
 * // '--- expected (from the notebook)\n+++ actual (from the engine)\n@@ -1,3 +1,3 @@\n  a\n- b\n+ x\n  c'
 */
export function lineDiff(
  expected: readonly string[],
  actual: readonly string[],
  equal: LineEquality = (i, j) => expected[i] === actual[j],
): string {
  const ops = align(expected, actual, equal);
  const body = hunks(ops);
  const shown =
    body.length > MAX_LINES
      ? [...body.slice(0, MAX_LINES), `… ${body.length - MAX_LINES} more lines of differences`]
      : body;
  return ['--- expected (from the notebook)', '+++ actual (from the engine)', ...shown].join('\n');
}

/** Whether expected line i and actual line j (0-based) count as the same line in the diff. */
export type LineEquality = (expected: number, actual: number) => boolean;

function align(want: readonly string[], got: readonly string[], equal: LineEquality): Op[] {
  const same = (i: number, j: number) => i < want.length && j < got.length && want[i] !== ELLIPSIS && equal(i, j);
  let head = 0;
  while (same(head, head)) head++;
  let tail = 0;
  while (tail < want.length - head && tail < got.length - head && same(want.length - 1 - tail, got.length - 1 - tail))
    tail++;
  const middle = alignMiddle(want.slice(head, want.length - tail), got.slice(head, got.length - tail), (i, j) =>
    equal(i + head, j + head),
  );
  const kept = (lines: readonly string[]): Op[] => lines.map((text) => ({ kind: 'same', text }));
  return [...kept(got.slice(0, head)), ...middle, ...kept(got.slice(got.length - tail))];
}

/**
 * The cheapest alignment by dynamic programming over suffixes: cost[i][j] aligns want[i..] with
 * got[j..]. A `...` stands for actual lines at no cost, except a line that tells of a failure.
 */
function alignMiddle(want: readonly string[], got: readonly string[], equal: LineEquality): Op[] {
  const m = want.length;
  const n = got.length;
  if ((m + 1) * (n + 1) > MAX_CELLS) {
    return [
      ...want.map((text): Op => ({ kind: text === ELLIPSIS ? 'ellipsis' : 'del', text })),
      ...got.map((text): Op => ({ kind: 'add', text })),
    ];
  }
  const width = n + 1;
  const eq = want.map((w, i) => got.map((_, j) => w !== ELLIPSIS && equal(i, j)));
  const free = got.map((g) => !isFailureLine(g));
  const cost = new Uint32Array((m + 1) * width);
  const at = (i: number, j: number) => cost[i * width + j]!;
  for (let j = 0; j <= n; j++) cost[m * width + j] = n - j;
  for (let i = m - 1; i >= 0; i--) {
    const wild = want[i] === ELLIPSIS;
    cost[i * width + n] = at(i + 1, n) + (wild ? 0 : 1);
    for (let j = n - 1; j >= 0; j--) {
      cost[i * width + j] = wild
        ? Math.min(at(i + 1, j), free[j] ? at(i, j + 1) : at(i, j + 1) + 1)
        : Math.min(eq[i]![j] ? at(i + 1, j + 1) : Infinity, at(i + 1, j) + 1, at(i, j + 1) + 1);
    }
  }
  const ops: Op[] = [];
  let [i, j] = [0, 0];
  while (i < m || j < n) {
    const here = at(i, j);
    if (i < m && want[i] === ELLIPSIS) {
      if (ops.at(-1)?.kind !== 'skip' && ops.at(-1)?.kind !== 'add') ops.push({ kind: 'ellipsis', text: ELLIPSIS });
      if (j < n && free[j] && at(i, j + 1) === here) ops.push({ kind: 'skip', text: got[j++]! });
      else if (j < n && !free[j] && at(i, j + 1) + 1 === here) ops.push({ kind: 'add', text: got[j++]! });
      else i++;
    } else if (i < m && j < n && eq[i]![j] && at(i + 1, j + 1) === here) {
      ops.push({ kind: 'same', text: got[j++]! });
      i++;
    } else if (i < m && at(i + 1, j) + 1 === here) {
      ops.push({ kind: 'del', text: want[i++]! });
    } else {
      ops.push({ kind: 'add', text: got[j++]! });
    }
  }
  return ops;
}

/**
 * The changes with their context, grouped into hunks under `@@ -line,count +line,count @@`
 * headers. Context that starts among the lines an ellipsis stood for is shown under that `...`.
 */
function hunks(ops: readonly Op[]): string[] {
  const groups: Array<[number, number]> = [];
  ops.forEach((op, index) => {
    if (!isChange(op)) return;
    const last = groups.at(-1);
    if (last && index - CONTEXT <= last[1] + 1) last[1] = Math.min(ops.length - 1, index + CONTEXT);
    else groups.push([Math.max(0, index - CONTEXT), Math.min(ops.length - 1, index + CONTEXT)]);
  });
  const kinds = ops.map((op) => op.kind);
  return groups.flatMap(([from, last], g) => {
    const ellipsis = kinds[from] === 'skip' ? kinds.lastIndexOf('ellipsis', from) : -1;
    const first = ellipsis > (groups[g - 1]?.[1] ?? -1) ? ellipsis : from;
    const before = ops.slice(0, first);
    const part = ops.slice(first, last + 1);
    const header =
      `@@ -${range(before.filter(inExpected).length, part.filter(inExpected).length)} ` +
      `+${range(before.filter(inActual).length, part.filter(inActual).length)} @@`;
    const shown = first === from ? part : [ops[first]!, ...ops.slice(from, last + 1)];
    return [header, ...shown.map((op) => PREFIX[op.kind] + shorten(op.text))];
  });
}

/** A hunk range as unified diffs write it: 1-based first line, and the count unless it is 1. */
function range(before: number, count: number): string {
  if (count === 0) return `${before},0`;
  return count === 1 ? `${before + 1}` : `${before + 1},${count}`;
}

function shorten(line: string): string {
  return line.length > MAX_WIDTH ? `${line.slice(0, MAX_WIDTH)}…` : line;
}
