import { escapeHtml } from '../display/html.ts';
import type { Notebook } from '../notebook/format/types.ts';
import { skippedCells, type NotebookReport, type SkippedCell } from '../notebook/run/report.ts';

/** A skipped cell as the guide lists it: where, why, and its anchor when the guide shows the cell. */
export interface GuideSkip extends SkippedCell {
  /** The notebook's title. */
  title: string;
  /** `02-dockerfile.html#cell-3` (or `#cell-3` on the notebook's own page); none for a hidden cell. */
  href?: string;
}

/**
 * The skipped cells of a notebook's last run, linked to `page` (its `.html`, or `''` for
 * anchors on the page itself). None when the notebook has no report.
 *
 * @example
 * guideSkips(notebook, report, '08-sharing.html'); // [{ index: 3, location: 'notebooks/08-sharing.md:51', why: 'marked
 * skip: …', href: '08-sharing.html#cell-3', … }]
 */
export function guideSkips(notebook: Notebook, report: NotebookReport | undefined, page = ''): GuideSkip[] {
  if (!report) return [];
  const shown = new Set(notebook.cells.filter((cell) => !cell.options.hide).map((cell) => cell.index));
  return skippedCells(report).map((skip) => ({
    ...skip,
    title: notebook.meta.title,
    ...(shown.has(skip.index) ? { href: `${page}#cell-${skip.index}` } : {}),
  }));
}

/**
 * The list of skipped cells (`<div class="skipped-cells">`): each one's link, file:line and
 * why; empty when there are none. `withTitle` names each cell's notebook (for the index).
 *
 * @example
 * renderSkips(guideSkips(notebook, report)); // '<div class="skipped-cells"><p>1 cell was skipped …'
 */
export function renderSkips(skips: GuideSkip[], withTitle = false): string {
  if (skips.length === 0) return '';
  const items = skips.map((skip) => {
    const name = escapeHtml(`${withTitle ? `${skip.title}, ` : ''}cell ${skip.index}`);
    const link = skip.href ? `<a href="${escapeHtml(skip.href)}">${name}</a>` : `${name} (hidden)`;
    return `<li>${link} <code>${escapeHtml(skip.location)}</code>: ${escapeHtml(skip.why)}</li>`;
  });
  const count = skips.length === 1 ? '1 cell was skipped' : `${skips.length} cells were skipped`;
  return (
    `<div class="skipped-cells"><p>${count} in the last run, so ` +
    `what ${skips.length === 1 ? 'it claims was' : 'they claim was'} not ` +
    `verified:</p><ul>${items.join('')}</ul></div>`
  );
}
