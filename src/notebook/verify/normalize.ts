import { DockbookError } from '../../errors.ts';
import type { NotebookMeta } from '../format/types.ts';
import { BUILTIN_NORMALIZERS } from './normalizers.ts';

/** A notebook's own normalizer, from its front matter: a regex source, its flags, a replacement. */
export type NotebookNormalizer = NotebookMeta['normalizers'][number];

/**
 * Replaces Docker's volatile values (IDs, digests, generated names, session names, host ports,
 * addresses, sizes, durations, times) with stable placeholders, so that an expected block
 * written on one run matches the output of another. The notebook's own normalizers apply
 * first, each to every match (`g` is added to its flags), then BUILTIN_NORMALIZERS in order.
 * A placeholder typed by hand in an expected block (`<id>`) stays as it is, so it matches too.
 *
 * @example
 * normalize('web-3f2a1c9d   Up 2 seconds   0.0.0.0:32768->80/tcp\n');
 * // 'web-<session>  Up <duration>  0.0.0.0:<port>->80/tcp\n'
 * normalize('took 3 tries', [{ pattern: '\\d+ tries', replacement: '<n> tries' }]); // 'took <n> tries'
 */
export function normalize(text: string, extra: readonly NotebookNormalizer[] = []): string {
  let result = text;
  for (const { pattern, replacement } of [...extra.map(compile), ...BUILTIN_NORMALIZERS]) {
    result = result.replace(pattern, replacement);
  }
  return result;
}

function compile({ pattern, flags = '', replacement }: NotebookNormalizer): { pattern: RegExp; replacement: string } {
  try {
    return { pattern: new RegExp(pattern, flags.includes('g') ? flags : `${flags}g`), replacement };
  } catch (error) {
    throw new DockbookError({
      code: 'INVALID_ARGUMENT',
      operation: 'normalize',
      target: `/${pattern}/${flags}`,
      reason: error instanceof Error ? error.message : String(error),
      hint: "Fix the regex in the notebook's `normalizers` front matter",
      cause: error,
    });
  }
}
