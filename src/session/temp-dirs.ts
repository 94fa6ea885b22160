import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { sweepDeadPids } from '../core/pids.ts';
import type { Context } from '../core/context.ts';

/** The prefix of a session's temporary folders: the owning process's pid follows, so a sweep knows a dead one's. */
const PREFIX = 'dockbook-tmp-';

/**
 * A temporary folder of the session's own, `<tmp>/dockbook-tmp-<pid>-<name>-XXXXXX`, optionally
 * holding a copy of `copyOf` (relative to the session's folder): a private copy of an app that
 * cells may edit. `cleanup()` removes it, and the next session's sweep removes those of a
 * process that died (an interrupted or killed run).
 *
 * @example
 * const work = tempDir(ctx, 'goals', 'apps/goals'); // '/tmp/dockbook-tmp-4242-goals-Xy12ab'
 */
export function tempDir(ctx: Context, name: string, copyOf?: string): string {
  const dir = mkdtempSync(join(tmpdir(), `${PREFIX}${process.pid}-${name.replace(/[^\w.-]/g, '_')}-`));
  ctx.tempDirs.add(dir);
  if (copyOf !== undefined) cpSync(resolve(ctx.cwd, copyOf), dir, { recursive: true });
  return dir;
}

/** Removes the session's temporary folders. */
export function removeTempDirs(ctx: Context): string[] {
  const removed = [...ctx.tempDirs];
  for (const dir of removed) rmSync(dir, { recursive: true, force: true });
  ctx.tempDirs.clear();
  return removed;
}

/** Removes the temporary folders of sessions whose process is gone. */
export function sweepStaleTempDirs(dir = tmpdir()): string[] {
  return sweepDeadPids(dir, /^dockbook-tmp-(\d+)-/);
}
