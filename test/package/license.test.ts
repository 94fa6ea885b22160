import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { execa } from 'execa';
import { describe, expect, it } from 'vitest';

const root = resolve(import.meta.dirname, '..', '..');
const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { license: string };

describe('the LICENSE', () => {
  it("names the license package.json declares, on its first line, with the authors' copyright", () => {
    const [first, , copyright] = readFileSync(join(root, 'LICENSE'), 'utf8').split('\n');
    expect(pkg.license).toBe('MIT');
    expect(first).toBe(`${pkg.license} License`);
    expect(copyright).toBe('Copyright (c) 2026 the dockbook authors');
  });

  it('ships in the package', async () => {
    const { stdout } = await execa('npm', ['pack', '--dry-run', '--json', '--ignore-scripts'], { cwd: root });
    const [{ files }] = JSON.parse(stdout) as [{ files: Array<{ path: string }> }];
    expect(files.map((f) => f.path)).toContain('LICENSE');
  });
});
