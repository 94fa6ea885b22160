import { join } from 'node:path';
import { Command, InvalidArgumentError, Option } from 'commander';
import { bringUp } from '../stack/stack.ts';
import { summaryTable } from '../notebook/run/report.ts';
import { runNotebooks } from '../notebook/run/run-notebooks.ts';
import { writeEngineReports } from '../notebook/run/engine-reports.ts';
import { defaultJobs, JOBS_EXPECTED, parseJobs } from '../notebook/run/jobs.ts';
import { packageRoot } from '../paths.ts';
import { renderGuide } from '../render/guide.ts';
import { loadNotebooks } from './inputs.ts';
import { interruptible } from './interrupt.ts';
import { RunProgress } from './progress.ts';

interface RunFlags {
  continue?: boolean;
  update?: boolean;
  strict?: boolean;
  /** How many notebooks run at once; default defaultJobs(). */
  jobs?: number;
}

/** `-j, --jobs <n>`: refused (exit code 2, naming the option and what it takes) before anything runs. */
function jobsOption(): Option {
  return new Option(
    '-j, --jobs <n>',
    `how many notebooks run at once (default: ${defaultJobs()} here, one per core as free memory allows; ` +
      `-j 1 runs them one at a time, each cell's line as it ends)`,
  ).argParser((text: string) => {
    const jobs = parseJobs(text);
    if (jobs === undefined) throw new InvalidArgumentError(`It takes ${JOBS_EXPECTED}.`);
    return jobs;
  });
}

/**
 * Runs notebooks (all of notebooks/ when none are named), `flags.jobs` at a time (default defaultJobs(); with more than
 * one, each notebook's lines are printed together as it ends), and prints the summary in course order, skipped cells
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
  const jobs = Math.min(flags.jobs ?? defaultJobs(), notebooks.length);
  // In a terminal, the running cells have a live line; any other write (ours go through `say`) erases it first.
  // Notebooks run at once print each one's lines together, as it ends.
  const progress = new RunProgress({
    stream: process.stderr,
    guard: [process.stderr, process.stdout],
    grouped: jobs > 1,
  });
  const log = (line: string) => progress.say(line);
  const stop = interruptible(log);
  try {
    const { engine } = (await bringUp({ log })).engine;
    if (jobs > 1) log(`running ${notebooks.length} notebooks, ${jobs} at a time (-j 1: one at a time)`);
    const t0 = performance.now();
    const reports = await runNotebooks(notebooks, {
      engine,
      jobs,
      continueOnFailure: flags.continue ?? false,
      update: flags.update ?? false,
      reportsDir: join(packageRoot, 'reports', 'notebooks'),
      onCellStart: (notebook, cell) =>
        progress.cellStarted(notebook.path, cell.index, notebook.cells.length, cell.options.concepts),
      onCell: (notebook, cell) => progress.cellEnded(notebook.path, notebook.cells.length, cell),
      onNotebook: (notebook) => progress.notebookEnded(notebook.path),
      strict: flags.strict ?? false,
      signal: stop.signal,
    });
    if (notebooks.length > 1) log(`${notebooks.length} notebooks in ${((performance.now() - t0) / 1000).toFixed(1)}s`);
    for (const at of reports.interruptions ?? []) console.log(`interrupted at ${at.location} (cell ${at.cell})`);
    if (!reports.interrupted && stop.signal.aborted) console.log('interrupted between cells');
    if (reports.engineGone)
      console.log(
        `the engine stopped answering (${reports.engineGone}): the notebooks not started were not run. Start it ` +
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
    .option(
      '--continue',
      'keep going after a failed cell (without it, a failed cell skips the rest of its notebook and the notebooks ' +
        'not started yet; notebooks already running finish)',
    )
    .option('--update', 'also rewrite expected outputs with what the engine printed')
    .option(
      '--strict',
      'fail (exit code 1) when any cell was skipped (marked skip, or not run after a failure); the summary lists ' +
        'skipped cells either way',
    )
    .addOption(jobsOption())
    .action(async (files: string[], flags: RunFlags) => {
      await runAndReport(files, flags);
    });
  const update = new Command('update')
    .description('run notebooks and rewrite their expected-output blocks in place (no other byte changes)')
    .argument('[files...]', 'notebooks to update')
    .addOption(jobsOption())
    .action(async (files: string[], flags: Pick<RunFlags, 'jobs'>) => {
      await runAndReport(files, { update: true, continue: true, ...flags }, 'update');
    });
  const start = new Command('start')
    .description(
      'the main job (`npm start`): bring the stack up, run and verify every notebook (on past failures), then render ' +
        'the guide, failed cells with why; exit code 1 if anything failed',
    )
    .addOption(jobsOption())
    .action(async (flags: Pick<RunFlags, 'jobs'>) => {
      await runAndReport([], { continue: true, ...flags }, 'start');
      if (Number(process.exitCode ?? 0) > 1) return;
      console.log(String(renderGuide()));
    });
  return [run, update, start];
}
