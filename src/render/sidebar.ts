import { escapeHtml } from '../display/html.ts';

/** A chapter as the sidebar lists it: its page, title and how its last run went. */
export interface SidebarChapter {
  href: string;
  title: string;
  /** `passed`, `failed`, `skipped`, `not run`, as the index shows it. */
  status: string;
  /** Why its last run may be out of date, if it may. */
  stale?: string | undefined;
}

/**
 * The chapter sidebar every page carries (`<nav id="chapters">`): the guide's title linking to
 * the index, a search box (hidden until the page's script shows it: without JavaScript there
 * is nothing to search with), and the chapters in order, each with its status, `current` marked.
 *
 * @example
 * sidebar('The Docker course', [{ href: '01-images.html', title: 'Images', status: 'passed' }], '01-images.html');
 */
export function sidebar(title: string, chapters: SidebarChapter[], current = ''): string {
  const items = chapters.map((c) => {
    const here = c.href === current ? ' aria-current="page"' : '';
    const status = c.status.replace(' ', '-');
    return (
      `<li><a href="${escapeHtml(c.href)}"${here}>${escapeHtml(c.title)}</a> ` +
      `<span class="badge ${status}" title="last run: ${escapeHtml(c.status)}">${statusMark(c.status)}</span>` +
      (c.stale ? ` <span class="badge stale-badge" title="${escapeHtml(c.stale)}">stale</span>` : '') +
      '</li>'
    );
  });
  return [
    '<nav class="sidebar" id="chapters" aria-label="Chapters">',
    `<a class="home" href="index.html"${current === 'index.html' ? ' aria-current="page"' : ''}>` +
      `${escapeHtml(title)}</a>`,
    '<form class="search" id="search" role="search" hidden><label>Search the course ' +
      '<input type="search" name="q" autocomplete="off" placeholder="words, commands, outputs…"></label></form>',
    '<ol class="search-results" id="search-results" aria-live="polite"></ol>',
    `<ol>${items.join('')}</ol>`,
    '<p class="meta"><a href="judging.html">How each cell is judged</a></p>',
    '</nav>',
  ].join('\n');
}

/** A chapter's status as one mark: ✓ passed, ✗ failed, – skipped, ? not run. */
function statusMark(status: string): string {
  return ({ passed: '✓', failed: '✗', skipped: '–' } as Record<string, string>)[status] ?? '?';
}
