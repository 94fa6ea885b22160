import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { toIpynb } from '../notebook/format/ipynb.ts';
import type { Notebook } from '../notebook/format/types.ts';

/**
 * Writes a notebook's files beside the guide, for readers to download: its Markdown source
 * as `notebooks/<name>.md`, and the `.ipynb` `dockbook export` writes, as `ipynb/<name>.ipynb`.
 * Returns both paths relative to the guide's folder.
 *
 * @example
 * writeDownloads('site', '01-images', notebook); // { md: 'notebooks/01-images.md', ipynb: 'ipynb/01-images.ipynb' }
 */
export function writeDownloads(outDir: string, name: string, notebook: Notebook): { md: string; ipynb: string } {
  const md = `notebooks/${name}.md`;
  const ipynb = `ipynb/${name}.ipynb`;
  mkdirSync(join(outDir, 'notebooks'), { recursive: true });
  mkdirSync(join(outDir, 'ipynb'), { recursive: true });
  writeFileSync(join(outDir, md), notebook.source);
  writeFileSync(join(outDir, ipynb), `${JSON.stringify(toIpynb(notebook), null, 1)}\n`);
  return { md, ipynb };
}
