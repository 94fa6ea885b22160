import { copyFileSync, mkdirSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { connect, type Engine } from '../../../src/core/connect.ts';
import type { NotebookReport } from '../../../src/notebook/run/report.ts';
import { runNotebooks, WARM_UP } from '../../../src/notebook/run/run-notebooks.ts';
import { startKernel } from '../../../src/notebook/kernel/kernel.ts';
import { packageRoot } from '../../../src/paths.ts';
import { renderGuide } from '../../../src/render/guide.ts';

const fixture = (name: string) => join('test/notebook/run/fixtures', `${name}.md`);
let engine: Engine;

beforeAll(async () => {
  engine = await connect();
});

describe('runNotebooks and skipped cells', () => {
  it('lists a cell marked skip in the report, its JSON and the guide, and fails a strict run', async () => {
    const root = mkdtempSync(join(tmpdir(), 'dockbook-skips-'));
    const [notebooksDir, reportsDir] = [join(root, 'notebooks'), join(root, 'reports')];
    mkdirSync(notebooksDir);
    const file = join(notebooksDir, '01-skipping.md');
    copyFileSync(fixture('skipping'), file);
    const reports = await runNotebooks([file], { engine, reportsDir, strict: true });
    const skipped = [{ index: 2, location: `${file}:21`, why: 'marked skip: needs a registry' }];
    expect(reports[0]!.cells.map((c) => c.status)).toEqual(['passed', 'skipped', 'passed']);
    expect(reports[0]!.skippedCells).toEqual(skipped);
    expect(reports.failures).toEqual([
      'strict: 1 cell was skipped, and a strict run allows none (listed under "skipped")',
    ]);
    const json = JSON.parse(readFileSync(join(reportsDir, '01-skipping.json'), 'utf8')) as NotebookReport;
    expect(json.skippedCells).toEqual(skipped);
    expect(json.cells[1]).toMatchObject({
      status: 'skipped',
      reason: 'skip',
      message: 'needs a registry',
      location: skipped[0]!.location,
    });

    // The guide, rendered from that JSON, lists it on the notebook's page and on the index.
    renderGuide({ notebooksDir, reportsDir, outDir: join(root, 'site') });
    const item = `<code>${skipped[0]!.location}</code>: marked skip: needs a registry</li>`;
    expect(readFileSync(join(root, 'site', '01-skipping.html'), 'utf8')).toContain(
      `<a href="#cell-2">cell 2</a> ${item}`,
    );
    expect(readFileSync(join(root, 'site', 'index.html'), 'utf8')).toContain(
      `<a href="01-skipping.html#cell-2">Skips a cell, cell 2</a> ${item}`,
    );
  });

  it('reports the cells of notebooks a failure kept from running as skipped, naming the failure', async () => {
    const reportsDir = mkdtempSync(join(tmpdir(), 'dockbook-unrun-'));
    const reports = await runNotebooks([fixture('failing-check'), fixture('skipping')], { engine, reportsDir });
    expect(reports.map((r) => [r.path, r.passed, r.failed, r.skipped])).toEqual([
      [fixture('failing-check'), 0, 1, 0],
      [fixture('skipping'), 0, 0, 3],
    ]);
    const why = `not run: an earlier notebook failed, at ${fixture('failing-check')}:12`;
    expect(reports[1]!.skippedCells!.map((s) => [s.location, s.why])).toEqual(
      [`:13`, `:21`, `:29`].map((line) => [`${fixture('skipping')}${line}`, why]),
    );
    expect(reports.failures).toEqual(['the run failed: 1 cell failed']);
    const json = JSON.parse(readFileSync(join(reportsDir, 'skipping.json'), 'utf8')) as NotebookReport;
    expect(json.skippedCells).toHaveLength(3);
  });
});

describe("a kernel's warm-up before the first cell", () => {
  it('loads dockbook in the notebooks folder and defines and prints nothing', async () => {
    const kernel = await startKernel(join(packageRoot, 'notebooks'));
    try {
      const warm = await kernel.execute(WARM_UP, { timeoutMs: 60_000 });
      expect(warm.status).toBe('ok');
      expect(warm.outputs).toEqual([]);
      // Nothing is defined: a cell may still declare any name, `dockbook`'s exports included.
      const after = await kernel.execute("import { openSession } from 'dockbook'; typeof openSession");
      expect(after.outputs).toEqual([{ type: 'stream', name: 'stdout', text: 'function\n' }]);
    } finally {
      await kernel.shutdown();
    }
  });
});
