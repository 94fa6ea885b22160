import { escapeHtml } from '../display/html.ts';
import type { Block, Notebook } from '../notebook/format/types.ts';
import type { NotebookReport } from '../notebook/run/report.ts';
import { engineLabel } from '../notebook/run/engine-reports.ts';
import { renderCell } from './cell.ts';
import { headingEnv, type Heading } from './headings.ts';
import { judgingNote } from './judging.ts';
import { layout } from './layout.ts';
import { renderMarkdown } from './markdown.ts';
import { guideSkips, renderSkips } from './skipped.ts';
import { notebookStaleness } from './stale.ts';

/** A link to a neighbouring page. */
export interface PageLink {
  href: string;
  title: string;
}

/** The pages around this one, the chapter sidebar, and where the notebook's own files are. */
export interface PageNav {
  previous?: PageLink;
  next?: PageLink;
  /** The chapter sidebar's HTML (sidebar()), on every page of a guide. */
  sidebar?: string;
  /** The notebook as Markdown and as Jupyter `.ipynb`, relative to the page (`notebooks/01-images.md`). */
  downloads?: { md: string; ipynb: string };
  /** Each engine's last run of this notebook (readEngineReports): the page says which engines verified it. */
  engines?: NotebookReport[];
}

/** Which engines the chapter was verified on: each engine's last run, its counts and when. */
function verifiedOn(engines: NotebookReport[] | undefined): string {
  if (!engines?.length) return '';
  const items = engines.map((r) => {
    const mark = r.failed === 0 && r.passed > 0 ? '✓' : '✗';
    return (
      `<li class="${mark === '✓' ? 'ok' : 'bad'}">${mark} ${escapeHtml(engineLabel(r))}: ${r.passed} passed, ` +
      `${r.failed} failed, ${r.skipped} skipped <span class="when">(${escapeHtml(r.startedAt)})</span></li>`
    );
  });
  return `<div class="engines"><p class="meta">Verified on:</p><ul class="meta">${items.join('')}</ul></div>`;
}

function pager(nav: PageNav): string {
  const previous = nav.previous
    ? `<a rel="prev" href="${escapeHtml(nav.previous.href)}">← ${escapeHtml(nav.previous.title)}</a>`
    : '<span></span>';
  const next = nav.next
    ? `<a rel="next" href="${escapeHtml(nav.next.href)}">${escapeHtml(nav.next.title)} →</a>`
    : '<span></span>';
  const chapters = nav.sidebar ? ' <a class="to-chapters" href="#chapters">Chapters and search</a>' : '';
  return `<nav class="pager">${previous}<span><a href="index.html">Contents</a>${chapters}</span>${next}</nav>`;
}

/** The page's table of contents: its sections (h2, h3 nested), or nothing when it has none. */
function contents(headings: Heading[]): string {
  const items: string[] = [];
  let open = false;
  for (const h of headings.filter((h) => h.level === 2 || h.level === 3)) {
    const link = `<a href="#${escapeHtml(h.id)}">${escapeHtml(h.text)}</a>`;
    if (h.level === 3 && open) items.push(`<li class="sub">${link}</li>`);
    else {
      items.push(`<li>${link}</li>`);
      open = true;
    }
  }
  return items.length
    ? `<nav class="toc" id="contents" aria-label="On this page"><details open><summary>On this page</summary>` +
        `<ul>${items.join('')}</ul></details></nav>`
    : '';
}

/** The notebook's title, from its first `# heading` (taken out of the prose, so it shows once) or its header. */
function titleOf(notebook: Notebook): { title: string; blocks: Block[] } {
  const [first, ...rest] = notebook.blocks;
  const match = first?.kind === 'markdown' ? /^\s*# +(.+?)[ #]*\n/.exec(`${first.text}\n`) : null;
  if (!first || first.kind !== 'markdown' || !match) return { title: notebook.meta.title, blocks: notebook.blocks };
  return { title: match[1]!, blocks: [{ ...first, text: first.text.slice(match[0].length) }, ...rest] };
}

/**
 * One notebook as a guide page: its title once, its prose with anchored headings and shown
 * cells in order, each cell's last output and status (from `report` when the notebook ran),
 * how outputs are compared (a link to the rules and the notebook's own normalizers), every
 * skipped cell listed at the top with its file:line and why, whether the run is stale, a table
 * of its sections, downloads of the notebook, previous/next links and the chapter sidebar.
 *
 * @example
 * renderNotebookPage(readNotebook('notebooks/01-images-and-containers.md'), report, { next: { href:
 * '02-dockerfile.html', title: 'Building an image' } });
 */
export function renderNotebookPage(notebook: Notebook, report: NotebookReport | undefined, nav: PageNav = {}): string {
  const env = headingEnv();
  const { title, blocks } = titleOf(notebook);
  const h1 = renderMarkdown(`# ${title}`, false, env);
  const html = blocks.map((block) => {
    if (block.kind === 'markdown') return renderMarkdown(block.text, false, env);
    return block.cell.options.hide ? '' : renderCell(block.cell, report);
  });
  const ran = report
    ? `<p class="meta">Last run ${escapeHtml(report.startedAt)} on ` +
      `${escapeHtml(engineLabel(report))}: ${report.passed} passed, ${report.failed} ` +
      `failed, ${report.skipped} skipped.</p>`
    : '<p class="meta">Not run yet: the outputs shown are the expected ones.</p>';
  const stale = notebookStaleness(notebook, report);
  const downloads = nav.downloads
    ? `<p class="downloads">This notebook: <a href="${escapeHtml(nav.downloads.md)}" download>Markdown ` +
      `(.md)</a> · <a href="${escapeHtml(nav.downloads.ipynb)}" download>Jupyter (.ipynb)</a></p>`
    : '';
  const body = [
    pager(nav),
    h1,
    ran,
    verifiedOn(nav.engines),
    stale ? `<div class="reason stale-reason"><p>Stale: ${escapeHtml(stale)}.</p></div>` : '',
    downloads,
    judgingNote(notebook.meta.normalizers),
    renderSkips(guideSkips(notebook, report)),
    contents(env.headings),
    ...html.filter(Boolean),
    pager(nav),
  ].filter(Boolean);
  return layout(title, body.join('\n'), nav.sidebar);
}
