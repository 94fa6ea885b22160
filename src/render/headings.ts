import type MarkdownIt from 'markdown-it';

type Md = InstanceType<typeof MarkdownIt>;
import { escapeHtml } from '../display/html.ts';

/** A section heading of a page: its level, its id, and its text. */
export interface Heading {
  level: number;
  id: string;
  text: string;
}

/** What a page's Markdown renders with: the ids taken so far, and the headings met, in order. */
export interface HeadingEnv {
  ids: Set<string>;
  headings: Heading[];
}

/**
 * A fresh environment for one page; `cell-N` ids and the layout's own ids are never given to a heading.
 *
 * @example
 * const env = headingEnv();
 * renderMarkdown('## Images', false, env); // env.headings: [{ level: 2, id: 'images', text: 'Images' }]
 */
export function headingEnv(): HeadingEnv {
  return { ids: new Set(['main', 'chapters', 'search', 'contents', 'search-results']), headings: [] };
}

/**
 * The id of a heading: lower-case words joined by `-`, unique on its page (`-2`, `-3` after a
 * repeat), never one of the page's own ids.
 *
 * @example
 * slug('`FROM`: every image starts from another', headingEnv()); // 'from-every-image-starts-from-another'
 */
export function slug(text: string, env: HeadingEnv): string {
  const base =
    text
      .toLowerCase()
      .replace(/[^\p{L}\p{N}]+/gu, '-')
      .replace(/^-+|-+$/g, '') || 'section';
  let id = /^cell-\d+$/.test(base) ? `${base}-section` : base;
  for (let n = 2; env.ids.has(id); n++) id = `${base}-${n}`;
  env.ids.add(id);
  return id;
}

/**
 * A markdown-it plugin: every heading gets an id and a `#` link to itself, and is recorded in
 * the render's `env.headings` (for the page's table of contents and the search index).
 *
 * @example
 * new MarkdownIt().use(headingAnchors).render('## Images', headingEnv());
 * // '<h2 id="images">Images <a class="anchor" href="#images" aria-label="link to this section">#</a></h2>\n'
 */
export function headingAnchors(md: Md): void {
  md.core.ruler.push('heading_anchors', (state) => {
    const env = state.env as Partial<HeadingEnv>;
    if (!env.ids || !env.headings) return;
    state.tokens.forEach((token, i) => {
      if (token.type !== 'heading_open') return;
      const inline = state.tokens[i + 1]!;
      const text = (inline.children ?? []).map((t) => (t.type === 'text' || t.type === 'code_inline' ? t.content : ''));
      const id = slug(text.join(''), env as HeadingEnv);
      token.attrSet('id', id);
      env.headings!.push({ level: Number(token.tag.slice(1)), id, text: text.join('') });
      const link = new state.Token('html_inline', '', 0);
      link.content = anchorLink(id);
      inline.children = [...(inline.children ?? []), link];
    });
  });
}

/**
 * An `<h2>` with an id and a `#` link to itself, for the pages written without Markdown.
 *
 * @example
 * anchoredHeading('concept-index', 'Concept index'); // '<h2 id="concept-index">Concept index <a class="anchor" …'
 */
export function anchoredHeading(id: string, text: string): string {
  return `<h2 id="${escapeHtml(id)}">${escapeHtml(text)}${anchorLink(id)}</h2>`;
}

function anchorLink(id: string): string {
  return ` <a class="anchor" href="#${escapeHtml(id)}" aria-label="link to this section">#</a>`;
}
