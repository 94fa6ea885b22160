import type { CellOutput } from '../kernel/types.ts';
import { withoutError } from './error-part.ts';
import { isDockbookError } from '../../errors.ts';
import { matchOutput, type OutputMatch } from './match.ts';
import type { NotebookNormalizer } from './normalize.ts';
import { clean, outputText } from './output-text.ts';
import { raisesMatch } from './raises.ts';
import type { Sessions } from './values.ts';
import { cellOutputs, normalizers as normalizersShape, sessionIds } from '../../validate/notebook.ts';
import { boolean, hasFields, objectOf, oneOf, string } from '../../validate/shape.ts';
import { checkArgs, signature } from '../../validate/signature.ts';

/** What verifyCell() takes (one VerifyInput, its outputs and status required), checked at its entry. */
export const VERIFY_CELL_SIGNATURE = signature({
  operation: 'verifyCell',
  ctx: false,
  params: [
    {
      name: 'input',
      shape: objectOf(
        {
          expected: string,
          outputs: cellOutputs,
          status: oneOf('ok', 'error', 'timeout', 'dead', 'interrupted'),
          errorText: string,
          thrown: hasFields({ name: string, message: string }, 'a thrown error { name, message, code? }'),
          raises: string,
          normalizers: normalizersShape,
          sessions: sessionIds,
          ignoreOutput: boolean,
        },
        'a VerifyInput { status, outputs, expected?, errorText?, thrown?, raises?, normalizers?, sessions?, ' +
          'ignoreOutput? }',
        ['status', 'outputs'],
      ),
      example: { status: 'ok', outputs: [] },
    },
  ],
  command: 'dockbook run NOTEBOOK',
});

/** Lines of an error shown in a verdict's message at most. */
const ERROR_LINES = 20;

/**
 * The value a cell threw, as dockbook's kernel preload recorded it: its name (`DockbookError`,
 * `CheckFailure`, `TypeError`), its message, and its `code` when it has a string one
 * (`NOT_FOUND`, `ERR_INVALID_ARG_TYPE`). `raises=` is judged on this, never on printed text.
 */
export interface ThrownError {
  name: string;
  message: string;
  code?: string;
}

export interface VerifyInput {
  /** The cell's expected output block, when it has one (an empty block expects no output). */
  expected?: string;
  outputs: readonly CellOutput[];
  /** How the cell's run ended (the kernel's CellResult status). */
  status: 'ok' | 'error' | 'timeout' | 'dead' | 'interrupted';
  /** The error as the kernel reported it: its name, value and traceback lines, or a TIMEOUT/dead message. */
  errorText?: string;
  /** What the cell threw, when the kernel recorded it (a failed cell without it fails a `raises=`). */
  thrown?: ThrownError;
  /** The cell's `raises=` option: an error code, a word, or `/regex/flags`. */
  raises?: string;
  /** The notebook's own normalizers. */
  normalizers?: readonly NotebookNormalizer[];
  /** This run's session ids (8 hex each): only these count as sessions in the output. */
  sessions?: Sessions;
  /** The cell's `output="ignore"`: what it prints is not part of its claim (the guide says so). */
  ignoreOutput?: boolean;
}

export interface CellVerdict {
  status: 'passed' | 'failed';
  reason?: 'error' | 'output' | 'no-output-block' | 'normalizer' | 'raises' | 'timeout' | 'dead' | 'interrupted';
  /** Why it failed, for a reader. */
  message?: string;
  /** On an output mismatch: expected against actual, after normalization. */
  diff?: string;
  /** The output a reader sees, without the error (what an update writes into the expected block). */
  actual: string;
}

/**
 * Judges one cell run. It passes when it ran to the end without `raises=`, or threw the error
 * `raises=` names (see raisesMatch); and its output (without the error) matches its expected
 * block (see matchOutput), or it has no block and printed nothing, or it is marked
 * `output="ignore"`. It fails on an unexpected error, on success where an error was expected, on
 * the wrong error, on a timeout, on a dead kernel, on output that differs (then `diff` shows
 * how), on output with no block to compare it with, and on a notebook normalizer that would
 * rewrite an exit status, error code or status word.
 *
 * @example
 * verifyCell({ status: 'error', raises: 'NOT_FOUND', thrown: { name: 'DockbookError', code: 'NOT_FOUND', message: '…'
 * }, outputs: [] });
 * // { status: 'passed', actual: '' }
 * verifyCell({ status: 'ok', expected: 'hello\n', outputs: [{ type: 'stream', name: 'stdout', text: 'hullo\n' }] });
 * // { status: 'failed', reason: 'output', message: 'its output differs from the expected block', diff: '--- expected
 * …', actual: 'hullo\n' }
 */
export function verifyCell(input: VerifyInput): CellVerdict {
  checkArgs(VERIFY_CELL_SIGNATURE, arguments);
  const {
    expected,
    outputs,
    status,
    errorText,
    thrown,
    raises,
    normalizers = [],
    sessions,
    ignoreOutput = false,
  } = input;
  const actual = outputText(status === 'ok' ? outputs : withoutError(outputs, errorText));
  const failed = (reason: NonNullable<CellVerdict['reason']>, message: string): CellVerdict => ({
    status: 'failed',
    reason,
    message,
    actual,
  });
  const said = clean(errorText ?? '').trim();
  if (status === 'timeout') return failed('timeout', said || 'the cell ran past its time and was interrupted');
  if (status === 'dead') return failed('dead', said || 'the kernel stopped while the cell ran');
  if (status === 'interrupted') return failed('interrupted', said || 'the run was interrupted while the cell ran');
  if (status === 'ok' && raises !== undefined)
    return failed('raises', `expected the cell to fail with ${raises}, but it succeeded`);
  if (status === 'error') {
    const error = indented(said || '(the kernel gave no error text)');
    if (raises === undefined)
      return failed('error', `the cell raised an error (mark it raises=… if that is what it shows):\n${error}`);
    const judged = raisesMatch(raises, thrown);
    if (!judged.ok)
      return failed('raises', `${judged.problem ?? `expected the cell to fail with ${raises}`}\n${error}`);
  }
  if (ignoreOutput) return { status: 'passed', actual };
  if (expected === undefined) {
    if (actual === '') return { status: 'passed', actual };
    return failed(
      'no-output-block',
      'the cell printed output but has no ```output block to compare it with: record it with `dockbook update`, or ' +
        'mark the cell output="ignore" if its output is not part of the claim',
    );
  }
  let match: OutputMatch;
  try {
    match = matchOutput(expected, actual, { normalizers, ...(sessions ? { sessions } : {}) });
  } catch (error) {
    if (isDockbookError(error)) return failed('normalizer', error.message);
    throw error;
  }
  if (match.ok) return { status: 'passed', actual };
  const why = match.problem
    ? `its output differs from the expected block: ${match.problem}`
    : 'its output differs from the expected block';
  return { ...failed('output', why), diff: match.diff };
}

/** The error's non-blank lines indented, at most ERROR_LINES of them. */
function indented(text: string): string {
  const lines = text.split('\n').filter((line) => line !== '');
  const more = `… ${lines.length - ERROR_LINES} more lines`;
  const kept = lines.length > ERROR_LINES ? [...lines.slice(0, ERROR_LINES), more] : lines;
  return kept.map((line) => `  ${line}`).join('\n');
}
