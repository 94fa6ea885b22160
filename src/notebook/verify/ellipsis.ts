/** A line that is exactly this, in an expected block, stands for lines that are not shown. */
export const ELLIPSIS = '...';

/**
 * Lines a `...` may never stand for, because they tell of a failure: an exit status
 * (`[exit 1]`, `exit code 137`, `Exited (1)`), an error's name or words (`TypeError`, `Error:`,
 * `npm ERR!`, `failed`, `denied`, `refused`, `not found`, `No such`, `cannot`, `unauthorized`,
 * `fatal`, `panic`), a stack frame (`    at f (file.js:1:2)`), dockbook's one-line errors
 * (`[rm] container "web": …`) or an unhandled rejection. Such a line must be written out in the
 * expected block, so that a differing one is seen.
 */
const FAILURE_LINE = [
  /\[exit \d+\]|\bexit(?:ed)? (?:code|status)\b|\(exit \d+\)|\bExited \(\d+\)/i,
  /\b\w*(?:Error|Exception)\b|\berror\b|\bERR!|\bfatal\b|\bpanic\b/i,
  new RegExp(
    /\bfail(?:ed|ure|s)?\b|\bdenied\b|\brefused\b|\bnot found\b|\bno such\b/.source +
      '|' +
      /\bcannot\b|\bcan't\b|\bunauthori[sz]ed\b|\bforbidden\b/.source,
    'i',
  ),
  /^\s+at\s+\S/,
  /^\[[a-z][\w-]*\] /,
  /\bunhandled\b|\buncaught\b/i,
];

/**
 * Whether an output line tells of a failure, so that no `...` may hide it.
 *
 * @example
 * isFailureLine('[exit 1]'); // true
 * isFailureLine('Step 2/7 : WORKDIR /app'); // false
 */
export function isFailureLine(line: string): boolean {
  return FAILURE_LINE.some((pattern) => pattern.test(line));
}

/**
 * The expected lines with runs of `...` collapsed to one, or a problem: a block that is only
 * `...` claims nothing about the output (mark the cell `output="ignore"` instead).
 */
export function ellipsisLines(lines: readonly string[]): { lines: string[]; problem?: string } {
  const kept = lines.filter((line, i) => line !== ELLIPSIS || lines[i - 1] !== ELLIPSIS);
  if (kept.length > 0 && kept.every((line) => line === ELLIPSIS)) {
    return {
      lines: kept,
      problem:
        'its expected block is only `...`, which claims nothing: show the lines that matter, or mark the cell ' +
        'output="ignore"',
    };
  }
  return { lines: kept };
}
