import { lineDiff } from './diff.ts';
import { ELLIPSIS, ellipsisLines, isFailureLine } from './ellipsis.ts';
import { matchLine, NO_BINDINGS, type Bindings } from './line-match.ts';
import { applyNotebookNormalizers, type NotebookNormalizer } from './normalize.ts';
import { identityNumbers, shownLines, type Sessions } from './values.ts';
import { normalizers as normalizersShape, sessionIds } from '../../validate/notebook.ts';
import { string } from '../../validate/shape.ts';
import { checkArgs, signature } from '../../validate/signature.ts';

/** What matchOutput() takes, checked at its entry. */
export const MATCH_OUTPUT_SIGNATURE = signature({
  operation: 'matchOutput',
  ctx: false,
  params: [
    { name: 'expected', shape: string, example: 'hello\n' },
    { name: 'actual', shape: string, example: 'hello\n' },
  ],
  options: { normalizers: normalizersShape, sessions: sessionIds },
  command: 'dockbook run NOTEBOOK',
});

/** A match, or a mismatch with a reason and the expected and actual lines as a unified-style diff. */
export type OutputMatch =
  { ok: true; diff?: undefined; problem?: undefined } | { ok: false; diff: string; problem?: string };

export interface MatchOptions {
  /** The notebook's own normalizers, applied to both sides first. */
  normalizers?: readonly NotebookNormalizer[];
  /** This run's session ids (8 hex each): only these count as sessions in the output. */
  sessions?: Sessions;
}

/**
 * A key matchLine gives a numbered placeholder typed by hand (`<id-2>` is `hex:#2`): its number is the author's, not an
 * order of appearance.
 */
const TYPED_KEY = /^[\w-]+:#\d+$/;

/** How many line comparisons one match may try before it gives up (many `...` lines can multiply them). */
const BUDGET = 200_000;

/**
 * Compares a cell's output with its expected block, line by line. The notebook's normalizers
 * apply to both sides first (and may not rewrite exit statuses, error codes or status words);
 * then each line matches by matchLine: equal text around volatile values, identities one to one
 * across the whole cell, sizes and durations within a tolerance. A line `...` stands for any
 * number of lines, but never for a line that tells of a failure (isFailureLine), and a block of
 * only `...` claims nothing and fails. Trailing whitespace and trailing blank lines are ignored.
 *
 * @example
 * matchOutput('first 3f2a1c9d8e7b\nsecond 3f2a1c9d8e7b\n', 'first 0a1b2c3d4e5f\nsecond 0a1b2c3d4e5f\n'); // { ok: true
 * }
 * matchOutput('first 3f2a1c9d8e7b\nsecond 3f2a1c9d8e7b\n', 'first 0a1b2c3d4e5f\nsecond 9f8e7d6c5b4a\n').ok; // false:
 * equal IDs became different
 */
export function matchOutput(expected: string, actual: string, options: MatchOptions = {}): OutputMatch {
  checkArgs(MATCH_OUTPUT_SIGNATURE, arguments);
  const { normalizers = [], sessions = new Set<string>() } = options;
  const { lines: want, problem } = ellipsisLines(lines(applyNotebookNormalizers(expected, normalizers)));
  const got = lines(applyNotebookNormalizers(actual, normalizers));
  const budget = { left: BUDGET };
  if (!problem && search(want, got, 0, 0, NO_BINDINGS, sessions, budget)) return { ok: true };
  const exhausted =
    budget.left <= 0
      ? 'the expected block has too many ways to place its `...` lines: make it more specific'
      : undefined;
  // In the diff, lines count as the same when they match on their own (sizes and durations
  // within tolerance, typed placeholders standing for any value) and each identity or time in
  // them has the same number on both sides, so it shows what really differs.
  const [shownWant, shownGot] = [shownLines(want, 'expected'), shownLines(got, 'actual', sessions)];
  const [wantNumbers, gotNumbers] = [identityNumbers(want, 'expected'), identityNumbers(got, 'actual', sessions)];
  const equal = (i: number, j: number) => {
    const line = matchLine(want[i]!, got[j]!, NO_BINDINGS, sessions);
    return (
      line.ok &&
      [...line.bindings.forward].every(([w, g]) => TYPED_KEY.test(w) || wantNumbers.get(w) === gotNumbers.get(g))
    );
  };
  const diff = lineDiff(shownWant, shownGot, equal);
  return {
    ok: false,
    diff,
    ...(problem || exhausted ? { problem: problem ?? exhausted } : explain(want, got, sessions)),
  };
}

/** The text's lines without trailing whitespace, and without trailing blank lines. */
function lines(text: string): string[] {
  const all = text
    .replace(/\r\n/g, '\n')
    .split('\n')
    .map((line) => line.trimEnd());
  while (all.length > 0 && all.at(-1) === '') all.pop();
  return all;
}

/** Backtracking search over lines with the bindings made so far; `...` never covers a failure line. */
function search(
  want: readonly string[],
  got: readonly string[],
  w: number,
  g: number,
  bindings: Bindings,
  sessions: Sessions,
  budget: { left: number },
): boolean {
  if (--budget.left <= 0) return false;
  if (w === want.length) return g === got.length;
  if (want[w] === ELLIPSIS) {
    for (let k = g; k <= got.length; k++) {
      if (search(want, got, w + 1, k, bindings, sessions, budget)) return true;
      if (k < got.length && isFailureLine(got[k]!)) return false;
    }
    return false;
  }
  if (g === got.length) return false;
  const line = matchLine(want[w]!, got[g]!, bindings, sessions);
  return line.ok && search(want, got, w + 1, g + 1, line.bindings, sessions, budget);
}

/**
 * Why lines that read alike do not match, when no `...` is involved and the blocks are the same
 * length: the first value that breaks its rule (a size beyond its tolerance, an identity that
 * changed).
 */
function explain(want: readonly string[], got: readonly string[], sessions: Sessions): { problem?: string } {
  if (want.length !== got.length || want.includes(ELLIPSIS)) return {};
  let bindings = NO_BINDINGS;
  for (const [i, line] of want.entries()) {
    const result = matchLine(line, got[i]!, bindings, sessions);
    if (!result.ok) return result.problem ? { problem: `line ${i + 1}: ${result.problem}` } : {};
    bindings = result.bindings;
  }
  return {};
}
