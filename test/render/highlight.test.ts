import { describe, expect, it } from 'vitest';
import { highlightTypeScript } from '../../src/render/highlight.ts';

/** The text a browser would show: tags dropped, entities decoded. */
const text = (html: string) =>
  html
    .replace(/<[^>]+>/g, '')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/&amp;/g, '&');

describe('highlightTypeScript', () => {
  it('marks keywords, strings, comments and numbers', () => {
    const html = highlightTypeScript("const n = await run('busybox', 42); // go\n/* block */");
    expect(html).toContain('<span class="k">const</span>');
    expect(html).toContain('<span class="k">await</span>');
    expect(html).toContain('<span class="s">&#39;busybox&#39;</span>');
    expect(html).toContain('<span class="n">42</span>');
    expect(html).toContain('<span class="c">// go</span>');
    expect(html).toContain('<span class="c">/* block */</span>');
    expect(html).not.toContain('<span class="k">run</span>');
  });

  it('does not highlight keywords inside strings, comments or longer names', () => {
    const html = highlightTypeScript('"if else" // return\nconstant');
    expect(html).not.toMatch(/class="k">(if|else|return|const)</);
  });

  it('escapes everything, in and out of tokens', () => {
    const code = 'const a = "<script>alert(1)</script>"; x < y && y > z; `<b>${a}</b>` // <i>';
    const html = highlightTypeScript(code);
    expect(html).not.toMatch(/<(script|b|i)>/);
    expect(html).toContain('&lt;script&gt;');
    expect(text(html)).toBe(code);
  });

  it('keeps every character, even in unterminated strings and comments', () => {
    for (const code of ["'open", '/* open', '`multi\nline`', 'a\\b"\\"q"', '0x1F 1_000 2.5e3 10n']) {
      expect(text(highlightTypeScript(code))).toBe(code);
    }
  });
});
