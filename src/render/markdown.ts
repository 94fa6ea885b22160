import MarkdownIt from 'markdown-it';
import { headingAnchors, type HeadingEnv } from './headings.ts';
import { escapeHtml } from '../display/html.ts';
import { highlight, languageLabel } from './highlight.ts';

/**
 * Markdown for the guide: raw HTML is escaped, fenced code is highlighted at render time,
 * headings get ids and anchors, and links to a chapter's `.md` go to its `.html` page.
 */
const md = new MarkdownIt({ html: false, linkify: false, highlight: fence });

/** A fenced block in prose: highlighted, and labelled with its language (`Dockerfile`) when it names one. */
function fence(code: string, lang: string): string {
  const label = languageLabel(lang);
  const name = escapeHtml(lang.trim().split(/\s/)[0]!.toLowerCase());
  const labelled = label ? ` data-lang="${escapeHtml(label)}"` : '';
  return `<pre${labelled}><code class="language-${name || 'text'}">${highlight(code, lang)}</code></pre>`;
}

md.core.ruler.push('chapter_links', (state) => {
  for (const block of state.tokens) {
    for (const token of block.children ?? []) {
      const href = token.type === 'link_open' ? String(token.attrGet('href') ?? '') : '';
      if (href && !/^[a-z]+:|^\/|^#/i.test(href)) token.attrSet('href', chapterHref(href));
    }
  }
});
md.use(headingAnchors);

/** `02-dockerfile.md#L74` → `02-dockerfile.html`; other relative links are left alone. */
export function chapterHref(href: string): string {
  const match = /^([^/#?]+)\.md(?:#.*)?$/.exec(href);
  return match ? `${match[1]}.html` : href;
}

/**
 * Renders guide prose (a block, or inline text such as a table cell) to HTML. With `env`
 * (a page's headingEnv()), headings get ids unique on the page and are collected in it.
 *
 * @example
 * renderMarkdown('See [the next chapter](02-dockerfile.md).'); // '<p>See <a href="02-dockerfile.html">…'
 */
export function renderMarkdown(text: string, inline = false, env?: HeadingEnv): string {
  return inline ? md.renderInline(text) : md.render(text, env ? { ...env } : {});
}
