import { DockbookError, ERROR_CODES } from '../../errors.ts';
import type { NotebookMeta } from '../format/types.ts';
import { normalizers as normalizersShape } from '../../validate/notebook.ts';
import { string } from '../../validate/shape.ts';
import { checkArgs, signature } from '../../validate/signature.ts';

/** What applyNotebookNormalizers() takes, checked at its entry. */
export const APPLY_NOTEBOOK_NORMALIZERS_SIGNATURE = signature({
  operation: 'applyNotebookNormalizers',
  ctx: false,
  params: [
    { name: 'text', shape: string, example: 'took 3 tries' },
    { name: 'normalizers', shape: normalizersShape, example: [] },
  ],
  command: "dockbook run NOTEBOOK (its front matter's normalizers)",
});

/** A notebook's own normalizer, from its front matter: a regex source, its flags, a replacement. */
export type NotebookNormalizer = NotebookMeta['normalizers'][number];

/**
 * What a notebook's own normalizer may never rewrite, because a cell states it on purpose: exit
 * statuses, error codes (dockbook's, and any UPPER_SNAKE code), and the status words of
 * containers, builds and verdicts.
 */
const PROTECTED = new RegExp(
  [
    '\\[exit \\d+\\]',
    '\\bexit (?:code|status) \\d+',
    '\\(exit \\d+\\)',
    '\\bExited \\(\\d+\\)',
    `\\b(?:${ERROR_CODES.join('|')})\\b`,
    '\\b[A-Z][A-Z0-9]*(?:_[A-Z0-9]+)+\\b',
    '\\b(?:Up|Exited|Created|Restarting|Paused|Dead|Removing|running|exited|created|paused|restarting|dead|removed|' +
      'healthy|unhealthy|starting|passed|failed|skipped|cached|built|true|false|ok|OK|error|Error|ERROR)\\b',
  ].join('|'),
  'g',
);

/** Texts every notebook normalizer is tried on first: one that changes a protected part of them is refused. */
const PROBES = [
  '[exit 0]',
  '[exit 1]',
  '[exit 137]',
  'exit code 0',
  'exit code 1',
  '(exit 127)',
  'Exited (0)',
  'Exited (137)',
  ...ERROR_CODES,
  'Up',
  'running',
  'exited',
  'true',
  'false',
  'passed',
  'failed',
  'cached',
  'built',
  'error',
];

/**
 * Applies a notebook's own normalizers (each to every match; `g` is added to its flags) to a
 * text, after checking that none rewrites a protected part of it (see PROTECTED): an exit
 * status, an error code or a status word. Such a normalizer could make `[exit 137]` read as
 * `[exit 0]`, so it is refused with INVALID_ARGUMENT naming it and the text it touched.
 *
 * @example
 * applyNotebookNormalizers('took 3 tries', [{ pattern: '\\d+ tries', replacement: '<n> tries' }]); // 'took <n> tries'
 * applyNotebookNormalizers('[exit 1]', [{ pattern: '\\d', replacement: 'N' }]); // throws INVALID_ARGUMENT
 */
export function applyNotebookNormalizers(text: string, normalizers: readonly NotebookNormalizer[]): string {
  checkArgs(APPLY_NOTEBOOK_NORMALIZERS_SIGNATURE, arguments);
  let result = text;
  for (const normalizer of normalizers) {
    const pattern = compile(normalizer);
    for (const probe of [...PROBES.map((p) => `a ${p} b`), result]) refuseProtected(normalizer, pattern, probe);
    result = result.replace(pattern, normalizer.replacement);
  }
  return result;
}

function refuseProtected(normalizer: NotebookNormalizer, pattern: RegExp, text: string): void {
  const guarded = [...text.matchAll(PROTECTED)].map((m) => [m.index ?? 0, (m.index ?? 0) + m[0].length] as const);
  for (const match of text.matchAll(pattern)) {
    const start = match.index ?? 0;
    const end = start + match[0].length;
    const touched = guarded.find(([from, to]) => start < to && from < end);
    if (!touched) continue;
    throw new DockbookError({
      code: 'INVALID_ARGUMENT',
      operation: 'normalize',
      target: `/${normalizer.pattern}/${normalizer.flags ?? ''}`,
      reason:
        `this notebook normalizer rewrites "${text.slice(touched[0], touched[1])}", and exit statuses, error codes ` +
        `and status words are claims that are compared as written`,
      hint: "Narrow the pattern in the notebook's `normalizers` front matter so that it leaves them alone.",
      command: 'dockbook run NOTEBOOK.md',
    });
  }
}

function compile({ pattern, flags = '', replacement }: NotebookNormalizer): RegExp {
  try {
    return new RegExp(pattern, flags.includes('g') ? flags : `${flags}g`);
  } catch (error) {
    throw new DockbookError({
      code: 'INVALID_ARGUMENT',
      operation: 'normalize',
      target: `/${pattern}/${flags} → ${replacement}`,
      reason: error instanceof Error ? error.message : String(error),
      hint: "Fix the regex in the notebook's `normalizers` front matter",
      command: 'dockbook run NOTEBOOK.md',
      cause: error,
    });
  }
}
