import { ELLIPSIS, lineDiff } from './diff.ts';
import { normalize, type NotebookNormalizer } from './normalize.ts';

/** A match, or a mismatch with the normalized expected and actual lines as a unified-style diff. */
export type OutputMatch = { ok: true; diff?: undefined } | { ok: false; diff: string };

/**
 * Compares a cell's output with its expected block, line by line, after both are normalized
 * (the notebook's normalizers, then the built-in ones). A line `...` in the expected block
 * matches zero or more lines; trailing whitespace on a line and trailing blank lines are ignored.
 *
 * @example
 * matchOutput('Step 1/3 : FROM node\n...\nSuccessfully built 3f2a1c9d8e7b\n', actualBuildLog); // { ok: true }
 * matchOutput('hello\n', 'hullo\n').diff;
 * // '--- expected (from the notebook)\n+++ actual (from the engine)\n@@ -1 +1 @@\n- hello\n+ hullo'
 */
export function matchOutput(expected: string, actual: string, extra: readonly NotebookNormalizer[] = []): OutputMatch {
  const want = lines(normalize(expected, extra));
  const got = lines(normalize(actual, extra));
  return globMatch(want, got) ? { ok: true } : { ok: false, diff: lineDiff(want, got) };
}

function lines(text: string): string[] {
  const all = text.replace(/\r\n/g, '\n').split('\n').map((line) => line.trimEnd());
  while (all.length > 0 && all.at(-1) === '') all.pop();
  return all;
}

/** Wildcard matching over lines, where ELLIPSIS is the wildcard: backtracks to the last one seen. */
function globMatch(want: readonly string[], got: readonly string[]): boolean {
  let w = 0;
  let g = 0;
  let star = -1;
  let resume = 0;
  while (g < got.length) {
    if (w < want.length && want[w] === ELLIPSIS) {
      star = w++;
      resume = g;
    } else if (w < want.length && want[w] === got[g]) {
      w++;
      g++;
    } else if (star >= 0) {
      w = star + 1;
      g = ++resume;
    } else {
      return false;
    }
  }
  while (w < want.length && want[w] === ELLIPSIS) w++;
  return w === want.length;
}
