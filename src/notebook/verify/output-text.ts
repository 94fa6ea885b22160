import type { CellOutput } from '../kernel/types.ts';

/** Terminal control sequences: colours and cursor moves (CSI), and titles and links (OSC). */
const ANSI = /\u001b\[[0-?]*[ -/]*[@-~]|\u001b\][^\u0007\u001b]*(?:\u0007|\u001b\\)/g;

/**
 * The text a reader sees for a cell: its stream writes (stdout and stderr, in the order the
 * kernel published them) and the `text/plain` form of its displays and result, each output on
 * its own lines. Error outputs are left out (the verdict reports the error). The text is
 * cleaned the way a notebook shows it: CRLF becomes LF, a carriage return inside a line keeps
 * only what was written after it (a progress bar's last state), colour escapes are dropped,
 * trailing whitespace on each line is trimmed, and the text ends with exactly one newline
 * (or is empty).
 *
 * @example
 * outputText([
 *   { type: 'stream', name: 'stdout', text: 'pulling 10%\rpulling 100%\r\n' },
 *   { type: 'execute_result', data: { 'text/plain': "'web'" }, metadata: {}, executionCount: 3 },
 * ]); // "pulling 100%\n'web'\n"
 */
export function outputText(outputs: readonly CellOutput[]): string {
  let text = '';
  for (const output of outputs) {
    const part = partText(output);
    if (part === '') continue;
    if (text !== '' && !text.endsWith('\n')) text += '\n';
    text += part;
  }
  return clean(text);
}

function partText(output: CellOutput): string {
  switch (output.type) {
    case 'stream':
      return output.text;
    case 'display_data':
    case 'execute_result':
      return plain(output.data['text/plain']);
    case 'error':
      return '';
  }
}

/** nbformat allows a text field as one string or as a list of lines. */
function plain(value: unknown): string {
  if (typeof value === 'string') return value;
  if (Array.isArray(value)) return value.map(String).join('');
  return '';
}

/**
 * Cleans text as a notebook shows it (see outputText); also used for error text.
 *
 * @example
 * clean('\u001b[31mred\u001b[0m  \r\n\n'); // 'red\n'
 */
export function clean(text: string): string {
  const lines = text
    .replace(ANSI, '')
    .replace(/\r\n/g, '\n')
    .split('\n')
    .map((line) => overwritten(line.replace(/\r+$/, '')).trimEnd());
  while (lines.length > 0 && lines.at(-1) === '') lines.pop();
  return lines.length === 0 ? '' : `${lines.join('\n')}\n`;
}

/** What remains of a line after carriage returns: the text written after the last one. */
function overwritten(line: string): string {
  return line.slice(line.lastIndexOf('\r') + 1);
}
