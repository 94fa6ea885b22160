import { readdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';

/**
 * Whether a process of this host is alive: signal 0 reaches it, or it exists but belongs to
 * another user (EPERM).
 *
 * @example
 * processAlive(process.pid); // true
 */
export function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * Removes the entries of `dir` whose name carries the pid of a process that is gone, where
 * `pattern`'s first group is that pid (a kernel's connection folder, a session's temporary
 * folder). Entries of live processes are kept. Returns the paths it removed.
 *
 * @example
 * sweepDeadPids(tmpdir(), /^dockbook-tmp-(\d+)-/); // ['/tmp/dockbook-tmp-4242-goals-Xy12ab']
 */
export function sweepDeadPids(dir: string, pattern: RegExp): string[] {
  const removed: string[] = [];
  for (const name of readdirSync(dir)) {
    const pid = Number(pattern.exec(name)?.[1]);
    if (!pid || processAlive(pid)) continue;
    rmSync(join(dir, name), { recursive: true, force: true });
    removed.push(join(dir, name));
  }
  return removed;
}
