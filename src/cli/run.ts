import { join, relative } from 'node:path';
import { Command } from 'commander';
import { bringUp } from '../engine/stack.ts';
import { findNotebooks } from '../notebook/find.ts';
import type { Notebook } from '../notebook/format/types.ts';
import { describeFailure, describeSkip, summaryTable, type CellReport } from '../notebook/run/report.ts';
import { runNotebooks } from '../notebook/run/run-notebooks.ts';
import { packageRoot } from '../paths.ts';

const MARK = { passed: '✓', failed: '✗', skipped: '-' } as const;

function progress(notebook: Notebook, cell: CellReport): void {
  const concepts = cell.concepts.length ? ` ${cell.concepts.join(',')}` : '';
  const why = cell.status === 'skipped' ? ` (${describeSkip(cell)})` : '';
  process.stderr.write(`  ${MARK[cell.status]} ${notebook.path} cell ${cell.index}/${notebook.cells.length}${concepts} ${(cell.durationMs / 1000).toFixed(1)}s${why}\n`);
  if (cell.status === 'failed') process.stderr.write(`${describeFailure(cell).replace(/^/gm, '    ')}\n`);
}

interface RunFlags {
  continue?: boolean;
  update?: boolean;
  strict?: boolean;
}

/**
 * Runs notebooks (all of notebooks/ when none are named) and prints the summary, skipped cells
 * listed; exit code 1 on any failure, and with `strict` on any skipped cell, with a line saying why.
 */
export async function runAndReport(files: string[], flags: RunFlags): Promise<void> {
  const log = (line: string) => console.error(line);
  const { engine } = (await bringUp({ log })).engine;
  // Paths relative to where the user stands read better in the table and in file:line locations.
  const notebooks = (files.length > 0 ? files : findNotebooks()).map((file) => relative(process.cwd(), file) || file);
  if (notebooks.length === 0) {
    console.log('no notebooks to run (notebooks/ holds none yet)\n0 passed, 0 failed');
    return;
  }
  const reports = await runNotebooks(notebooks, {
    engine,
    continueOnFailure: flags.continue ?? false,
    update: flags.update ?? false,
    reportsDir: join(packageRoot, 'reports', 'notebooks'),
    onCell: progress,
    strict: flags.strict ?? false,
  });
  console.log(summaryTable(reports));
  for (const line of reports.failures) console.log(line);
  if (reports.failures.length > 0) process.exitCode = 1;
}

/** `dockbook run` and `dockbook update`. */
export function runCommands(): Command[] {
  const run = new Command('run')
    .description('run and verify notebooks against the engine (all of notebooks/ by default)')
    .argument('[files...]', 'notebooks to run')
    .option('--continue', 'keep going after a failed cell')
    .option('--update', 'also rewrite expected outputs with what the engine printed')
    .option('--strict', 'fail (exit code 1) when any cell was skipped (marked skip, or not run after a failure); the summary lists skipped cells either way')
    .action((files: string[], flags: RunFlags) => runAndReport(files, flags));
  const update = new Command('update')
    .description("run notebooks and rewrite their expected-output blocks in place (no other byte changes)")
    .argument('[files...]', 'notebooks to update')
    .action((files: string[]) => runAndReport(files, { update: true, continue: true }));
  return [run, update];
}
