import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { readEngineReports } from '../notebook/run/engine-reports.ts';
import { findNotebooks } from '../notebook/find.ts';
import { readNotebook } from '../notebook/format/parse.ts';
import type { Notebook } from '../notebook/format/types.ts';
import type { NotebookReport } from '../notebook/run/report.ts';
import { packageRoot } from '../paths.ts';
import { conceptCells, readClaims } from '../notebook/concepts/concepts.ts';
import { renderIndex, type Chapter, type ConceptRow } from './index-page.ts';
import { JUDGING_PAGE, renderJudgingPage } from './judging.ts';
import { CLIENT_JS, CLIENT_SCRIPT, SEARCH_INDEX_SCRIPT } from './client.ts';
import { writeDownloads } from './downloads.ts';
import { renderNotebookPage } from './page.ts';
import { searchEntries, searchIndexScript, type SearchEntry } from './search.ts';
import { sidebar } from './sidebar.ts';
import { guideSkips } from './skipped.ts';
import { notebookStaleness, staleReason } from './stale.ts';
import { nonEmptyString, string } from '../validate/shape.ts';
import { checkArgs, signature } from '../validate/signature.ts';

/** What renderGuide() takes, checked at its entry: before any notebook is read or page written. */
export const RENDER_GUIDE_SIGNATURE = signature({
  operation: 'renderGuide',
  ctx: false,
  params: [],
  options: {
    notebooksDir: nonEmptyString,
    reportsDir: nonEmptyString,
    enginesDir: nonEmptyString,
    outDir: nonEmptyString,
    title: string,
  },
  command: 'dockbook render',
});

export interface RenderOptions {
  /** The notebooks (`NN-topic.md`) and their README.md. Default: `<package>/notebooks`. */
  notebooksDir?: string;
  /** Where `dockbook run` left `<name>.json` reports. Default: `<package>/reports/notebooks`. */
  reportsDir?: string;
  /**
   * Where each engine's last run of each notebook is (`<engine>/<name>.json`, writeEngineReports): the chapters say
   * which engines they were verified on. Default: `<package>/reports/engines`.
   */
  enginesDir?: string;
  /** Where the guide goes. Default: `<package>/site`. */
  outDir?: string;
  /** The index page's title. Default: `'The Docker course'`. */
  title?: string;
}

/** What was written: the site folder and its pages, index first. */
export interface RenderResult {
  outDir: string;
  pages: string[];
  toString(): string;
}

function readReport(path: string): NotebookReport | undefined {
  return existsSync(path) ? (JSON.parse(readFileSync(path, 'utf8')) as NotebookReport) : undefined;
}

/**
 * Renders the notebooks into a static HTML guide: `index.html` (chapters, every cell the last
 * run skipped with its file:line and why, and the concept index: README.md's claims, each
 * linked to the cells that name it), one `<name>.html` per notebook, with each cell's last run
 * from its report, and `judging.html`: how outputs are compared (the rules every page links to).
 * Every page has the chapter sidebar and search; beside them go `search-index.js` (prose, code
 * and outputs), `guide.js` (search and copy buttons), and each notebook as `notebooks/<name>.md`
 * and `ipynb/<name>.ipynb`. The pages load nothing from outside and work from file://.
 *
 * @example
 * const { pages } = renderGuide({ outDir: 'site' }); // ['site/index.html', 'site/01-images-and-containers.html', …]
 */
export function renderGuide(options: RenderOptions = {}): RenderResult {
  checkArgs(RENDER_GUIDE_SIGNATURE, arguments);
  const {
    notebooksDir = join(packageRoot, 'notebooks'),
    reportsDir = join(packageRoot, 'reports', 'notebooks'),
    enginesDir = join(packageRoot, 'reports', 'engines'),
    outDir = join(packageRoot, 'site'),
    title = 'The Docker course',
  } = options;
  const entries = findNotebooks(notebooksDir).map((file) => {
    const name = basename(file, '.md');
    return {
      name,
      notebook: readNotebook(file),
      report: readReport(join(reportsDir, `${name}.json`)),
      engines: readEngineReports(enginesDir, name),
    };
  });
  mkdirSync(outDir, { recursive: true });
  const chapters: Chapter[] = entries.map(({ name, notebook, report }) => {
    const stale = notebookStaleness(notebook, report);
    return {
      name,
      title: notebook.meta.title,
      concepts: notebook.meta.concepts,
      status: chapterStatus(report),
      skipped: guideSkips(notebook, report, `${name}.html`),
      ...(stale ? { stale } : {}),
    };
  });
  const side = (current: string) =>
    sidebar(
      title,
      chapters.map((c) => ({ href: `${c.name}.html`, title: c.title, status: c.status, stale: c.stale })),
      current,
    );
  const pages: string[] = [];
  const search: SearchEntry[] = [];
  const write = (file: string, html: string, pageTitle: string) => {
    writeFileSync(join(outDir, file), html);
    pages.push(join(outDir, file));
    search.push(...searchEntries(file, html, pageTitle));
  };
  entries.forEach(({ name, notebook, report, engines }, i) => {
    const link = (e: (typeof entries)[number] | undefined) =>
      e && { href: `${e.name}.html`, title: e.notebook.meta.title };
    const html = renderNotebookPage(notebook, report, {
      previous: link(entries[i - 1]),
      next: link(entries[i + 1]),
      sidebar: side(`${name}.html`),
      downloads: writeDownloads(outDir, name, notebook),
      engines,
    });
    write(`${name}.html`, html, notebook.meta.title);
  });
  const readme = join(notebooksDir, 'README.md');
  const claims = existsSync(readme) ? readClaims(readFileSync(readme, 'utf8')) : new Map<string, string>();
  const cells = conceptCells(entries.map((e) => e.notebook));
  const byFile = new Map(entries.map((e) => [basename(e.notebook.path), e]));
  const concepts: ConceptRow[] = [...claims].sort().map(([id, claim]) => ({
    id,
    claim,
    cells: (cells.get(id) ?? []).map((c) => ({ ...c, status: cellStatus(byFile.get(c.notebook), c.cell) })),
  }));
  write(JUDGING_PAGE, renderJudgingPage(side(JUDGING_PAGE)), 'How each cell is judged');
  write('index.html', renderIndex(title, chapters, concepts, side('index.html')), title);
  pages.unshift(pages.pop()!);
  writeFileSync(join(outDir, SEARCH_INDEX_SCRIPT), searchIndexScript(search));
  writeFileSync(join(outDir, CLIENT_SCRIPT), CLIENT_JS);
  return { outDir, pages, toString: () => `rendered ${pages.length} pages into ${outDir}` };
}

/** A chapter's status: `failed` when a cell failed, `skipped` when none ran, `not run` without a report. */
function chapterStatus(report: NotebookReport | undefined): Chapter['status'] {
  if (!report) return 'not run';
  if (report.failed > 0) return 'failed';
  return report.passed === 0 && report.skipped > 0 ? 'skipped' : 'passed';
}

/** How a cell's last run went, `stale` when the notebook changed since; `not run` without a report. */
function cellStatus(entry: { notebook: Notebook; report?: NotebookReport } | undefined, index: number) {
  const cell = entry?.notebook.cells.find((c) => c.index === index);
  const run = entry?.report?.cells.find((c) => c.index === index);
  if (!cell || !run) return 'not run';
  return staleReason(cell, run) ? 'stale' : run.status;
}
