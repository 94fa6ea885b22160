import { execa } from 'execa';
import { describe, expect, it } from 'vitest';

const fixture = 'test/notebook/run/fixtures/skipping.md';
const run = (...args: string[]) => execa('node', ['bin/dockbook.js', 'run', ...args], { reject: false });
const listed = `  ${fixture}:21  cell 2: marked skip: needs a registry`;

describe('dockbook run and skipped cells', () => {
  it('with --strict, exits 1 naming the skipped cell and saying why the run failed', async () => {
    const result = await run('--strict', fixture);
    expect(result.exitCode, result.stderr).toBe(1);
    expect(result.stdout).toContain(`skipped:\n${listed}\n`);
    expect(result.stdout).toContain('2 passed, 0 failed, 1 skipped');
    expect(result.stdout.trimEnd().split('\n').at(-1)).toBe(
      'strict: 1 cell was skipped, and a strict run allows none (listed under "skipped")',
    );
    expect(result.stderr).toContain(`- ${fixture} cell 2/3 0.0s (marked skip: needs a registry)`);
  });

  it('without --strict, passes and still lists the skipped cell', async () => {
    const result = await run(fixture);
    expect(result.exitCode, result.stderr).toBe(0);
    expect(result.stdout).toContain(`skipped:\n${listed}\n`);
    expect(result.stdout.trimEnd().split('\n').at(-1)).toBe('2 passed, 0 failed, 1 skipped');
  });

  it('documents --strict in its help', async () => {
    const { stdout } = await execa('node', ['bin/dockbook.js', 'run', '--help']);
    expect(stdout).toMatch(/--strict\s+fail \(exit code 1\) when any cell was skipped/);
  });
});
