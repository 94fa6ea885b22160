import type { CellOutput } from '../kernel/types.ts';
import { clean } from './output-text.ts';

/**
 * The outputs of a failed cell without its error: the kernel's `error` outputs, and the error
 * as tslab prints it, which is the end of the last stderr stream (tslab writes a thrown
 * value there with one `console.error`). That end is recognised as the longest tail of
 * `errorText`'s non-blank lines it ends with (blank lines aside), so what the cell wrote to
 * stderr itself before failing stays.
 *
 * @example
 * withoutError([{ type: 'stream', name: 'stderr', text: 'warn\nTypeError: bad\n    at x\n' }],
 * 'TypeError\nbad\nTypeError: bad\n    at x');
 * // [{ type: 'stream', name: 'stderr', text: 'warn\n' }]
 */
export function withoutError(outputs: readonly CellOutput[], errorText: string | undefined): CellOutput[] {
  const kept = outputs.filter((output) => output.type !== 'error');
  const last = kept.findLastIndex((output) => output.type === 'stream' && output.name === 'stderr');
  const stream = kept[last];
  if (errorText === undefined || stream?.type !== 'stream') return kept;
  const text = stripTail(stream.text, errorText);
  if (text === stream.text) return kept;
  return text === ''
    ? kept.filter((_, index) => index !== last)
    : kept.map((output, index) => (index === last ? { ...stream, text } : output));
}

function nonBlank(text: string): string[] {
  return clean(text)
    .split('\n')
    .filter((line) => line !== '');
}

/** The text without the longest tail of the error's lines that it ends with. */
function stripTail(text: string, errorText: string): string {
  const error = nonBlank(errorText);
  const rows = clean(text).split('\n');
  for (let start = 0; start < error.length; start++) {
    const tail = error.slice(start);
    let row = rows.length;
    let k = tail.length;
    while (k > 0 && row > 0) {
      row--;
      if (rows[row] === '') continue;
      if (rows[row] !== tail[k - 1]) break;
      k--;
    }
    if (k === 0) return clean(rows.slice(0, row).join('\n'));
  }
  return text;
}
