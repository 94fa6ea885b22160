import { join } from 'node:path';
import { Command } from 'commander';
import { packageRoot } from '../paths.ts';
import { renderGuide } from '../render/guide.ts';
import { notebooksIn } from './inputs.ts';

/** `dockbook render`: the notebooks and their last run reports as a static HTML guide. */
export function renderCommand(): Command {
  return new Command('render')
    .description('render the notebooks, with their last verified outputs, into a static HTML guide (site/)')
    .option('--notebooks <dir>', 'the notebooks folder', join(packageRoot, 'notebooks'))
    .option(
      '--reports <dir>',
      'the run reports (<name>.json) of `dockbook run`',
      join(packageRoot, 'reports', 'notebooks'),
    )
    .option('--out <dir>', 'where to write the guide', join(packageRoot, 'site'))
    .action((opts: { notebooks: string; reports: string; out: string }) => {
      // A mistyped --notebooks is an error, not an empty guide written over site/.
      notebooksIn(opts.notebooks, 'Point --notebooks at the folder of NN-topic.md notebooks.');
      const result = renderGuide({ notebooksDir: opts.notebooks, reportsDir: opts.reports, outDir: opts.out });
      console.log(`${String(result)}; open ${join(result.outDir, 'index.html')}`);
    });
}
