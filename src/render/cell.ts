import { escapeHtml } from '../display/html.ts';
import type { CodeCell } from '../notebook/format/types.ts';
import { engineLabel } from '../notebook/run/engine-reports.ts';
import { describeSkip, type CellReport, type NotebookReport } from '../notebook/run/report.ts';
import { highlight } from './highlight.ts';
import { staleReason } from './stale.ts';

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
export interface Verdict {
  status: CellReport['status'] | 'not run';
  output: string | undefined;
  ran?: string;
  engine?: string;
  /** Why a skipped cell did not run (`marked skip: needs a registry`). */
  why?: string;
  /** Why a failed cell failed, in a line: the runner's message. */
  failure?: string;
  /** The runner's diff (expected against actual), for a failed cell whose output differed. */
  diff?: string;
  /** What was thrown with nothing to catch it, as the runner printed it. */
  lateErrors?: string[];
  /** Why the run shown may not be this cell's (the notebook changed since). */
  stale?: string;
}

/**
 * The cell's last verified output: the report's when the notebook ran, else the expected block.
 * A skipped cell shows its expected block, with why it did not run; a failed one, why it failed.
 */
export function verdict(cell: CodeCell, report: NotebookReport | undefined): Verdict {
  const run = report?.cells.find((c) => c.index === cell.index);
  if (!report || !run) return { status: 'not run', output: cell.expected?.text };
  const stale = staleReason(cell, run);
  if (run.status === 'skipped')
    return {
      status: 'skipped',
      output: cell.expected?.text,
      why: describeSkip(run, report),
      ...(stale ? { stale } : {}),
    };
  const failed = run.status === 'failed';
  const late = run.lateErrors?.map((e) => e.text).filter(Boolean) ?? [];
  return {
    status: run.status,
    output: run.actual,
    ran: report.startedAt,
    engine: engineLabel(report),
    ...(failed ? { failure: run.message ?? run.reason ?? 'no reason was recorded' } : {}),
    ...(failed && run.diff ? { diff: run.diff } : {}),
    ...(late.length ? { lateErrors: late } : {}),
    ...(stale ? { stale } : {}),
  };
}

/** The engine names a reader knows. */
const ENGINE_NAMES: Record<string, string> = { docker: 'Docker', podman: 'Podman' };

/**
 * What other engines print instead (the cell's ```` ```output engine=… ```` blocks), each labelled with its engine,
 * and, when the run shown was on such an engine, the default block as what Docker prints.
 */
function engineBlocks(cell: CodeCell, report: NotebookReport | undefined): string {
  if (!cell.variants) return '';
  const ranOn = report?.engineKind;
  const blocks = Object.values(cell.variants)
    .filter((block) => block.engine !== ranOn)
    .map((block) => [ENGINE_NAMES[block.engine!] ?? block.engine!, block.text] as const);
  if (ranOn && cell.variants[ranOn as keyof typeof cell.variants] && cell.expected) {
    blocks.unshift([ENGINE_NAMES.docker!, cell.expected.text]);
  }
  return blocks
    .map(
      ([engine, text]) =>
        `<p class="label engine-variant">on ${escapeHtml(engine)}, expected</p>` +
        `<pre class="output engine-variant"><code>${highlight(text, 'output')}</code></pre>`,
    )
    .join('');
}

/** Why the cell failed or may be stale, as the runner printed it: its message, the diff, late errors. */
function reasons(v: Verdict, notebookPath: string): string {
  const parts: string[] = [];
  if (v.failure !== undefined) {
    const detail = [v.diff ? highlight(v.diff, 'diff') : '', ...(v.lateErrors ?? []).map((e) => escapeHtml(e))];
    parts.push(
      `<div class="reason"><p>Why it failed: ${escapeHtml(v.failure)}</p>` +
        detail
          .filter(Boolean)
          .map((d) => `<pre class="failure"><code>${d}</code></pre>`)
          .join('') +
        '</div>',
    );
  } else if (v.lateErrors)
    parts.push(
      `<div class="reason"><p>Thrown after the cell, with nothing to catch it:</p>` +
        v.lateErrors.map((e) => `<pre class="failure"><code>${escapeHtml(e)}</code></pre>`).join('') +
        '</div>',
    );
  if (v.stale)
    parts.push(
      `<div class="reason stale-reason"><p>Stale: ${escapeHtml(v.stale)}.</p>` +
        `<p class="meta">Run it again: <code>npx dockbook run ${escapeHtml(notebookPath)}</code></p></div>`,
    );
  return parts.join('\n');
}

/**
 * A code cell as HTML (`<section id="cell-N">`): first the docker commands it mirrors, as a
 * reader would type them; then the TypeScript that runs and checks them (hidden lines left
 * out), highlighted; its last output and status, when and where it ran; why it failed (the
 * runner's message, diff and late errors) or why its output may be stale; and whether its
 * output is compared. Every piece of code and output is escaped.
 *
 * @example
 * renderCell(notebook.cells[0]!, report); // '<section class="cell is-passed" id="cell-1">…'
 */
export function renderCell(cell: CodeCell, report: NotebookReport | undefined): string {
  const { mirrors, code } = splitMirrors(cell.shown);
  const v = verdict(cell, report);
  const status = v.status.replace(' ', '-');
  const badge = `<span class="badge ${status}">${v.status}</span>`;
  const staleBadge = v.stale ? ' <span class="badge stale-badge">stale</span>' : '';
  const when = v.ran ? ` ran ${escapeHtml(v.ran)} on ${escapeHtml(v.engine ?? 'an unknown engine')}` : '';
  const why = v.why
    ? ` <span class="why">${escapeHtml(v.why)}` +
      `${v.output ? ' (the output shown is the expected one, not verified)' : ''}</span>`
    : '';
  const concepts = cell.options.concepts.length ? ` · ${escapeHtml(cell.options.concepts.join(', '))}` : '';
  const commands = mirrors.map((m) => {
    const [, command, note] = /^(.*?)(\s+→ .*|\s{2,}\(.*\))?$/.exec(m)!;
    const aside = note ? `<span class="note">${escapeHtml(note)}</span>` : '';
    const prompt = '<span class="prompt">$ </span>';
    return `<pre class="command"><code>${prompt}${highlight(command!, 'bash')}${aside}</code></pre>`;
  });
  const proof = mirrors.length
    ? `<div class="proof"><p class="label">the TypeScript that runs it and checks what it claims</p>` +
      `<pre class="code"><code class="language-typescript">${highlight(code, 'typescript')}</code></pre></div>`
    : `<pre class="code"><code class="language-typescript">${highlight(code, 'typescript')}</code></pre>`;
  const outputLabel = v.status === 'not run' || v.status === 'skipped' ? 'expected output' : 'output';
  return [
    `<section class="cell is-${status}${v.stale ? ' is-stale' : ''}" id="cell-${cell.index}">`,
    ...commands,
    proof,
    v.output
      ? `<p class="label">${outputLabel}</p><pre class="output"><code>${highlight(v.output, 'output')}</code></pre>`
      : '',
    engineBlocks(cell, report),
    cell.options.ignoreOutput
      ? '<p class="meta unclaimed">output not compared: it is not part of this cell\'s claim ' +
        '(<code>output="ignore"</code>)</p>'
      : '',
    reasons(v, report?.path ?? ''),
    `<p class="meta"><a href="#cell-${cell.index}">cell ${cell.index}</a>${concepts} ` +
      `${badge}${staleBadge}${why}${when}</p>`,
    '</section>',
  ]
    .filter(Boolean)
    .join('\n');
}
