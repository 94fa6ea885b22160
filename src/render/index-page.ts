import { escapeHtml } from '../display/html.ts';
import type { ConceptCell } from '../notebook/concepts/concepts.ts';
import { anchoredHeading } from './headings.ts';
import { layout } from './layout.ts';
import { renderMarkdown } from './markdown.ts';
import { renderSkips, type GuideSkip } from './skipped.ts';

/** A cell that proves a concept, with how its last run went (`stale` when the notebook changed since). */
export interface ProvingCell extends ConceptCell {
  status?: 'passed' | 'failed' | 'skipped' | 'not run' | 'stale';
}

/** A row of the concept index: the claim (Markdown) and the cells that prove it. */
export interface ConceptRow {
  id: string;
  claim: string;
  cells: ProvingCell[];
}

/**
 * A concept's status from its cells' last runs: `proven` when every cell passed, else the
 * worst of them (`failed`, `stale`, `skipped`, `not run`); `no cell` when none names it.
 *
 * @example
 * conceptStatus([{ notebook: '01-images.md', cell: 2, line: 41, status: 'passed' }]); // 'proven'
 */
export function conceptStatus(cells: ProvingCell[]): string {
  if (cells.length === 0) return 'no cell';
  for (const worst of ['failed', 'stale', 'skipped', 'not run'] as const)
    if (cells.some((c) => (c.status ?? 'not run') === worst)) return worst;
  return 'proven';
}

const CONCEPT_BADGE: Record<string, string> = {
  proven: 'passed',
  failed: 'failed',
  stale: 'stale-badge',
  skipped: 'skipped',
  'not run': 'not-run',
  'no cell': 'not-run',
};

/** A chapter in the list: its page, its title, and how its last run went. */
export interface Chapter {
  name: string;
  title: string;
  concepts: string[];
  /** `failed` when a cell failed, `skipped` when no cell ran, `passed` otherwise; `not run` without a report. */
  status: 'passed' | 'failed' | 'skipped' | 'not run';
  /** The cells the last run skipped, with where and why. */
  skipped?: GuideSkip[];
  /** Why its last run may be out of date (the notebook changed since), if it may. */
  stale?: string;
}

/**
 * The guide's front page: the chapter list (with how many cells each last run skipped), every
 * skipped cell with its file:line and why, and the concept index, each concept linking to the
 * cell that proves it (`02-dockerfile.html#cell-3`) and showing whether the last run proved it.
 *
 * @example
 * renderIndex('Docker course', chapters, [{ id: 'C01', claim: 'An image is a template', cells: [{ notebook:
 * '01-images.md', cell: 2, line: 41 }] }]);
 */
export function renderIndex(title: string, chapters: Chapter[], concepts: ConceptRow[], sidebar = ''): string {
  const list = chapters.map((c) => {
    const status = `<span class="badge ${c.status.replace(' ', '-')}">${c.status}</span>`;
    const covers = c.concepts.length ? ` — ${escapeHtml(c.concepts.join(', '))}` : '';
    const skipped =
      c.status !== 'skipped' && c.skipped?.length
        ? ` <span class="badge skipped">${c.skipped.length} skipped</span>`
        : '';
    const stale = c.stale ? ` <span class="badge stale-badge" title="${escapeHtml(c.stale)}">stale</span>` : '';
    const link = `<a href="${escapeHtml(c.name)}.html">${escapeHtml(c.title)}</a>`;
    return `<li>${link}${covers} ${status}${skipped}${stale}</li>`;
  });
  const skips = chapters.flatMap((c) => c.skipped ?? []);
  const rows = concepts.map((row) => {
    const links = row.cells.map((p) => {
      const name = p.notebook.replace(/\.md$/, '');
      const status = p.status ? ` (${p.status})` : '';
      return `<a href="${escapeHtml(name)}.html#cell-${p.cell}">${escapeHtml(name)} cell ${p.cell}</a>${status}`;
    });
    const status = conceptStatus(row.cells);
    return (
      `<tr id="${escapeHtml(row.id)}"><td>${escapeHtml(row.id)}</td>` +
      `<td>${renderMarkdown(row.claim, true)}</td><td><span class="badge ${CONCEPT_BADGE[status]}">${status}</span>` +
      `</td><td>${links.join(', ')}</td></tr>`
    );
  });
  const table = rows.length
    ? `${anchoredHeading('concept-index', 'Concept index')}\n` +
      `<table><thead><tr><th>ID</th><th>claim</th><th>last run</th><th>proved ` +
      `by</th></tr></thead><tbody>\n${rows.join('\n')}\n</tbody></table>`
    : '';
  const judging =
    '<p class="meta">Every output shown was produced by a real engine and compared with the notebook by <a ' +
    'href="judging.html">these rules</a>.</p>';
  return layout(
    title,
    [
      `<h1>${escapeHtml(title)}</h1>`,
      judging,
      anchoredHeading('chapter-list', 'Chapters'),
      `<ol class="chapters">${list.join('\n')}</ol>`,
      skips.length ? `${anchoredHeading('skipped-cells', 'Skipped cells')}\n${renderSkips(skips, true)}` : '',
      table,
    ].join('\n'),
    sidebar,
  );
}
