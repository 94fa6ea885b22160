import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
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

describe('dockbook run -j: notebooks at once', () => {
  const [slow, fast] = ['slow', 'fast'].map((name) => `test/notebook/run/fixtures/parallel/${name}.md`) as [
    string,
    string,
  ];

  it("prints each notebook's lines together as it ends, and the summary in course order", async () => {
    // The slow notebook's last cell waits for this file, made once the fast notebook's lines are out.
    const gate = join(mkdtempSync(join(tmpdir(), 'dockbook-gate-')), 'open');
    const child = execa('node', ['bin/dockbook.js', 'run', '-j', '2', slow, fast], {
      reject: false,
      env: { DOCKBOOK_TEST_GATE: gate },
    });
    let stderr = '';
    child.stderr!.on('data', (chunk: Buffer) => {
      stderr += chunk.toString();
      if (stderr.includes(`✓ ${fast} cell 1/1`)) writeFileSync(gate, '');
    });
    const result = await child;
    expect(result.exitCode, result.stderr).toBe(0);
    const lines = result.stderr.split('\n').filter((line) => line.includes('fixtures/parallel/'));
    expect(lines.map((line) => line.replace(/ \d+\.\ds$/, ''))).toEqual([
      `  ✓ ${fast} cell 1/1`,
      `  ✓ ${slow} cell 1/2`,
      `  ✓ ${slow} cell 2/2`,
    ]);
    expect(result.stderr).toContain('running 2 notebooks, 2 at a time (-j 1: one at a time)\n');
    expect(result.stderr).toMatch(/^2 notebooks in \d+\.\ds$/m);
    const rows = result.stdout.split('\n').filter((line) => line.includes('fixtures/parallel/'));
    expect(rows.map((row) => row.split(/\s+/).slice(0, 4))).toEqual([
      [slow, '2', '0', '0'],
      [fast, '1', '0', '0'],
    ]);
    expect(result.stdout.trimEnd().split('\n').at(-1)).toBe('3 passed, 0 failed');
  }, 300_000);

  it('documents -j in its help, with the default on this machine', async () => {
    for (const command of ['run', 'update', 'start']) {
      const { stdout } = await execa('node', ['bin/dockbook.js', command, '--help']);
      expect(stdout).toMatch(/-j, --jobs <n>\s+how many notebooks run at once \(default: \d+ here/);
    }
  });
});
