import { escapeHtml } from '../display/html.ts';
import type { NotebookNormalizer } from '../notebook/verify/normalize.ts';
import { DURATION_FACTOR, DURATION_SLACK_S, SIZE_FACTOR } from '../notebook/verify/magnitude.ts';
import { VALUE_KINDS, type Rule } from '../notebook/verify/normalizers.ts';
import { anchoredHeading } from './headings.ts';
import { layout } from './layout.ts';

/** The file name of the page that states how outputs are compared. */
export const JUDGING_PAGE = 'judging.html';

const RULES: Record<Rule, string> = {
  identity: 'any value, one to one across the cell: equal stays equal, different stays different',
  'same-when-equal':
    "any value for the cell's first time; later ones keep their distance to it (within two minutes, or ×10), and " +
    'equal ones stay equal',
  size: `within ×${SIZE_FACTOR} of the expected size (zero only equals zero)`,
  duration: `within ${DURATION_SLACK_S} s or ×${DURATION_FACTOR} of the expected duration`,
};

/**
 * The page every chapter links to: how a cell's output is compared with its expected block,
 * the kind of each volatile value with its rule, the tolerances, `...`, `raises` and
 * `output="ignore"`, from the matcher's own tables (so the page cannot drift from the code).
 *
 * @example
 * renderJudgingPage(); // '<!doctype html>…<h1>How each cell is judged</h1>…'
 */
export function renderJudgingPage(sidebar = ''): string {
  const rows = VALUE_KINDS.map(
    (kind) =>
      `<tr><td>${escapeHtml(kind.name)}</td><td>${escapeHtml(kind.what)}</td><td>${escapeHtml(RULES[kind.rule])}</td>` +
      `<td><code>${escapeHtml(kind.example[0])}</code></td></tr>`,
  );
  const body =
    `<nav class="pager"><a href="index.html">Contents</a></nav>
<h1>How each cell is judged</h1>
<p>A cell is green when it ran without an error (or threw exactly the error its <code>raises</code> names), every ` +
    `<code>check</code> in it held, and what it printed matches the output block the notebook records. Text is ` +
    `compared as written: exit codes, container ports, tags, counts and words must be equal; a gap of two or more ` +
    `spaces between columns matches any such gap. Output is read as a terminal shows it.</p>
${anchoredHeading('volatile-values', 'Values that change from run to run')}
<p>These values may differ from the recorded ones, each within its rule. A value outside its rule fails the cell. A ` +
    `host port below 32768 and an 8-hex token that is not one of this run's session ids are plain text.</p>
<table><thead><tr><th>kind</th><th>what it matches</th><th>how it ` +
    `compares</th><th>example</th></tr></thead><tbody>${rows.join('')}</tbody></table>
<p>In an output block, a placeholder typed by hand (<code>&lt;duration&gt;</code>, <code>&lt;size&gt;</code>, ` +
    `<code>&lt;id&gt;</code>, <code>&lt;time&gt;</code>…) matches any value of its kind: the value is shown but ` +
    `not claimed.</p>
${anchoredHeading('elisions', 'Elisions, errors and silence')}
<ul>
<li>A line <code>...</code> stands for lines not shown, but never for a line that tells of a failure: an exit ` +
    `status, an error, a stack frame, an unhandled rejection. A block of only <code>...</code> claims nothing and ` +
    `fails.</li>
<li><code>raises="NOT_FOUND"</code> needs an error whose code is exactly <code>NOT_FOUND</code>; ` +
    `<code>raises="/regex/"</code> matches the thrown error's message, never a failed check.</li>
<li>A cell that prints needs an output block, unless it is marked <code>output="ignore"</code> (its output is not ` +
    `part of the claim, and its page says so).</li>
<li>A notebook may add its own normalizers; they may never rewrite an exit status, an error code or a status word, ` +
    `and its page lists them.</li>
</ul>`;
  return layout('How each cell is judged', body, sidebar);
}

/** A chapter's note on judging: a link to the rules, and the notebook's own normalizers when it has any. */
export function judgingNote(normalizers: readonly NotebookNormalizer[]): string {
  const own = normalizers.map(
    (n) =>
      `<li><code>/${escapeHtml(n.pattern)}/${escapeHtml(n.flags ?? '')}</code> → ` +
      `<code>${escapeHtml(n.replacement)}</code></li>`,
  );
  const extra = own.length
    ? `</p><details class="meta"><summary>This chapter also normalizes ${
        own.length === 1 ? 'one pattern' : `${own.length} ` + 'patterns'
      }, on both sides before comparing</summary><ul class="normalizers">${own.join('')}</ul></details>`
    : '</p>';
  return `<p class="meta">Outputs are compared by <a href="${JUDGING_PAGE}">these rules</a>.${extra}`;
}
