import { describe, expect, it } from 'vitest';
import { isJupyterLanguage } from '../../../src/notebook/format/languages.ts';

describe('isJupyterLanguage', () => {
  it("knows the fences Jupytext's md format turns into code cells, as written or in capitals", () => {
    expect(['typescript', 'sh', 'bash', 'js', 'python', 'html', 'go', 'SH', 'R'].map(isJupyterLanguage)).toEqual(
      Array(9).fill(true),
    );
    expect(
      ['ts', 'dockerfile', 'console', 'shell', 'text', 'json', 'yaml', 'output', 'Sh', ''].map(isJupyterLanguage),
    ).toEqual(Array(10).fill(false));
  });
});
