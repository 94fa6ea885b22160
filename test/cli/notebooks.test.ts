import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { execa } from 'execa';
import { describe, expect, it } from 'vitest';
import { readNotebook } from '../../src/notebook/format/parse.ts';

const dockbook = (...args: string[]) => execa('node', ['bin/dockbook.js', ...args]);
const fixture = 'test/notebook/run/fixtures/passing.md';

describe('dockbook export and import', () => {
  it('exports an nbformat 4.5 notebook and imports it back to the same cells', async () => {
    const out = mkdtempSync(join(tmpdir(), 'dockbook-export-'));
    await dockbook('export', '--ipynb', '--out', out, fixture);
    const ipynb = JSON.parse(readFileSync(join(out, 'passing.ipynb'), 'utf8')) as {
      nbformat: number;
      nbformat_minor: number;
      metadata: { kernelspec: { name: string } };
      cells: Array<{ cell_type: string }>;
    };
    expect([ipynb.nbformat, ipynb.nbformat_minor, ipynb.metadata.kernelspec.name]).toEqual([4, 5, 'dockbook']);
    const md = join(out, 'passing.md');
    await dockbook('import', join(out, 'passing.ipynb'), '--out', md);
    const [before, after] = [readNotebook(fixture), readNotebook(md)];
    expect(after.cells.map((c) => [c.code, c.options, c.expected?.text])).toEqual(
      before.cells.map((c) => [c.code, c.options, c.expected?.text]),
    );
  });

  it('reports a malformed notebook as file:line, with exit code 3 (a file problem)', async () => {
    const result = await execa(
      'node',
      ['bin/dockbook.js', 'export', '--out', tmpdir(), 'test/notebook/format/fixtures/errors/unclosed-fence.md'],
      { reject: false },
    );
    expect(result.exitCode).toBe(3);
    expect(result.stderr).toMatch(/^dockbook: \S*unclosed-fence\.md:\d+: .+$/);
  });
});

describe('dockbook kernel install', () => {
  it("writes a kernelspec that runs this project's tslab with absolute paths", async () => {
    const dir = join(mkdtempSync(join(tmpdir(), 'dockbook-kernels-')), 'dockbook');
    const { stdout } = await dockbook('kernel', 'install', '--dir', dir);
    expect(stdout).toContain(dir);
    const spec = JSON.parse(readFileSync(join(dir, 'kernel.json'), 'utf8')) as { argv: string[]; display_name: string };
    expect(spec.display_name).toBe('TypeScript (dockbook)');
    expect(spec.argv).toContain('{connection_file}');
    for (const path of spec.argv.filter((a) => a.startsWith('/'))) expect(existsSync(path)).toBe(true);
  });
});

describe('dockbook clean', () => {
  it('sweeps only crashed sessions by default', async () => {
    const { stdout } = await dockbook('clean');
    expect(stdout).toMatch(/^removed \d+ containers, \d+ volumes, \d+ networks, \d+ images$/m);
  });
});
