import { describe, expect, it } from 'vitest';
import { isDockbookError } from '../../../src/errors.ts';
import { applyNotebookNormalizers, type NotebookNormalizer } from '../../../src/notebook/verify/normalize.ts';

/** The refusal's message, or undefined when the normalizer is accepted. */
function refusal(text: string, normalizer: NotebookNormalizer): string | undefined {
  try {
    applyNotebookNormalizers(text, [normalizer]);
    return undefined;
  } catch (error) {
    expect(isDockbookError(error, 'INVALID_ARGUMENT')).toBe(true);
    return (error as Error).message;
  }
}

describe('applyNotebookNormalizers', () => {
  it('applies each normalizer to every match, in order, with its flags', () => {
    const extra = [
      { pattern: 'request #\\d+', replacement: 'request #<n>' },
      { pattern: 'WEB', flags: 'i', replacement: 'site' },
    ];
    expect(applyNotebookNormalizers('request #12 and request #13 to web-3f2a1c9d\n', extra)).toBe(
      'request #<n> and request #<n> to site-3f2a1c9d\n',
    );
    expect(applyNotebookNormalizers('v=1 v=2', [{ pattern: 'v=(\\d)', flags: 'g', replacement: '<$1>' }])).toBe(
      '<1> <2>',
    );
    expect(applyNotebookNormalizers('took 3 tries', [{ pattern: '\\d+ tries', replacement: '<n> tries' }])).toBe(
      'took <n> tries',
    );
    expect(applyNotebookNormalizers('unchanged', [])).toBe('unchanged');
  });

  it('refuses a normalizer that would rewrite an exit status, naming it and what it touched', () => {
    expect(refusal('[exit 137]\n', { pattern: '137', replacement: '0' })).toBe(
      '[normalize] /137/: this notebook normalizer rewrites "[exit 137]", and exit statuses, error codes and status ' +
        "words are claims that are compared as written. Narrow the pattern in the notebook's `normalizers` front " +
        'matter so that it leaves them alone. (dockbook run NOTEBOOK.md)',
    );
    for (const pattern of [
      '\\[exit \\d+\\]',
      'exit \\d+',
      '\\d+',
      '\\]',
      'code \\d',
      '\\(\\d+\\)',
      'Exited \\(\\d+\\)',
    ]) {
      expect(refusal('hello\n', { pattern, replacement: 'N' }), pattern).toMatch(
        /rewrites "(\[exit \d+\]|exit code \d+|\(exit \d+\)|Exited \(\d+\))"/,
      );
    }
  });

  it("refuses one that would rewrite an error code, dockbook's or any UPPER_SNAKE one", () => {
    expect(refusal('hello\n', { pattern: 'FOUND', replacement: 'X' })).toMatch(/rewrites "NOT_FOUND"/);
    expect(refusal('code ERR_INVALID_ARG_TYPE\n', { pattern: 'ARG_TYPE', replacement: 'X' })).toMatch(
      /rewrites "ERR_INVALID_ARG_TYPE"/,
    );
    expect(refusal('hello\n', { pattern: '[A-Z_]{6,}', replacement: 'CODE' })).toMatch(/rewrites "[A-Z_]+"/);
  });

  it('refuses one that would rewrite a status word', () => {
    for (const [pattern, word] of [
      ['Up', 'Up'],
      ['unning', 'running'],
      ['true|false', 'true'],
      ['passed', 'passed'],
      ['fail\\w*', 'failed'],
      ['cached', 'cached'],
      ['built', 'built'],
      ['err\\w+', 'error'],
    ]) {
      expect(refusal('hello\n', { pattern: pattern!, replacement: 'X' }), pattern).toContain(`rewrites "${word}"`);
    }
    // Also when the word is only in the text being normalized.
    expect(refusal('container healthy\n', { pattern: 'heal\\w+', replacement: 'X' })).toContain('rewrites "healthy"');
  });

  it('accepts harmless normalizers, next to protected text', () => {
    expect(applyNotebookNormalizers('request #12 [exit 0]\n', [{ pattern: '#\\d+', replacement: '#n' }])).toBe(
      'request #n [exit 0]\n',
    );
    expect(applyNotebookNormalizers('Up 3 seconds, pid 4242\n', [{ pattern: 'pid \\d+', replacement: 'pid N' }])).toBe(
      'Up 3 seconds, pid N\n',
    );
    expect(applyNotebookNormalizers('hello NOT_FOUND\n', [{ pattern: 'hello', replacement: 'hi' }])).toBe(
      'hi NOT_FOUND\n',
    );
  });

  it('rejects a normalizer that is not a regex, naming it', () => {
    expect(refusal('x', { pattern: '(unclosed', replacement: '' })).toMatch(
      /^\[normalize\] \/\(unclosed\/.*Unterminated group.*normalizers/,
    );
  });
});
