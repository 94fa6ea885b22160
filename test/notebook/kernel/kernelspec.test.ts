import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { installKernelSpec, jupyterKernelsDir } from '../../../src/notebook/kernel/kernelspec.ts';
import { kernelArgv } from '../../../src/notebook/kernel/command.ts';
import { packageRoot } from '../../../src/paths.ts';

describe('the kernelspec', () => {
  it("goes where jupyter_core looks for a user's kernels", () => {
    expect(jupyterKernelsDir({}, 'linux', '/home/me')).toBe('/home/me/.local/share/jupyter/kernels');
    expect(jupyterKernelsDir({ XDG_DATA_HOME: '/data' }, 'linux', '/home/me')).toBe('/data/jupyter/kernels');
    expect(jupyterKernelsDir({}, 'darwin', '/Users/me')).toBe('/Users/me/Library/Jupyter/kernels');
    expect(jupyterKernelsDir({ JUPYTER_DATA_DIR: '/jd' }, 'darwin', '/Users/me')).toBe('/jd/kernels');
  });

  it("installs kernel.json with the absolute command that starts this package's tslab", async () => {
    const dataDir = await mkdtemp(join(tmpdir(), 'dockbook-jupyter-'));
    try {
      const { dir, spec } = await installKernelSpec({ env: { JUPYTER_DATA_DIR: dataDir } });
      expect(dir).toBe(join(dataDir, 'kernels', 'dockbook'));
      expect(JSON.parse(await readFile(join(dir, 'kernel.json'), 'utf8'))).toEqual(spec);
      expect(spec).toMatchObject({
        display_name: 'TypeScript (dockbook)',
        language: 'typescript',
        interrupt_mode: 'signal',
      });
      expect(spec.argv[0]).toBe(process.execPath);
      expect(spec.argv.slice(-4)).toEqual([
        expect.stringMatching(/\/tslab\/bin\/tslab$/),
        'kernel',
        '--config-path',
        '{connection_file}',
      ]);
      for (const file of spec.argv.filter((arg) => arg.startsWith('/'))) expect(existsSync(file)).toBe(true);
    } finally {
      await rm(dataDir, { recursive: true, force: true });
    }
  });

  it('ships kernel/kernel.json with the command kernelArgv builds, relative to the package', async () => {
    const shipped = JSON.parse(await readFile(join(packageRoot, 'kernel', 'kernel.json'), 'utf8')) as {
      argv: string[];
    };
    const built = kernelArgv('{connection_file}', {
      node: 'node',
      tslabBin: join(packageRoot, 'node_modules/tslab/bin/tslab'),
    });
    expect(shipped.argv).toEqual(built.map((arg) => (arg.startsWith(packageRoot) ? relative(packageRoot, arg) : arg)));
  });
});
