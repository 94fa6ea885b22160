import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { packageRoot } from '../paths.ts';
import { nonEmptyString } from '../validate/shape.ts';
import { checkArgs, signature } from '../validate/signature.ts';

/** What findNotebooks() takes, checked at its entry. */
export const FIND_NOTEBOOKS_SIGNATURE = signature({
  operation: 'findNotebooks',
  ctx: false,
  params: [{ name: 'dir', shape: nonEmptyString, optional: true, example: 'notebooks' }],
  command: 'ls notebooks/[0-9]*.md',
});

/**
 * The notebooks of a folder, in course order: Markdown files whose names start with their
 * chapter number (`01-images.md`); other Markdown there (README.md) is not a notebook.
 *
 * @example
 * findNotebooks()[0]; // '/…/notebooks/01-images-and-containers.md'
 */
export function findNotebooks(dir: string = join(packageRoot, 'notebooks')): string[] {
  checkArgs(FIND_NOTEBOOKS_SIGNATURE, arguments);
  if (!existsSync(dir)) return [];
  return readdirSync(dir)
    .filter((f) => /^\d.*\.md$/.test(f))
    .sort()
    .map((f) => join(dir, f));
}
