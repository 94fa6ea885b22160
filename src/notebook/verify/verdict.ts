import type { CellOutput } from '../kernel/types.ts';
import { withoutError } from './error-part.ts';
import { matchOutput } from './match.ts';
import type { NotebookNormalizer } from './normalize.ts';
import { clean, outputText } from './output-text.ts';
import { raisesMatch } from './raises.ts';

/** Lines of an error shown in a verdict's message at most. */
const ERROR_LINES = 20;

export interface VerifyInput {
  /** The cell's expected output block, when it has one (an empty block expects no output). */
  expected?: string;
  outputs: readonly CellOutput[];
  /** How the cell's run ended (the kernel's CellResult status). */
  status: 'ok' | 'error' | 'timeout' | 'dead';
  /** The error as the kernel reported it: its name, value and traceback lines, or a TIMEOUT/dead message. */
  errorText?: string;
  /** The cell's `raises=` option: an error code, a word, or `/regex/flags`. */
  raises?: string;
  /** The notebook's own normalizers. */
  normalizers?: readonly NotebookNormalizer[];
}

export interface CellVerdict {
  status: 'passed' | 'failed';
  reason?: 'error' | 'output' | 'raises' | 'timeout' | 'dead';
  /** Why it failed, for a reader. */
  message?: string;
  /** On an output mismatch: expected against actual, after normalization. */
  diff?: string;
  /** The output a reader sees, without the error (what an update writes into the expected block). */
  actual: string;
}

/**
 * Judges one cell run. It passes when it ran to the end without `raises=`, or failed with the
 * error `raises=` names; and, when it has an expected block, its output (without the error)
 * matches that block after normalization. It fails on an unexpected error, on success where
 * an error was expected, on the wrong error, on a timeout, on a dead kernel, or on output that
 * differs (then `diff` shows how).
 *
 * @example
 * verifyCell({ status: 'error', raises: 'NOT_FOUND', errorText: "DockbookError\n…\n  code: 'NOT_FOUND'", outputs: [] });
 * // { status: 'passed', actual: '' }
 * verifyCell({ status: 'ok', expected: 'hello\n', outputs: [{ type: 'stream', name: 'stdout', text: 'hullo\n' }] });
 * // { status: 'failed', reason: 'output', message: 'its output differs from the expected block', diff: '--- expected …', actual: 'hullo\n' }
 */
export function verifyCell(input: VerifyInput): CellVerdict {
  const { expected, outputs, status, errorText, raises, normalizers = [] } = input;
  const actual = outputText(status === 'ok' ? outputs : withoutError(outputs, errorText));
  const failed = (reason: NonNullable<CellVerdict['reason']>, message: string): CellVerdict => ({ status: 'failed', reason, message, actual });
  const said = clean(errorText ?? '').trim();
  if (status === 'timeout') return failed('timeout', said || 'the cell ran past its time and was interrupted');
  if (status === 'dead') return failed('dead', said || 'the kernel stopped while the cell ran');
  if (status === 'ok' && raises !== undefined) return failed('raises', `expected the cell to fail with ${raises}, but it succeeded`);
  if (status === 'error') {
    const error = indented(said || '(the kernel gave no error text)');
    if (raises === undefined) return failed('error', `the cell raised an error (mark it raises=… if that is what it shows):\n${error}`);
    const judged = raisesMatch(raises, said);
    if (!judged.ok) return failed('raises', judged.problem ?? `expected the cell to fail with ${raises}, but it failed with:\n${error}`);
  }
  if (expected === undefined) return { status: 'passed', actual };
  const match = matchOutput(expected, actual, normalizers);
  if (match.ok) return { status: 'passed', actual };
  return { ...failed('output', 'its output differs from the expected block'), diff: match.diff };
}

/** The error's non-blank lines indented, at most ERROR_LINES of them. */
function indented(text: string): string {
  const lines = text.split('\n').filter((line) => line !== '');
  const kept = lines.length > ERROR_LINES ? [...lines.slice(0, ERROR_LINES), `… ${lines.length - ERROR_LINES} more lines`] : lines;
  return kept.map((line) => `  ${line}`).join('\n');
}
