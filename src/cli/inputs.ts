import { readFileSync, statSync, type Stats } from 'node:fs';
import { relative } from 'node:path';
import { findNotebooks } from '../notebook/find.ts';
import { readNotebook } from '../notebook/format/parse.ts';
import type { Notebook } from '../notebook/format/types.ts';
import { CliError } from './failure.ts';

const NOTEBOOK_NAMES = 'Markdown files named NN-topic.md';

function stat(path: string, fix: string): Stats {
  try {
    return statSync(path);
  } catch (error) {
    if ((error as { code?: string }).code === 'ENOENT') throw new CliError(`${path}: no such file or folder. ${fix}`);
    throw error;
  }
}

/**
 * A folder's notebooks, in course order; a missing folder, or one without notebooks, is a
 * CliError naming it.
 */
export function notebooksIn(dir: string, fix = 'Name a folder that holds notebooks.'): string[] {
  if (!stat(dir, fix).isDirectory()) throw new CliError(`${dir}: not a folder. ${fix}`);
  const found = findNotebooks(dir);
  if (found.length === 0) throw new CliError(`${dir}: the folder holds no notebooks (${NOTEBOOK_NAMES}). ${fix}`);
  return found;
}

/**
 * The notebooks that a command's arguments name, every one read and parsed now, so a typo or a
 * broken notebook fails at once (before any engine or registry comes up): a file as given, a
 * folder as the notebooks it holds, none as every notebook of `defaults` (notebooks/). Paths are
 * relative to where the user stands. Throws a CliError (or the notebook's NotebookSyntaxError,
 * file:line) naming the file and the fix.
 *
 * @example
 * loadNotebooks(['notebooks/01-images.md'], 'run'); // [{ path: 'notebooks/01-images.md', … }]
 */
export function loadNotebooks(
  args: string[],
  command: string,
  defaults: () => string[] = () => findNotebooks(),
): Notebook[] {
  const fix = `Check the path: \`dockbook ${command}\` with no files takes every notebook in notebooks/.`;
  const files =
    args.length === 0
      ? defaults()
      : args.flatMap((arg) =>
          stat(arg, fix).isDirectory() ? notebooksIn(arg, 'Name a notebook, or a folder that holds some.') : [arg],
        );
  const paths = [...new Set(files.map((file) => relative(process.cwd(), file) || file))];
  return paths.map((path) => {
    if (path.endsWith('.ipynb'))
      throw new CliError(
        `${path}: a Jupyter notebook, and \`dockbook ${command}\` reads Markdown notebooks. Turn it into one first: ` +
          `dockbook import ${path}`,
      );
    return readNotebook(path);
  });
}

/** A file's text; a missing file is a CliError naming it and `what` it should be. */
export function readInput(file: string, what: string): string {
  if (stat(file, `Check the path of the ${what}.`).isDirectory())
    throw new CliError(`${file}: a folder, not the ${what}. Name the file.`);
  return readFileSync(file, 'utf8');
}
