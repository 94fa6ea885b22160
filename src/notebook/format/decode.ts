import { NotebookSyntaxError } from './types.ts';

const BREAKS = /\r\n|\r|\n/g;

/**
 * A notebook file's bytes as text. Notebooks are UTF-8: any other bytes (a Latin-1 `é`, a
 * UTF-16 file, a cut-off sequence) are refused with NotebookSyntaxError at the file:line of
 * the first invalid byte, never decoded into replacement characters that could then match.
 * A UTF-8 byte order mark at the start is accepted and kept in the text: the header reader
 * skips it, and `update` writes it back, so no byte of the file changes but the outputs.
 *
 * @example
 * decodeNotebook(readFileSync('notebooks/01-images.md'), 'notebooks/01-images.md'); // '---\njupyter: …'
 * decodeNotebook(Buffer.from('---\ncaf\xe9\n', 'latin1'), 'x.md');
 * // throws x.md:2: byte 0xE9 (column 4) is not valid UTF-8: …
 */
export function decodeNotebook(bytes: Uint8Array, file: string): string {
  try {
    return new TextDecoder('utf-8', { fatal: true, ignoreBOM: true }).decode(bytes);
  } catch {
    const at = firstInvalidByte(bytes);
    // Everything before the first invalid byte is valid UTF-8.
    const before = new TextDecoder('utf-8', { ignoreBOM: true }).decode(bytes.subarray(0, at));
    const breaks = [...before.matchAll(BREAKS)];
    const last = breaks.at(-1);
    const lineStart = last ? last.index + last[0].length : 0;
    const column = [...before.slice(lineStart)].length + 1;
    throw new NotebookSyntaxError(file, breaks.length + 1, problem(bytes, at, column));
  }
}

/**
 * The offset of the first byte that is not valid UTF-8: the lead byte of a broken or cut-off
 * sequence, or a byte that can start none. Fed a byte at a time to the same fatal decoder.
 */
function firstInvalidByte(bytes: Uint8Array): number {
  const decoder = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });
  // Where the character being decoded began: the decoder yields text once it is complete.
  let start = 0;
  try {
    for (let i = 0; i < bytes.length; i++) {
      if (decoder.decode(bytes.subarray(i, i + 1), { stream: true }) !== '') start = i + 1;
    }
    decoder.decode();
  } catch {
    return start;
  }
  return bytes.length;
}

function problem(bytes: Uint8Array, at: number, column: number): string {
  const hex = (i: number) => `0x${bytes[i]!.toString(16).toUpperCase().padStart(2, '0')}`;
  const utf16 =
    at === 0 &&
    bytes.length >= 2 &&
    ((bytes[0] === 0xff && bytes[1] === 0xfe) || (bytes[0] === 0xfe && bytes[1] === 0xff));
  const what = utf16
    ? `the file is UTF-16 (it starts with the byte order mark ${hex(0)} ${hex(1)}), not UTF-8`
    : isCutOff(bytes, at)
      ? `byte ${hex(at)} (column ${column}) starts a UTF-8 character that the file ends inside of (was it cut off?)`
      : `byte ${hex(at)} (column ${column}) is not valid UTF-8: the file is in another encoding, e.g. Latin-1 or ` +
        `Windows-1252`;
  return (
    `${what}. Notebooks are read as UTF-8 only: save it as UTF-8 (your editor's "save with encoding", or iconv -f ` +
    `WINDOWS-1252 -t UTF-8 old.md > new.md)`
  );
}

/** True when the sequence at `at` is a valid start of a multi-byte character that the file ends inside. */
function isCutOff(bytes: Uint8Array, at: number): boolean {
  const lead = bytes[at]!;
  const length =
    lead >= 0xf0 && lead <= 0xf4 ? 4 : lead >= 0xe0 && lead <= 0xef ? 3 : lead >= 0xc2 && lead <= 0xdf ? 2 : 0;
  if (length === 0 || at + length <= bytes.length) return false;
  return bytes.subarray(at + 1).every((b) => b >= 0x80 && b <= 0xbf);
}
