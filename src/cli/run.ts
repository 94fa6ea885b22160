import { join } from 'node:path';
import { Command } from 'commander';
import { bringUp } from '../stack/stack.ts';
import { summaryTable } from '../notebook/run/report.ts';
import { runNotebooks } from '../notebook/run/run-notebooks.ts';
import { writeEngineReports } from '../notebook/run/engine-reports.ts';
import { packageRoot } from '../paths.ts';
import { renderGuide } from '../render/guide.ts';
import { loadNotebooks } from './inputs.ts';
import { interruptible } from './interrupt.ts';
import { RunProgress } from './progress.ts';

interface RunFlags {
  continue?: boolean;
  update?: boolean;
  strict?: boolean;
}

/**
 * Runs notebooks (all of notebooks/ when none are named) and prints the summary, skipped cells
 * listed; exit code 1 on any failure, and with `strict` on any skipped cell, with a line saying why.
 */
export async function runAndReport(files: string[], flags: RunFlags, command = 'run'): Promise<boolean> {
  // A typo, a folder without notebooks or a broken notebook is reported before the stack comes
  // up; paths relative to where the user stands read better in the table and in file:line locations.
  const notebooks = loadNotebooks(files, command).map((notebook) => notebook.path);
  if (notebooks.length === 0) {
    console.log('no notebooks to run (notebooks/ holds none yet)\n0 passed, 0 failed');
    return true;
  }
  // In a terminal, the running cell has a live line; any other write (ours go through `say`) erases it first.
  const progress = new RunProgress({ stream: process.stderr, guard: [process.stderr, process.stdout] });
  const log = (line: string) => progress.say(line);
  const stop = interruptible(log);
  try {
    const { engine } = (await bringUp({ log })).engine;
    const reports = await runNotebooks(notebooks, {
      engine,
      continueOnFailure: flags.continue ?? false,
      update: flags.update ?? false,
      reportsDir: join(packageRoot, 'reports', 'notebooks'),
      onCellStart: (notebook, cell) =>
        progress.cellStarted(notebook.path, cell.index, notebook.cells.length, cell.options.concepts),
      onCell: (notebook, cell) => progress.cellEnded(notebook.path, notebook.cells.length, cell),
      strict: flags.strict ?? false,
      signal: stop.signal,
    });
    if (reports.interrupted)
      console.log(`interrupted at ${reports.interrupted.location} (cell ${reports.interrupted.cell})`);
    else if (stop.signal.aborted) console.log('interrupted between cells');
    if (reports.engineGone)
      console.log(
        `the engine stopped answering (${reports.engineGone}): the notebooks after it were not run. Start it ` +
          `(\`dockbook engine up\`) and run again; the next start sweeps what was left.`,
      );
    writeEngineReports(join(packageRoot, 'reports', 'engines'), reports);
    for (const report of reports) if (report.cleanupProblem) console.log(`${report.path}: ${report.cleanupProblem}`);
    console.log(summaryTable(reports));
    for (const line of reports.failures) console.log(line);
    process.exitCode = stop.exitCode() ?? (reports.failures.length > 0 ? 1 : process.exitCode);
    return reports.failures.length === 0 && !stop.signal.aborted;
  } finally {
    progress.dispose();
    stop.dispose();
  }
}

/** `dockbook run` and `dockbook update`. */
export function runCommands(): Command[] {
  const run = new Command('run')
    .description('run and verify notebooks against the engine (all of notebooks/ by default)')
    .argument('[files...]', 'notebooks to run')
    .option('--continue', 'keep going after a failed cell')
    .option('--update', 'also rewrite expected outputs with what the engine printed')
    .option(
      '--strict',
      'fail (exit code 1) when any cell was skipped (marked skip, or not run after a failure); the summary lists ' +
        'skipped cells either way',
    )
    .action(async (files: string[], flags: RunFlags) => {
      await runAndReport(files, flags);
    });
  const update = new Command('update')
    .description('run notebooks and rewrite their expected-output blocks in place (no other byte changes)')
    .argument('[files...]', 'notebooks to update')
    .action(async (files: string[]) => {
      await runAndReport(files, { update: true, continue: true }, 'update');
    });
  const start = new Command('start')
    .description(
      'the main job (`npm start`): bring the stack up, run and verify every notebook (on past failures), then render ' +
        'the guide, failed cells with why; exit code 1 if anything failed',
    )
    .action(async () => {
      await runAndReport([], { continue: true }, 'start');
      if (Number(process.exitCode ?? 0) > 1) return;
      console.log(String(renderGuide()));
    });
  return [run, update, start];
}
