import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connect } from '../../../src/core/connect.ts';
import { LABEL_SESSION } from '../../../src/core/labels.ts';
import { installKernelSpec } from '../../../src/notebook/kernel/kernelspec.ts';
import { packageRoot } from '../../../src/paths.ts';
import { removeLabelled } from '../../../src/session/cleanup.ts';
import { ensureCommand } from '../../../src/stack/apt.ts';

// A learner's Jupyter: Debian's `jupyter notebook` with the dockbook kernel, driven in Debian's
// Chromium. A build shows its steps while it runs, a listing is an HTML table, an error is
// three short lines. Screenshots go to reports/screenshots/jupyter-*.png.

const NOTEBOOKS = join(packageRoot, 'notebooks');
const SCREENSHOTS = join(packageRoot, 'reports', 'screenshots');
const session = `ui${randomBytes(4).toString('hex')}`;
const name = `ui-test-${session}.ipynb`;

const context = mkdtempSync(join(tmpdir(), 'dockbook-ui-build-'));
writeFileSync(
  join(context, 'Dockerfile'),
  // Slow steps, so the cell is still running while its first steps show.
  'FROM busybox\nRUN echo preparing && sleep 2\nRUN echo building && sleep 2\nCMD ["true"]\n',
);

const CELLS = [
  `import { openSession } from 'dockbook';\nconst docker = await openSession({ notebook: 'ui', id: '${session}' });`,
  `const built = await docker.build(${JSON.stringify(context)}, { tags: ['ui-${session}:v1'], noCache: true });\n` +
    'built.steps.length',
  `await docker.run('busybox', 'true', { name: docker.name('listed') });\nawait docker.ps({ all: true })`,
  `await docker.rm('no-such-container-${session}');`,
  'await docker.cleanup();',
];

const notebook = {
  nbformat: 4,
  nbformat_minor: 5,
  metadata: {
    kernelspec: { name: 'dockbook', display_name: 'TypeScript (dockbook)', language: 'typescript' },
    language_info: { name: 'typescript' },
  },
  cells: CELLS.map((source, i) => ({
    cell_type: 'code',
    id: `c${i}`,
    metadata: {},
    execution_count: null,
    outputs: [],
    source,
  })),
};

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

let server: ChildProcess | undefined;
let browser: BrowserContext | undefined;
let page: Page;
let opened = false;
const home = mkdtempSync(join(tmpdir(), 'dockbook-jupyter-home-'));

beforeAll(async () => {
  // Debian's packages, installed when missing, as the README's set-up says.
  const jupyter = await ensureCommand('jupyter-notebook', 'jupyter-notebook', 'jupyter ui test');
  const executablePath = await ensureCommand('chromium', 'chromium', 'jupyter ui test');
  // A learner's Jupyter: not under dockbook's runner (DOCKBOOK_RUN unset).
  const { DOCKBOOK_RUN: _run, ...inherited } = process.env;
  const env: NodeJS.ProcessEnv = {
    ...inherited,
    JUPYTER_DATA_DIR: join(home, 'data'),
    JUPYTER_CONFIG_DIR: join(home, 'config'),
    JUPYTER_RUNTIME_DIR: join(home, 'runtime'),
    HOME: home,
  };
  await installKernelSpec({ env });
  writeFileSync(join(NOTEBOOKS, name), JSON.stringify(notebook, null, 1));
  const port = await freePort();
  const token = randomBytes(16).toString('hex');
  server = spawn(
    jupyter,
    [
      '--no-browser',
      '--allow-root',
      '--ip=127.0.0.1',
      `--port=${port}`,
      '--port-retries=0',
      `--NotebookApp.token=${token}`,
      `--notebook-dir=${NOTEBOOKS}`,
    ],
    { env, stdio: ['ignore', 'ignore', 'pipe'], detached: true },
  );
  let log = '';
  server.stderr?.on('data', (chunk: Buffer) => (log += chunk.toString()));
  const base = `http://127.0.0.1:${port}`;
  for (let waited = 0; ; waited += 200) {
    const up = await fetch(`${base}/api/status?token=${token}`).then(
      (r) => r.ok,
      () => false,
    );
    if (up) break;
    if (server.exitCode !== null || waited > 60_000) throw new Error(`jupyter notebook did not start:\n${log}`);
    await new Promise((r) => setTimeout(r, 200));
  }
  browser = await chromium.launchPersistentContext(mkdtempSync(join(tmpdir(), 'dockbook-chromium-')), {
    executablePath,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking'],
    headless: true,
    viewport: { width: 1200, height: 900 },
  });
  page = await browser.newPage();
  await page.goto(`${base}/notebooks/${name}?token=${token}`, { waitUntil: 'load' });
  // The kernel is started and idle.
  await page.waitForFunction('window.Jupyter?.notebook?.kernel?.is_connected?.() === true', undefined, {
    timeout: 120_000,
  });
  opened = true;
  mkdirSync(SCREENSHOTS, { recursive: true });
}, 300_000);

