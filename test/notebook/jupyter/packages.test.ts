import { execa } from 'execa';
import { describe, expect, it } from 'vitest';
import { DEBIAN_PYTHON, ensureJupyter, JUPYTER_PACKAGES } from '../../../src/notebook/jupyter/packages.ts';

describe('ensureJupyter', () => {
  it('installs only the packages whose command is missing, in one go', async () => {
    const installs: string[][] = [];
    const install = async (packages: string[]) => {
      installs.push(packages);
    };
    expect(
      await ensureJupyter({
        exists: (command) => command !== 'jupyter-execute' && command !== 'jupyter-kernelspec',
        install,
      }),
    ).toEqual(['python3-nbclient', 'jupyter-client']);
    expect(await ensureJupyter({ exists: () => true, install })).toEqual([]);
    expect(installs).toEqual([['python3-nbclient', 'jupyter-client']]);
  });

  it("leaves Debian's Jupyter client importable by Debian's Python, its commands in /usr/bin", async () => {
    await ensureJupyter({ log: (line) => console.error(line) });
    const { stdout } = await execa(DEBIAN_PYTHON, [
      '-c',
      'import nbclient, nbconvert, jupyter_client; print(nbclient.__file__)',
    ]);
    expect(stdout).toMatch(/^\/usr\/lib\/python3\/dist-packages\/nbclient\//);
    for (const command of Object.values(JUPYTER_PACKAGES)) await execa(`/usr/bin/${command}`, ['--version']);
  }, 600_000);
});
