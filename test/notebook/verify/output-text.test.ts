import { describe, expect, it } from 'vitest';
import type { CellOutput } from '../../../src/notebook/kernel/types.ts';
import { clean, outputText } from '../../../src/notebook/verify/output-text.ts';

const out = (name: 'stdout' | 'stderr', text: string): CellOutput => ({ type: 'stream', name, text });

describe('outputText', () => {
  it('joins stdout and stderr in the order they came, and the text/plain of displays and results', () => {
    const outputs: CellOutput[] = [
      out('stdout', 'pulling busybox\n'),
      out('stderr', 'warning: slow\n'),
      {
        type: 'display_data',
        data: { 'text/html': '<table></table>', 'text/plain': 'NAME   STATUS\nweb    Up' },
        metadata: {},
      },
      out('stdout', 'done'),
      { type: 'execute_result', data: { 'text/plain': "'web'" }, metadata: {}, executionCount: 4 },
    ];
    expect(outputText(outputs)).toBe("pulling busybox\nwarning: slow\nNAME   STATUS\nweb    Up\ndone\n'web'\n");
  });

  it('leaves out error outputs and displays without text/plain, and reads nbformat line lists', () => {
    const outputs: CellOutput[] = [
      { type: 'display_data', data: { 'image/png': 'iVBOR' }, metadata: {} },
      { type: 'display_data', data: { 'text/plain': ['line 1\n', 'line 2'] }, metadata: {} },
      { type: 'error', ename: 'TypeError', evalue: 'bad', traceback: ['TypeError: bad'] },
    ];
    expect(outputText(outputs)).toBe('line 1\nline 2\n');
  });

  it(
    'cleans text as a notebook shows it: CRLF, carriage-return ' +
      'overwrites, colours, trailing spaces, final newlines',
    () => {
      expect(
        outputText([
          out(
            'stdout',
            'a  \r\nprogress 10%\rprogress 100%\r\n\u001b[32mgreen\u001b[0m ' +
              '\u001b]8;;http://x\u0007link\u001b]8;;\u0007\t\nlast\r\n\n\n',
          ),
        ]),
      ).toBe('a\nprogress 100%\ngreen link\nlast\n');
      expect(outputText([out('stdout', 'spinner\r')])).toBe('spinner\n');
    },
  );

  it('is empty for no output, or only blank output', () => {
    expect(outputText([])).toBe('');
    expect(
      outputText([
        out('stdout', '\n  \n'),
        { type: 'execute_result', data: { 'text/plain': '' }, metadata: {}, executionCount: 1 },
      ]),
    ).toBe('');
  });

  it('keeps leading blank lines and indentation', () => {
    expect(outputText([out('stdout', '\n  indented\n')])).toBe('\n  indented\n');
  });
});

describe('clean: the text as a terminal shows it', () => {
  it('a carriage return goes back to the start of the line, and what follows overwrites only what it covers', () => {
    expect(clean('abc\rX\n')).toBe('Xbc\n');
    expect(clean('downloading 10%\rdone\n')).toBe('doneloading 10%\n');
    expect(clean('100%\r10%\n')).toBe('10%%\n');
    expect(clean('abc\r\n')).toBe('abc\n');
  });

  it("shows a progress bar's last state, and the lines around it", () => {
    const bar = (n: number) => `[${'#'.repeat(n).padEnd(10)}] ${n * 10}%`;
    const frames = Array.from({ length: 11 }, (_, n) => bar(n)).join('\r');
    expect(clean(`before\n${frames}\nafter\n`)).toBe(`before\n[##########] 100%\nafter\n`);
  });

  it('erases with ESC[K (to the end), ESC[1K (to the cursor) and ESC[2K (the whole line)', () => {
    expect(clean('old text\r\u001b[2Knew\n')).toBe('new\n');
    expect(clean('abcdef\r\u001b[3C\u001b[K\n')).toBe('abc\n');
    expect(clean('abcdef\r\u001b[2C\u001b[1K\n')).toBe('   def\n');
  });

  it('moves the cursor up (ESC[1A), down, forward, back and to a column, as pull progress does', () => {
    const pull =
      'a1: Waiting\nb2: Waiting\n\u001b[2A\u001b[2Ka1: Pull complete\n\u001b[2Kb2: Pull complete\nDigest: sha256:abc\n';
    expect(clean(pull)).toBe('a1: Pull complete\nb2: Pull complete\nDigest: sha256:abc\n');
    expect(clean('line1\nline2\n\u001b[1Aover\n')).toBe('line1\nover2\n');
    expect(clean('ab\u001b[1Bc\n')).toBe('ab\n  c\n');
    expect(clean('abc\u001b[2DX\n')).toBe('aXc\n');
    expect(clean('abc\u001b[2GX\n')).toBe('aXc\n');
    expect(clean('a\u001b[3Cb\n')).toBe('a   b\n');
    expect(clean('abc\b\bX\n')).toBe('aXc\n');
  });

  it('drops colours and OSC sequences, trims line ends, and ends with one newline', () => {
    expect(clean('\u001b[31mred\u001b[0m  \r\n\n')).toBe('red\n');
    expect(clean('\u001b]0;title\u0007text')).toBe('text\n');
    expect(clean('')).toBe('');
    expect(clean('\r\n\r\n')).toBe('');
  });
});