afterAll(async () => {
  // The notebook's own cleanup cell, as a learner ends; it may wait for other runs' builds on the engine (a
  // removal waits for builds in flight), so it gets its time here, outside the claims, and the label sweep follows.
  if (opened) {
    await execute(CELLS.length - 1).catch(() => undefined);
    await waitIdle(CELLS.length - 1, 300_000).catch(() => undefined);
  }
  await browser?.close();
  if (server?.pid) {
    try {
      process.kill(-server.pid, 'SIGTERM');
    } catch {
      // already gone
    }
  }
  rmSync(join(NOTEBOOKS, name), { force: true });
  rmSync(join(NOTEBOOKS, '.ipynb_checkpoints', name.replace('.ipynb', '-checkpoint.ipynb')), { force: true });
  rmSync(context, { recursive: true, force: true });
  rmSync(home, { recursive: true, force: true });
  // What the notebook made, whatever happened to its cleanup cell.
  const engine = await connect();
  await removeLabelled(engine.docker, (labels) => labels[LABEL_SESSION] === session);
}, 420_000);

/** Runs cell `i` from the page, as Shift+Enter would. */
async function execute(i: number): Promise<void> {
  await page.evaluate(`Jupyter.notebook.select(${i}); Jupyter.notebook.execute_cells([${i}]);`);
}

/** Whether cell `i` is still running (its prompt shows `[*]`). */
function running(i: number): Promise<boolean> {
  return page.evaluate(`Jupyter.notebook.get_cell(${i}).element.find('.input_prompt').text().includes('*')`);
}

async function waitIdle(i: number, timeoutMs = 120_000): Promise<void> {
  await page.waitForFunction(
    `!Jupyter.notebook.get_cell(${i}).element.find('.input_prompt').text().includes('*') && ` +
      `/\\[\\d+\\]/.test(Jupyter.notebook.get_cell(${i}).element.find('.input_prompt').text())`,
    undefined,
    { timeout: timeoutMs, polling: 100 },
  );
}

function outputText(i: number): Promise<string> {
  return page.evaluate(`Jupyter.notebook.get_cell(${i}).element.find('.output_area').text()`);
}

describe("a learner's Jupyter Notebook (Debian's) with the dockbook kernel, in Chromium", () => {
  it('shows a build step by step while the cell still runs', async () => {
    await execute(0);
    await waitIdle(0);
    await execute(1);
    await page.waitForFunction(
      "Jupyter.notebook.get_cell(1).element.find('.output_area').text().includes('Step 1/')",
      undefined,
      { timeout: 60_000, polling: 50 },
    );
    const shownWhileRunning = await outputText(1);
    const stillRunning = await running(1);
    await page.screenshot({ path: join(SCREENSHOTS, 'jupyter-build-running.png'), fullPage: true });
    expect(stillRunning).toBe(true);
    expect(shownWhileRunning).toMatch(/Step 1\/4 : FROM busybox/);
    await waitIdle(1);
    const done = await outputText(1);
    expect(done).toMatch(/Step 4\/4 : CMD \["true"\]/);
    expect(done).not.toMatch(/LABEL dockbook/);
    expect(done).toMatch(/\b4\b/);
  }, 180_000);

  it('shows a listing as an HTML table, with no extra call in the cell', async () => {
    await execute(2);
    await waitIdle(2);
    const table = await page.evaluate(
      "Jupyter.notebook.get_cell(2).element.find('.output_area table').find('th').map((i, th) => th.textContent).get()",
    );
    await page.screenshot({ path: join(SCREENSHOTS, 'jupyter-listing.png'), fullPage: true });
    expect(table).toEqual(['CONTAINER ID', 'IMAGE', 'COMMAND', 'CREATED', 'STATUS', 'PORTS', 'NAMES']);
    expect(await outputText(2)).toContain(`listed-${session}`);
  }, 120_000);

  it('shows an error as three short lines: what and why, the hint, the docker command', async () => {
    await execute(3);
    await waitIdle(3);
    const text = (await outputText(3)).trim();
    await page.screenshot({ path: join(SCREENSHOTS, 'jupyter-error.png'), fullPage: true });
    const lines = text.split('\n');
    expect(lines).toHaveLength(3);
    expect(lines[0]).toMatch(/^DockbookError \[NOT_FOUND\]: \[rm\] container "no-such-container-ui[0-9a-f]+"/);
    expect(lines[1]).toMatch(/^ {2}hint: /);
    expect(lines[2]).toBe(`  $ docker rm no-such-container-${session}`);
  }, 120_000);
});
