import { describe, expect, it } from 'vitest';
import { highlight, languageLabel } from '../../src/render/highlight.ts';

/** The text a browser would show: tags dropped, entities decoded. */
const text = (html: string) =>
  html
    .replace(/<[^>]+>/g, '')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&#x27;|&#39;/g, "'")
    .replace(/&amp;/g, '&');

describe('highlight', () => {
  it('marks TypeScript keywords, strings, comments and numbers', () => {
    const html = highlight("const n = await run('busybox', 42); // go\n/* block */", 'typescript');
    expect(html).toContain('<span class="hljs-keyword">const</span>');
    expect(html).toContain('<span class="hljs-keyword">await</span>');
    expect(html).toMatch(/<span class="hljs-string">(&#x27;|&#39;)busybox(&#x27;|&#39;)<\/span>/);
    expect(html).toContain('<span class="hljs-number">42</span>');
    expect(html).toContain('<span class="hljs-comment">// go</span>');
    expect(html).toContain('<span class="hljs-comment">/* block */</span>');
  });

  it('highlights every language of the course: Dockerfile, shell, JSON (by parsing it) and YAML', () => {
    expect(highlight('FROM node\nCMD ["node", "server.js"]', 'dockerfile')).toContain(
      '<span class="hljs-keyword">FROM</span>',
    );
    expect(highlight('docker run --rm busybox echo "$HOME"', 'sh')).toContain(
      '<span class="hljs-variable">$HOME</span>',
    );
    expect(highlight('[{"Id": 1, "ok": true}]')).toContain('<span class="hljs-attr">&quot;Id&quot;</span>');
    expect(highlight('services:\n  web:\n    image: goals', 'yaml')).toContain(
      '<span class="hljs-attr">services:</span>',
    );
    expect(languageLabel('dockerfile')).toBe('Dockerfile');
    expect(languageLabel('typescript')).toBe('TypeScript');
  });

  it('leaves output and text no language fits unhighlighted, only escaped', () => {
    expect(highlight('hello <world>', 'output')).toBe('hello &lt;world&gt;');
    expect(highlight('just some words')).toBe('just some words');
  });

  it('escapes everything, in and out of tokens', () => {
    const code = 'const a = "<script>alert(1)</script>"; x < y && y > z; `<b>${a}</b>` // <i>';
    const html = highlight(code, 'typescript');
    expect(html).not.toMatch(/<(script|b|i)>/);
    expect(html).toContain('&lt;script&gt;');
    expect(text(html)).toBe(code);
  });

  it('keeps every character, even in unterminated strings and comments', () => {
    for (const code of ["'open", '/* open', '`multi\nline`', 'a\\b"\\"q"', '0x1F 1_000 2.5e3 10n']) {
      expect(text(highlight(code, 'typescript'))).toBe(code);
    }
    for (const code of ['{"a": ', 'RUN echo "<x>"', "echo $((1+2)) '<b>'"]) expect(text(highlight(code))).toBe(code);
  });
});
