import { escapeHtml } from '../display/html.ts';
import type { Notebook } from '../notebook/format/types.ts';
import type { NotebookReport } from '../notebook/run/report.ts';
import { renderCell, splitMirrors } from './cell.ts';
import { judgingNote } from './judging.ts';
import { layout } from './layout.ts';
import { renderMarkdown } from './markdown.ts';
import { guideSkips, renderSkips } from './skipped.ts';

/** A link to a neighbouring page. */
export interface PageLink {
  href: string;
  title: string;
}

/** The pages around this one. */
export interface PageNav {
  previous?: PageLink;
  next?: PageLink;
}

function pager(nav: PageNav): string {
  const previous = nav.previous
    ? `<a rel="prev" href="${escapeHtml(nav.previous.href)}">← ${escapeHtml(nav.previous.title)}</a>`
    : '<span></span>';
  const next = nav.next
    ? `<a rel="next" href="${escapeHtml(nav.next.href)}">${escapeHtml(nav.next.title)} →</a>`
    : '<span></span>';
  return `<nav class="pager">${previous}<a href="index.html">Contents</a>${next}</nav>`;
}

/** The table of contents: one entry per shown cell, named by its concepts and the command it mirrors. */
function contents(notebook: Notebook): string {
  const items = notebook.cells
    .filter((cell) => !cell.options.hide)
    .map((cell) => {
      const mirror = splitMirrors(cell.shown).mirrors[0];
      const label = [`cell ${cell.index}`, cell.options.concepts.join(', '), mirror ?? ''].filter(Boolean).join(' · ');
      return `<li><a href="#cell-${cell.index}">${escapeHtml(label)}</a></li>`;
    });
  return items.length
    ? `<details class="toc" open><summary>On this page</summary><ul>${items.join('')}</ul></details>`
    : '';
}

/**
 * One notebook as a guide page: its prose and shown cells in order, each cell's last output
 * and status (from `report` when the notebook ran), how outputs are compared (a link to the
 * rules and the notebook's own normalizers), every skipped cell listed at the top with its
 * file:line and why, a table of contents, and previous/next links.
 *
 * @example
 * renderNotebookPage(readNotebook('notebooks/01-images-and-containers.md'), report, { next: { href:
 * '02-dockerfile.html', title: 'Building an image' } });
 */
export function renderNotebookPage(notebook: Notebook, report: NotebookReport | undefined, nav: PageNav = {}): string {
  const title = notebook.meta.title;
  const blocks = notebook.blocks.map((block) => {
    if (block.kind === 'markdown') return renderMarkdown(block.text);
    return block.cell.options.hide ? '' : renderCell(block.cell, report);
  });
  const ran = report
    ? `<p class="meta">Last run ${escapeHtml(report.startedAt)} on Docker ` +
      `Engine ${escapeHtml(report.engineVersion)}: ${report.passed} passed, ${report.failed} ` +
      `failed, ${report.skipped} skipped.</p>`
    : '<p class="meta">Not run yet: the outputs shown are the expected ones.</p>';
  const body = [
    pager(nav),
    `<h1>${escapeHtml(title)}</h1>`,
    ran,
    judgingNote(notebook.meta.normalizers),
    renderSkips(guideSkips(notebook, report)),
    contents(notebook),
    ...blocks.filter(Boolean),
    pager(nav),
  ].join('\n');
  return layout(title, body);
}
