import type { ThrownError } from './verdict.ts';

/** `raises=` written as a regex: `/pattern/flags`. */
const REGEX_FORM = /^\/(.+)\/([a-z]*)$/s;

/**
 * Whether what a cell threw is what its `raises=` option names. An error code (`NOT_FOUND`)
 * matches the thrown error's `code` exactly, and nothing else (not its name, not words in its
 * message). `/pattern/flags` matches the message of a thrown error, but never a failed `check`
 * (a CheckFailure states a claim that did not hold: that is never the error a cell expects). A
 * cell whose thrown value the kernel did not record (it did not compile, or it threw a non-Error)
 * matches no `raises=`.
 *
 * @example
 * raisesMatch('NOT_FOUND', { name: 'DockbookError', code: 'NOT_FOUND', message: '[rm] web: no such container' }); // {
 * ok: true }
 * raisesMatch('NOT_FOUND', { name: 'Error', message: 'NOT_FOUND' }).ok; // false: it has no code
 * raisesMatch('/no such container/', { name: 'DockbookError', code: 'NOT_FOUND', message: '[rm] web: no such container'
 * }); // { ok: true }
 */
export function raisesMatch(raises: string, thrown: ThrownError | undefined): { ok: boolean; problem?: string } {
  if (thrown === undefined)
    return {
      ok: false,
      problem:
        `expected the cell to fail with ${raises}, but what it threw was not recorded (it did not compile, or ` +
        `threw a value that is not an Error)`,
    };
  const regex = REGEX_FORM.exec(raises);
  if (!regex) {
    if (thrown.code === raises) return { ok: true };
    const got =
      thrown.code === undefined ? `${thrown.name} with no error code` : `${thrown.name} with the code ${thrown.code}`;
    return {
      ok: false,
      problem:
        `expected the cell to fail with the error code ${raises}, but it ` +
        `threw ${got}: ${firstLine(thrown.message)}`,
    };
  }
  if (thrown.name === 'CheckFailure')
    return {
      ok: false,
      problem:
        `expected the cell to fail with an error matching ${raises}, but a check ` +
        `failed: ${firstLine(thrown.message)}`,
    };
  let pattern: RegExp;
  try {
    pattern = new RegExp(regex[1]!, regex[2]);
  } catch (error) {
    return {
      ok: false,
      problem: `raises=${raises} is not a valid regex: ${error instanceof Error ? error.message : String(error)}`,
    };
  }
  if (pattern.test(thrown.message)) return { ok: true };
  return {
    ok: false,
    problem:
      `expected the cell to fail with an error whose message matches ${raises}, but it ` +
      `threw ${thrown.name}: ${firstLine(thrown.message)}`,
  };
}

function firstLine(text: string): string {
  return text.split('\n')[0] ?? '';
}
