/**
 * The shortest backtick fence (three at least) that no line of `text` can close: one more
 * backtick than the longest run that starts a line (after up to three spaces).
 *
 * @example
 * fenceFor('a\n```\n'); // '````'
 */
export function fenceFor(text: string, minimum = 3): string {
  let longest = 0;
  for (const match of text.matchAll(/^ {0,3}(`+)/gm)) longest = Math.max(longest, match[1]!.length);
  return '`'.repeat(Math.max(minimum, longest + 1));
}

/**
 * A fenced block: the opening line with its info string, the text (given a final line break
 * when it lacks one), and the closing line, without a line break after it.
 *
 * @example
 * fenced('output', 'hello'); // '```output\nhello\n```'
 */
export function fenced(info: string, text: string, eol = '\n', minimum = 3): string {
  const plain = text.replace(/\r\n?/g, '\n');
  const fence = fenceFor(plain, minimum);
  const body = plain === '' || plain.endsWith('\n') ? plain : `${plain}\n`;
  return `${fence}${info}${eol}${body.replaceAll('\n', eol)}${fence}`;
}
