import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { connect, type Engine } from '../../../src/core/connect.ts';
import type { NotebookReport } from '../../../src/notebook/run/report.ts';
import { runNotebooks } from '../../../src/notebook/run/run-notebooks.ts';

const fixture = (name: string) => join('test/notebook/run/fixtures', `${name}.md`);
const [slow, fast] = [fixture('parallel/slow'), fixture('parallel/fast')];
let engine: Engine;

beforeAll(async () => {
  engine = await connect();
});

/** A file to open the slow notebook's gate with, and the kernels' environment that names it. */
function gate(): { open: () => void; env: NodeJS.ProcessEnv } {
  const file = join(mkdtempSync(join(tmpdir(), 'dockbook-gate-')), 'open');
  return { open: () => writeFileSync(file, ''), env: { ...process.env, DOCKBOOK_TEST_GATE: file } };
}

/** What a report says of each cell, without what varies from run to run (times, IDs in the output). */
function verdicts(reports: NotebookReport[]) {
  return reports.map((r) => ({
    path: r.path,
    tally: [r.passed, r.failed, r.skipped],
    skippedCells: r.skippedCells,
    cells: r.cells.map((c) => [c.index, c.location, c.status, c.reason, c.message]),
  }));
}

describe('runNotebooks, several notebooks at a time', () => {
  it('reports in course order notebooks that finished out of it, telling of each in its order', async () => {
    const { open, env } = gate();
    const events: string[] = [];
    const reports = await runNotebooks([slow, fast], {
      engine,
      jobs: 2,
      env,
      onCellStart: (notebook, cell) => events.push(`${basename(notebook.path)} start ${cell.index}`),
      onCell: (notebook, cell) => events.push(`${basename(notebook.path)} cell ${cell.index}`),
      onNotebook: (notebook) => {
        events.push(`${basename(notebook.path)} ended`);
        // The slow notebook's last cell ends only now: it ran beside the fast one.
        if (notebook.path === fast) open();
      },
    });
    expect(reports.map((r) => [r.path, r.passed, r.failed, r.skipped])).toEqual([
      [slow, 2, 0, 0],
      [fast, 1, 0, 0],
    ]);
    expect(reports.failures).toEqual([]);
    expect(events.filter((e) => e.endsWith('ended'))).toEqual(['fast.md ended', 'slow.md ended']);
    expect(events.filter((e) => e.startsWith('slow.md'))).toEqual([
      'slow.md start 1',
      'slow.md cell 1',
      'slow.md start 2',
      'slow.md cell 2',
      'slow.md ended',
    ]);
  }, 300_000);

  it('gives the same verdicts and report files at -j 3 as one at a time, whatever order they finished in', async () => {
    const files = [fixture('passing'), fixture('skipping'), fixture('wrong-output'), fixture('failing-check')];
    const [serialDir, parallelDir] = [
      mkdtempSync(join(tmpdir(), 'dockbook-serial-')),
      mkdtempSync(join(tmpdir(), 'dockbook-parallel-')),
    ];
    const serial = await runNotebooks(files, { engine, continueOnFailure: true, reportsDir: serialDir });
    const parallel = await runNotebooks(files, { engine, continueOnFailure: true, reportsDir: parallelDir, jobs: 3 });
    expect(verdicts(parallel)).toEqual(verdicts(serial));
    expect(parallel.failures).toEqual(serial.failures);
    expect(serial.failures).toEqual(['the run failed: 2 cells failed']);
    const written = (dir: string) =>
      verdicts(
        readdirSync(dir)
          .sort()
          .map((name) => JSON.parse(readFileSync(join(dir, name), 'utf8')) as NotebookReport),
      );
    expect(readdirSync(parallelDir).sort()).toEqual(readdirSync(serialDir).sort());
    expect(written(parallelDir)).toEqual(written(serialDir));
  }, 600_000);

  it('without --continue, a failure lets running notebooks finish and skips those not started', async () => {
    const { open, env } = gate();
    const failing = fixture('failing-check');
    const reports = await runNotebooks([failing, slow, fixture('skipping')], {
      engine,
      jobs: 2,
      env,
      onNotebook: (notebook) => notebook.path === failing && open(),
    });
    expect(reports.map((r) => [r.path, r.passed, r.failed, r.skipped])).toEqual([
      [failing, 0, 1, 0],
      [slow, 2, 0, 0],
      [fixture('skipping'), 0, 0, 3],
    ]);
    const why = `not run: an earlier notebook failed, at ${failing}:12`;
    expect(reports[2]!.skippedCells!.map((s) => s.why)).toEqual([why, why, why]);
    expect(reports.failures).toEqual(['the run failed: 1 cell failed']);
  }, 300_000);
});
