import type { CellError } from './types.ts';

/** tslab's form of a type error: `line:col - message`, with the file name first for other files. */
const DIAGNOSTIC = /^(?:\S+ )?\d+:\d+ - /;
/** The first line of Node's source excerpt above a synchronously thrown error. */
const SOURCE_HEADER = /^evalmachine\.<anonymous>:\d+$/;
/** The first line of a printed Error: `TypeError: message`, `Error [ERR_X]: message`. */
const ERROR_LINE = /^([A-Za-z_$][\w$]*)(?: \[[^\]]*\])?: (.*)$/;

/**
 * The exception of a failed tslab cell, from what it wrote to stderr. tslab publishes no
 * `error` message: it prints type errors one `console.error` each, and a thrown value with a
 * single `console.error(value)`, which is therefore the last stderr write.
 *
 * @example
 * errorFromStderr(['1:5 - Type \'string\' is not assignable to type \'number\'.\n']);
 * // { ename: 'TSError', evalue: "1:5 - Type 'string' is not assignable to type 'number'.", traceback: [...] }
 */
export function errorFromStderr(writes: readonly string[]): CellError {
  // A cell that does not compile does not run, so then every line is a diagnostic.
  const all = writes.flatMap((write) => lines(write));
  if (all.length > 0 && all.every((line) => DIAGNOSTIC.test(line))) {
    // Named as ts-node names the same failure.
    return { ename: 'TSError', evalue: all.join('\n'), traceback: all };
  }
  const traceback = lines(writes.at(-1) ?? '');
  // An error thrown synchronously comes after Node's `file:line`, source line and caret.
  const start = SOURCE_HEADER.test(traceback[0] ?? '') ? 3 : 0;
  for (const line of traceback.slice(start)) {
    const match = ERROR_LINE.exec(line);
    if (match) return { ename: match[1] ?? '', evalue: match[2] ?? '', traceback };
  }
  // A thrown value that is not an Error prints as itself (`throw 'x'` prints `x`).
  return { ename: '', evalue: traceback.join('\n'), traceback };
}

function lines(text: string): string[] {
  return text.split('\n').filter((line) => line !== '');
}
