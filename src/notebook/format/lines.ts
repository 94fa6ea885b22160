/** A text cut into lines, with where each line starts and ends, as markdown-it counts them. */
export interface Lines {
  /** Each line's text, without its line break. */
  text: string[];
  /** Offset of each line's first character. */
  starts: number[];
  /** Offset just past each line's last character (before its line break). */
  ends: number[];
  /** The text's line break: `\r\n` when it has any, else `\n`. */
  eol: string;
}

/**
 * Cuts a text into lines at `\r\n`, `\r` or `\n` (markdown-it's line breaks), keeping offsets
 * into the original text so that edits can leave every other byte as it was.
 *
 * @example
 * splitLines('a\r\nbc').ends; // [1, 5]
 */
export function splitLines(source: string): Lines {
  const lines: Lines = { text: [], starts: [], ends: [], eol: source.includes('\r\n') ? '\r\n' : '\n' };
  const breaks = /\r\n|\r|\n/g;
  let start = 0;
  for (let match = breaks.exec(source); match; match = breaks.exec(source)) {
    push(lines, source, start, match.index);
    start = match.index + match[0].length;
  }
  if (start < source.length || lines.text.length === 0) push(lines, source, start, source.length);
  return lines;
}

function push(lines: Lines, source: string, start: number, end: number): void {
  lines.text.push(source.slice(start, end));
  lines.starts.push(start);
  lines.ends.push(end);
}

/** True for a line with nothing but spaces and tabs. */
export function isBlank(line: string | undefined): boolean {
  return line !== undefined && /^[ \t]*$/.test(line);
}
