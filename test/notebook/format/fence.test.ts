import { describe, expect, it } from 'vitest';
import { fenceFor, fenced } from '../../../src/notebook/format/fence.ts';

describe('fenceFor', () => {
  it('uses three backticks unless a line of the text starts with as many', () => {
    expect(fenceFor('plain\ntext with ``` inside\n')).toBe('```');
    expect(fenceFor('```\n')).toBe('````');
    expect(fenceFor('a\n   `````js\n')).toBe('``````');
    expect(fenceFor('    ```` indented code\n~~~\n')).toBe('```');
  });
});

describe('fenced', () => {
  it('writes a block, adding the final line break the text lacks', () => {
    expect(fenced('output', 'hello')).toBe('```output\nhello\n```');
    expect(fenced('output', '')).toBe('```output\n```');
    expect(fenced('typescript skip', '```\n')).toBe('````typescript skip\n```\n````');
  });

  it('writes the line break it is given, whatever the text used', () => {
    expect(fenced('output', 'a\r\nb\n', '\r\n')).toBe('```output\r\na\r\nb\r\n```');
  });
});
