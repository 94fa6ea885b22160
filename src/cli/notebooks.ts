import { mkdirSync, writeFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { Command } from 'commander';
import { connect } from '../core/connect.ts';
import { findNotebooks } from '../notebook/find.ts';
import { fromIpynb, toIpynb } from '../notebook/format/ipynb.ts';
import { readNotebook } from '../notebook/format/parse.ts';
import { NotebookSyntaxError } from '../notebook/format/types.ts';
import { courseReadme, readClaims } from '../notebook/concepts/concepts.ts';
import { installKernelSpec } from '../notebook/kernel/kernelspec.ts';
import { packageRoot } from '../paths.ts';
import { removeLabelled, sweepStaleSessions, type CleanupReport } from '../session/cleanup.ts';
import { CliError } from './failure.ts';
import { loadNotebooks, readInput } from './inputs.ts';

/**
 * The Markdown for a Jupyter notebook file; what is wrong with it (not JSON, not nbformat 4) is
 * reported at `file`, the input, never at the Markdown file it was to become.
 */
function importIpynb(file: string): string {
  const text = readInput(file, '.ipynb notebook');
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    throw new CliError(
      `${file}: not a Jupyter notebook: it is not valid JSON (${(error as Error).message}). Save it from Jupyter as ` +
        `.ipynb, or check that it was not cut off.`,
    );
  }
  if (typeof json !== 'object' || json === null)
    throw new CliError(
      `${file}: not a Jupyter notebook: it holds a JSON ${json === null ? 'null' : typeof json}, not an object. Save ` +
        `it from Jupyter as .ipynb.`,
    );
  try {
    return fromIpynb(json, file);
  } catch (error) {
    if (error instanceof NotebookSyntaxError) throw error;
    throw new CliError(
      `${file}: not an nbformat 4 notebook that dockbook can read (${(error as Error).message}). Save it from ` +
        `Jupyter as .ipynb.`,
    );
  }
}

function counts(report: CleanupReport): string {
  return (
    `${report.containers.length} containers, ${report.volumes.length} volumes, ${report.networks.length} ` +
    `networks, ${report.images.length} images`
  );
}

/** `dockbook export`, `import`, `kernel install`, `clean` and `index`. */
export function notebookCommands(): Command[] {
  const exporter = new Command('export')
    .description('export notebooks as Jupyter .ipynb files carrying their last verified outputs')
    .argument('[files...]', 'notebooks (all of notebooks/ by default)')
    .option('--ipynb', 'write nbformat 4.5 notebooks (the only format for now)', true)
    .option('--out <dir>', 'where to write them', join(packageRoot, 'site', 'ipynb'))
    .action((files: string[], opts: { out: string }) => {
      const notebooks = loadNotebooks(files, 'export');
      mkdirSync(opts.out, { recursive: true });
      for (const notebook of notebooks) {
        const target = join(opts.out, `${basename(notebook.path, '.md')}.ipynb`);
        writeFileSync(target, `${JSON.stringify(toIpynb(notebook), null, 1)}\n`);
        console.log(`${notebook.path} → ${target}`);
      }
    });
  const importer = new Command('import')
    .description('turn a notebook edited in Jupyter (.ipynb) back into Markdown')
    .argument('<ipynb>', 'the .ipynb file')
    .option('--out <file>', 'the Markdown file to write (default: notebooks/<name>.md)')
    .action((file: string, opts: { out?: string }) => {
      const markdown = importIpynb(file);
      const target = opts.out ?? join(packageRoot, 'notebooks', `${basename(file, '.ipynb')}.md`);
      writeFileSync(target, markdown);
      console.log(`${file} → ${target}`);
    });
  const kernel = new Command('kernel').description('the tslab kernel for these notebooks');
  kernel
    .command('install')
    .description("register the kernel with your Jupyter (JupyterLab or Notebook), pointing at this project's tslab")
    .option('--dir <dir>', 'the kernelspec folder (default: your Jupyter data dir /kernels/dockbook)')
    .action(async (opts: { dir?: string }) => {
      const { dir } = await installKernelSpec(opts.dir ? { dir: opts.dir } : {});
      console.log(`installed the "TypeScript (dockbook)" kernel in ${dir}`);
    });
  const clean = new Command('clean')
    .description("remove what crashed dockbook sessions left on the engine (--all: every dockbook session's resources)")
    .option('--all', 'also remove the resources of sessions that are still running')
    .action(async (opts: { all?: boolean }) => {
      const { docker } = await connect();
      const report = opts.all ? await removeLabelled(docker, () => true) : await sweepStaleSessions(docker);
      console.log(`removed ${counts(report)}`);
    });
  const index = new Command('index')
    .description('rewrite notebooks/README.md: the chapters and the concept index, from the notebooks')
    .option('--catalogue <file>', 'take the claims from this concept catalogue (default: the current index)')
    .action((opts: { catalogue?: string }) => {
      const target = join(packageRoot, 'notebooks', 'README.md');
      const claims = readClaims(readInput(opts.catalogue ?? target, 'concept catalogue'));
      writeFileSync(
        target,
        courseReadme(
          findNotebooks().map((file) => readNotebook(file)),
          claims,
        ),
      );
      console.log(`wrote ${target} (${claims.size} concepts)`);
    });
  return [exporter, importer, kernel, clean, index];
}
