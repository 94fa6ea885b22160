import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { packageRoot } from '../paths.ts';

/**
 * The notebooks of a folder, in course order: Markdown files whose names start with their
 * chapter number (`01-images.md`); other Markdown there (README.md) is not a notebook.
 *
 * @example
 * findNotebooks()[0]; // '/…/notebooks/01-images-and-containers.md'
 */
export function findNotebooks(dir: string = join(packageRoot, 'notebooks')): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir)
    .filter((f) => /^\d.*\.md$/.test(f))
    .sort()
    .map((f) => join(dir, f));
}
