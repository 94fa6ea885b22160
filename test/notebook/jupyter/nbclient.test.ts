import { mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { execa } from 'execa';
import { beforeAll, describe, expect, it } from 'vitest';
import { connect } from '../../../src/core/connect.ts';
import { toIpynb, type Ipynb, type IpynbCell } from '../../../src/notebook/format/ipynb.ts';
import { readNotebook } from '../../../src/notebook/format/parse.ts';
import { installKernelSpec } from '../../../src/notebook/kernel/kernelspec.ts';
import { executeIpynb } from '../../../src/notebook/jupyter/nbclient.ts';
import { ensureJupyter } from '../../../src/notebook/jupyter/packages.ts';
import { packageRoot } from '../../../src/paths.ts';
import { removeLabelled } from '../../../src/session/cleanup.ts';
import { LABEL_RUN } from '../../../src/core/labels.ts';

const cwd = join(packageRoot, 'notebooks');
const run = `${process.env.DOCKBOOK_RUN ?? `vitest-${process.pid}`}:jupyter-nbclient`;
const env = { ...process.env, DOCKBOOK_RUN: run };

function notebook(...cells: Array<{ source: string; metadata?: Record<string, unknown> }>): Ipynb {
  return {
    nbformat: 4,
    nbformat_minor: 5,
    metadata: { kernelspec: { name: 'dockbook', display_name: 'TypeScript (dockbook)', language: 'typescript' } },
    cells: cells.map(({ source, metadata = {} }, i) => ({
      id: `c-${i + 1}`,
      cell_type: 'code',
      source,
      metadata,
      execution_count: null,
      outputs: [],
    })),
  };
}

const records = (ipynb: Ipynb) =>
  ipynb.cells.map((cell) => (cell.metadata.dockbook as { status?: string } | undefined)?.status);
const text = (cell: IpynbCell | undefined) =>
  cell?.cell_type === 'code'
    ? cell.outputs.map((o) => (o.output_type === 'stream' ? [o.text].flat().join('') : '')).join('')
    : '';

beforeAll(async () => {
  await ensureJupyter({ log: (line) => console.error(line) });
}, 600_000);

describe('executeIpynb', () => {
  it(
    'runs cells in order in the dockbook kernel, records ' + 'how each ended, and stops at the first unexpected error',
    async () => {
      const executed = await executeIpynb(
        notebook(
          { source: 'console.log(process.cwd(), process.env.DOCKBOOK_RUN)' },
          { source: "throw new Error('expected')", metadata: { tags: ['raises-exception'] } },
          { source: "throw new Error('unexpected')" },
          { source: "console.log('never')" },
        ),
        { cwd, env },
      );
      expect(records(executed)).toEqual(['ok', 'error', 'error', undefined]);
      expect(text(executed.cells[0])).toBe(`${cwd} ${run}\n`);
      expect(text(executed.cells[2])).toContain('Error: unexpected');
      expect(executed.cells[0]!.metadata.execution).toHaveProperty(['iopub.status.idle']);
    },
  );

  it("interrupts a cell at its own timeout and stops there; the kernel's cleanup cell is not written out", async () => {
    const executed = await executeIpynb(
      notebook({ source: 'await new Promise(() => {})', metadata: { timeout: 2 } }, { source: "console.log('never')" }),
      { cwd, env },
    );
    expect(records(executed)).toEqual(['timeout', undefined]);
    expect(executed.cells[0]!.metadata.dockbook).toMatchObject({
      error: { evalue: 'the cell ran past its 2 s timeout and Jupyter interrupted it' },
    });
    expect((executed.cells[0]!.metadata.dockbook as { duration_ms: number }).duration_ms).toBeLessThan(10_000);
    expect(executed.cells).toHaveLength(2);
  });

  it('fails with TIMEOUT when Jupyter as a whole runs out of time', async () => {
    await expect(
      executeIpynb(notebook({ source: 'await new Promise((resolve) => setTimeout(resolve, 60_000))' }), {
        cwd,
        env,
        timeoutMs: 1000,
      }),
    ).rejects.toMatchObject({ code: 'TIMEOUT' });
  });
});

describe("an exported notebook under Jupyter's own command line", () => {
  it('runs with `jupyter nbconvert --execute`: its raises= cell is tagged raises-exception', async () => {
    // A folder like notebooks/: `dockbook` resolves through node_modules.
    const dir = mkdtempSync(join(tmpdir(), 'dockbook-nbconvert-'));
    mkdirSync(join(dir, 'node_modules'));
    symlinkSync(packageRoot, join(dir, 'node_modules', 'dockbook'));
    writeFileSync(
      join(dir, 'passing.ipynb'),
      JSON.stringify(toIpynb(readNotebook('test/notebook/run/fixtures/passing.md'))),
    );
    await installKernelSpec({ dir: join(dir, 'jupyter', 'kernels', 'dockbook') });
    try {
      const jupyter = { JUPYTER_DATA_DIR: join(dir, 'jupyter'), JUPYTER_PATH: join(dir, 'jupyter'), DOCKBOOK_RUN: run };
      await execa(
        '/usr/bin/jupyter',
        ['nbconvert', '--to', 'notebook', '--execute', '--output', 'executed', join(dir, 'passing.ipynb')],
        { env: jupyter },
      );
      const executed = JSON.parse(readFileSync(join(dir, 'executed.ipynb'), 'utf8')) as Ipynb;
      const code = executed.cells.filter((cell) => cell.cell_type === 'code');
      expect(code.map((cell) => cell.metadata.tags)).toEqual([undefined, undefined, ['raises-exception']]);
      expect(text(code[0])).toBe('hello\n[exit 0]\n');
      expect(text(code[2])).toMatch(
        /^DockbookError \[NOT_FOUND\]: \[rm\] container "[^"]+": .*\n {2}hint: .*\n {2}\$ docker rm /,
      );
    } finally {
      // nbconvert runs no cleanup cell: the sleeper the notebook started goes by its label.
      await removeLabelled((await connect()).docker, (labels) => labels[LABEL_RUN] === run);
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
