import type { CellOutput } from '../kernel/types.ts';
import { cellOutputs } from '../../validate/notebook.ts';
import { checkArgs, signature } from '../../validate/signature.ts';

/** What outputText() takes, checked at its entry. */
export const OUTPUT_TEXT_SIGNATURE = signature({
  operation: 'outputText',
  ctx: false,
  params: [{ name: 'outputs', shape: cellOutputs, example: [] }],
  command: 'dockbook run NOTEBOOK',
});

/**
 * Terminal control: a CSI sequence (colours, cursor moves, erasing), an OSC one (titles, links), a CR, a backspace, a
 * line feed.
 */
const CONTROL = /\u001b\[([0-?]*)[ -/]*([@-~])|\u001b\][^\u0007\u001b]*(?:\u0007|\u001b\\)|\r\n|[\r\b\n]/g;

/**
 * The text a reader sees for a cell: its stream writes (stdout and stderr, in the order the
 * kernel published them) and the `text/plain` form of its displays and result, each output on
 * its own lines. Error outputs are left out (the verdict reports the error). The text is
 * cleaned into what a terminal would show (see clean): a carriage return goes back to the start
 * of the line and what follows overwrites it (a progress bar's last state), cursor moves and
 * erasing are applied, colours are dropped, trailing whitespace on each line is trimmed, and the
 * text ends with exactly one newline (or is empty).
 *
 * @example
 * outputText([
 *   { type: 'stream', name: 'stdout', text: 'pulling 10%\rpulling 100%\r\n' },
 *   { type: 'execute_result', data: { 'text/plain': "'web'" }, metadata: {}, executionCount: 3 },
 * ]); // "pulling 100%\n'web'\n"
 */
export function outputText(outputs: readonly CellOutput[]): string {
  checkArgs(OUTPUT_TEXT_SIGNATURE, arguments);
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
 * The text as a terminal would show it: CRLF and LF end a line; a carriage return moves to the
 * start of the line and later characters overwrite earlier ones (`abc\rX` shows `Xbc`); a
 * backspace moves one column left; CSI sequences move the cursor (up, down, forward, back, to a
 * column) and erase (`\x1b[K`, `\x1b[2K`), and the rest of them (colours) and OSC sequences are
 * dropped. Trailing whitespace on each line is trimmed and the text ends with exactly one
 * newline (or is empty). Also used for error text.
 *
 * @example
 * clean('\u001b[31mred\u001b[0m  \r\n\n'); // 'red\n'
 * clean('10%\r100%\n'); // '100%\n'
 * clean('abc\rX\n'); // 'Xbc\n'
 */
export function clean(text: string): string {
  const screen: string[][] = [[]];
  let row = 0;
  let col = 0;
  const write = (chars: string) => {
    const line = (screen[row] ??= []);
    for (const char of chars) {
      while (line.length < col) line.push(' ');
      line[col++] = char;
    }
  };
  let at = 0;
  for (const match of text.matchAll(CONTROL)) {
    write(text.slice(at, match.index));
    at = (match.index ?? 0) + match[0].length;
    const [control, params = '', final] = match;
    if (control === '\n' || control === '\r\n') [row, col] = [row + 1, 0];
    else if (control === '\r') col = 0;
    else if (control === '\b') col = Math.max(0, col - 1);
    else if (final) [row, col] = csi(screen, row, col, params, final);
  }
  write(text.slice(at));
  const lines = Array.from({ length: screen.length }, (_, i) => (screen[i] ?? []).join('').trimEnd());
  while (lines.length > 0 && lines.at(-1) === '') lines.pop();
  return lines.length === 0 ? '' : `${lines.join('\n')}\n`;
}

/** Applies one CSI sequence's cursor move or erase to the screen; returns the new cursor. */
function csi(screen: string[][], row: number, col: number, params: string, final: string): [number, number] {
  const n = Math.max(1, Number(params.split(';')[0]) || 1);
  const line = (screen[row] ??= []);
  switch (final) {
    case 'A':
      return [Math.max(0, row - n), col];
    case 'B':
      return [row + n, col];
    case 'C':
      return [row, col + n];
    case 'D':
      return [row, Math.max(0, col - n)];
    case 'G':
      return [row, n - 1];
    case 'K':
      if (params === '2') line.length = 0;
      else if (params === '1') line.fill(' ', 0, Math.min(col + 1, line.length));
      else line.length = Math.min(line.length, col);
      return [row, col];
    default:
      return [row, col];
  }
}
