import { describe, expect, it } from 'vitest';
import { lineDiff } from '../../../src/notebook/verify/diff.ts';

const HEADER = ['--- expected (from the notebook)', '+++ actual (from the engine)'];
const diff = (expected: string[], actual: string[]) => lineDiff(expected, actual).split('\n');

describe('lineDiff', () => {
  it('shows a changed line as removed then added, with two lines of context', () => {
    expect(diff(['a', 'b', 'c', 'd', 'e', 'f'], ['a', 'b', 'c', 'D', 'e', 'f'])).toEqual([
      ...HEADER,
      '@@ -2,5 +2,5 @@',
      '  b',
      '  c',
      '- d',
      '+ D',
      '  e',
      '  f',
    ]);
  });

  it('shows lines only in the output as added, and missing ones as removed', () => {
    expect(diff(['a', 'b'], ['a', 'x', 'b', 'y'])).toEqual([...HEADER, '@@ -1,2 +1,4 @@', '  a', '+ x', '  b', '+ y']);
    expect(diff(['a', 'b', 'c'], ['a', 'c'])).toEqual([...HEADER, '@@ -1,3 +1,2 @@', '  a', '- b', '  c']);
    expect(diff(['x'], [])).toEqual([...HEADER, '@@ -1 +0,0 @@', '- x']);
    expect(diff([], ['x'])).toEqual([...HEADER, '@@ -0,0 +1 @@', '+ x']);
  });

  it('splits distant changes into hunks with their own line numbers', () => {
    const expected = Array.from({ length: 20 }, (_, i) => `line ${i + 1}`);
    const actual = expected.map((line) => (line === 'line 3' || line === 'line 18' ? `${line}!` : line));
    expect(diff(expected, actual)).toEqual([
      ...HEADER,
      '@@ -1,5 +1,5 @@',
      '  line 1',
      '  line 2',
      '- line 3',
      '+ line 3!',
      '  line 4',
      '  line 5',
      '@@ -16,5 +16,5 @@',
      '  line 16',
      '  line 17',
      '- line 18',
      '+ line 18!',
      '  line 19',
      '  line 20',
    ]);
  });

  it('lets `...` stand for lines, and shows it above the lines it stood for', () => {
    const actual = ['start', ...Array.from({ length: 30 }, (_, i) => `step ${i}`), 'done'];
    expect(diff(['start', '...', 'finished'], actual)).toEqual([
      ...HEADER,
      '@@ -2,2 +2,31 @@',
      '  ...',
      '  step 29',
      '  done',
      '- finished',
    ]);
    expect(diff(['start', '...', 'step 3', 'step 4!', '...', 'done'], actual)).toEqual([
      ...HEADER,
      '@@ -2,4 +2,5 @@',
      '  ...',
      '  step 2',
      '  step 3',
      '- step 4!',
      '  ...',
      '  step 4',
    ]);
  });

  it('caps a long diff at 80 lines and long lines at 200 characters', () => {
    const many = diff(
      Array.from({ length: 100 }, (_, i) => `old ${i}`),
      Array.from({ length: 100 }, (_, i) => `new ${i}`),
    );
    expect(many).toHaveLength(2 + 80 + 1);
    expect(many.at(-1)).toBe('… 121 more lines of differences');
    expect(diff(['x'.repeat(300)], ['y'])[3]).toBe(`- ${'x'.repeat(200)}…`);
  });

  it('past 4 million alignment cells, shows the differing middle as removed then added', () => {
    const expected = ['same', ...Array.from({ length: 2500 }, (_, i) => `old ${i}`), 'end'];
    const actual = ['same', ...Array.from({ length: 2500 }, (_, i) => (i === 1 ? 'old 0' : `new ${i}`)), 'end'];
    const lines = diff(expected, actual);
    expect(lines.slice(2, 6)).toEqual(['@@ -1,2502 +1,2502 @@', '  same', '- old 0', '- old 1']);
    expect(lines.at(-1)).toBe('… 4923 more lines of differences');
  });
});
