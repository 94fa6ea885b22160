import { escapeHtml } from '../display/html.ts';
import type { CodeCell } from '../notebook/format/types.ts';
import { describeSkip, type CellReport, type NotebookReport } from '../notebook/run/report.ts';
import { highlightTypeScript } from './highlight.ts';

/** A comment line naming the docker command a cell mirrors: `// $ docker run busybox`. */
const MIRROR = /^[ \t]*\/\/[ \t]*\$[ \t]*(docker\b.*?)[ \t]*$/;

/** Splits shown code into the docker commands it mirrors and the code itself. */
export function splitMirrors(shown: string): { mirrors: string[]; code: string } {
  const mirrors: string[] = [];
  const code = shown
    .split(/(?<=\n)/)
    .filter((line) => {
      const match = MIRROR.exec(line.replace(/\n$/, ''));
      if (match) mirrors.push(match[1]!);
      return !match;
    })
    .join('');
  return { mirrors, code };
}

/** What the guide says about a cell's last run. */
interface Verdict {
  status: CellReport['status'] | 'not run';
  output: string | undefined;
  ran?: string;
  engine?: string;
  /** Why a skipped cell did not run (`marked skip: needs a registry`). */
  why?: string;
  /** Why a failed cell failed: the runner's message and diff. */
  failure?: string;
}

/**
 * The cell's last verified output: the report's when the notebook ran, else the expected block.
 * A skipped cell shows its expected block, with why it did not run.
 */
export function verdict(cell: CodeCell, report: NotebookReport | undefined): Verdict {
  const run = report?.cells.find((c) => c.index === cell.index);
  if (!report || !run) return { status: 'not run', output: cell.expected?.text };
  if (run.status === 'skipped')
    return { status: 'skipped', output: cell.expected?.text, why: describeSkip(run, report) };
  const failure =
    run.status === 'failed' ? [run.message ?? run.reason, run.diff].filter(Boolean).join('\n') : undefined;
  return {
    status: run.status,
    output: run.actual,
    ran: report.startedAt,
    engine: report.engineVersion,
    ...(failure ? { failure } : {}),
  };
}

/**
 * A code cell as HTML (`<section id="cell-N">`): the docker commands it mirrors, the
 * highlighted code without hidden lines, its last output and status, when and where it ran,
 * why it failed (the runner's message and diff), and whether its output is compared.
 * Every piece of code and output is escaped.
 *
 * @example
 * renderCell(notebook.cells[0]!, report); // '<section class="cell" id="cell-1">…'
 */
export function renderCell(cell: CodeCell, report: NotebookReport | undefined): string {
  const { mirrors, code } = splitMirrors(cell.shown);
  const v = verdict(cell, report);
  const badge = `<span class="badge ${v.status.replace(' ', '-')}">${v.status}</span>`;
  const when = v.ran ? ` ran ${escapeHtml(v.ran)} on Docker Engine ${escapeHtml(v.engine ?? 'unknown')}` : '';
  const why = v.why
    ? ` <span ` +
      `class="why">${escapeHtml(v.why)}${
        v.output ? ' (the output shown is the ' + 'expected one, not verified)' : ''
      }</span>`
    : '';
  const concepts = cell.options.concepts.length ? ` · ${escapeHtml(cell.options.concepts.join(', '))}` : '';
  return [
    `<section class="cell" id="cell-${cell.index}">`,
    ...mirrors.map((m) => `<p class="mirrors">mirrors: <code>${escapeHtml(m)}</code></p>`),
    `<pre class="code"><code>${highlightTypeScript(code)}</code></pre>`,
    v.output ? `<pre class="output"><code>${escapeHtml(v.output)}</code></pre>` : '',
    cell.options.ignoreOutput
      ? '<p class="meta unclaimed">output not compared: it is not part of this cell\'s claim ' +
        '(<code>output="ignore"</code>)</p>'
      : '',
    v.failure ? `<pre class="failure"><code>${escapeHtml(v.failure)}</code></pre>` : '',
    `<p class="meta"><a href="#cell-${cell.index}">cell ${cell.index}</a>${concepts} ${badge}${why}${when}</p>`,
    '</section>',
  ]
    .filter(Boolean)
    .join('\n');
}
