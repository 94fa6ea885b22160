import { describe, expect, it } from 'vitest';
import { isBlank, splitLines } from '../../../src/notebook/format/lines.ts';

describe('splitLines', () => {
  it('cuts at \\n, \\r\\n and \\r, as markdown-it does, with offsets into the text', () => {
    const source = 'a\r\nbc\rd\n';
    const lines = splitLines(source);
    expect(lines.text).toEqual(['a', 'bc', 'd']);
    expect(lines.starts.map((start, i) => source.slice(start, lines.ends[i]))).toEqual(['a', 'bc', 'd']);
    expect(lines.eol).toBe('\r\n');
  });

  it('counts a last line without a line break, and an empty text as one empty line', () => {
    expect(splitLines('a\nb').text).toEqual(['a', 'b']);
    expect(splitLines('a\n\n').text).toEqual(['a', '']);
    expect(splitLines('')).toEqual({ text: [''], starts: [0], ends: [0], eol: '\n' });
  });
});

describe('isBlank', () => {
  it('is true for spaces and tabs only, false past the last line', () => {
    expect([isBlank(''), isBlank(' \t'), isBlank(' x'), isBlank(undefined)]).toEqual([true, true, false, false]);
  });
});
