import { describe, expect, it } from 'vitest';
import type { CellOutput } from '../../../src/notebook/kernel/types.ts';
import { outputText } from '../../../src/notebook/verify/output-text.ts';

const out = (name: 'stdout' | 'stderr', text: string): CellOutput => ({ type: 'stream', name, text });

describe('outputText', () => {
  it('joins stdout and stderr in the order they came, and the text/plain of displays and results', () => {
    const outputs: CellOutput[] = [
      out('stdout', 'pulling busybox\n'),
      out('stderr', 'warning: slow\n'),
      { type: 'display_data', data: { 'text/html': '<table></table>', 'text/plain': 'NAME   STATUS\nweb    Up' }, metadata: {} },
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

  it('cleans text as a notebook shows it: CRLF, carriage-return overwrites, colours, trailing spaces, final newlines', () => {
    expect(outputText([out('stdout', 'a  \r\nprogress 10%\rprogress 100%\r\n\u001b[32mgreen\u001b[0m \u001b]8;;http://x\u0007link\u001b]8;;\u0007\t\nlast\r\n\n\n')])).toBe('a\nprogress 100%\ngreen link\nlast\n');
    expect(outputText([out('stdout', 'spinner\r')])).toBe('spinner\n');
  });

  it('is empty for no output, or only blank output', () => {
    expect(outputText([])).toBe('');
    expect(outputText([out('stdout', '\n  \n'), { type: 'execute_result', data: { 'text/plain': '' }, metadata: {}, executionCount: 1 }])).toBe('');
  });

  it('keeps leading blank lines and indentation', () => {
    expect(outputText([out('stdout', '\n  indented\n')])).toBe('\n  indented\n');
  });
});
