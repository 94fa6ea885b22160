/** `raises=` written as a regex: `/pattern/flags`. */
const REGEX_FORM = /^\/(.+)\/([a-z]*)$/s;

/**
 * Whether the error a cell raised is the one its `raises=` option names. `/pattern/flags` is a
 * regex over the error text; anything else (an error code such as `NOT_FOUND`, an error name
 * such as `TypeError`, a phrase) must appear in the error text as a whole word, which is how a
 * DockbookError's code shows (`code: 'NOT_FOUND'`). A malformed regex never matches, and says why.
 *
 * @example
 * raisesMatch('NOT_FOUND', "DockbookError: [rm] …\n  code: 'NOT_FOUND'"); // { ok: true }
 * raisesMatch('/no such (container|image)/i', 'No such container: web'); // { ok: true }
 */
export function raisesMatch(raises: string, errorText: string): { ok: boolean; problem?: string } {
  const regex = REGEX_FORM.exec(raises);
  if (!regex) return { ok: wholeWord(raises.trim()).test(errorText) };
  try {
    return { ok: new RegExp(regex[1]!, regex[2]).test(errorText) };
  } catch (error) {
    return { ok: false, problem: `raises=${raises} is not a valid regex: ${error instanceof Error ? error.message : String(error)}` };
  }
}

/** The text, not touching a letter, digit or underscore on either side. */
function wholeWord(text: string): RegExp {
  const escaped = text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  return new RegExp(`(?<!\\w)${escaped}(?!\\w)`);
}
