import { existsSync, mkdirSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { execa } from 'execa';
import { describe, expect, it } from 'vitest';
import { cleanupSession } from '../../src/session/cleanup.ts';
import { createContext } from '../../src/core/context-factory.ts';
import { sweepStaleTempDirs, tempDir } from '../../src/session/temp-dirs.ts';

describe("a session's temporary folders", () => {
  it('hold a private copy of an app, and go with the session', async () => {
    const ctx = await createContext({ notebook: 'test:temp-dirs', cwd: 'notebooks' });
    const copy = tempDir(ctx, 'goals', 'apps/goals');
    const empty = tempDir(ctx, 'scratch space');
    expect(readdirSync(copy).sort()).toEqual(readdirSync('notebooks/apps/goals').sort());
    expect(empty).toMatch(new RegExp(`^${tmpdir()}/dockbook-tmp-${process.pid}-scratch_space-`));
    await cleanupSession(ctx);
    expect([existsSync(copy), existsSync(empty)]).toEqual([false, false]);
  });

  it('of a process that died are swept; those of live ones stay', async () => {
    const child = execa('true');
    const pid = child.pid;
    await child;
    const dead = join(tmpdir(), `dockbook-tmp-${pid}-goals-abc123`);
    const live = join(tmpdir(), `dockbook-tmp-${process.pid}-goals-def456`);
    mkdirSync(dead, { recursive: true });
    mkdirSync(live, { recursive: true });
    try {
      expect(sweepStaleTempDirs()).toContain(dead);
      expect([existsSync(dead), existsSync(live)]).toEqual([false, true]);
    } finally {
      rmSync(live, { recursive: true, force: true });
    }
  });
});
