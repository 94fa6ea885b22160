import { mkdirSync, openSync, closeSync, readFileSync, rmSync, writeSync } from 'node:fs';
import { dirname } from 'node:path';
import { DockbookError } from '../errors.ts';

function holderAlive(file: string): boolean {
  try {
    const pid = Number(readFileSync(file, 'utf8'));
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/**
 * Runs `work` while holding an exclusive lock file (its holder's pid inside), so that two
 * dockbook processes never start two engines at once. A lock whose holder died is taken over.
 */
export async function withLock<T>(file: string, work: () => Promise<T>, timeoutMs = 180_000): Promise<T> {
  mkdirSync(dirname(file), { recursive: true });
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      const fd = openSync(file, 'wx');
      writeSync(fd, String(process.pid));
      closeSync(fd);
      break;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      if (!holderAlive(file)) {
        rmSync(file, { force: true });
        continue;
      }
      if (Date.now() > deadline) {
        throw new DockbookError({
          code: 'TIMEOUT',
          operation: 'lock',
          target: file,
          reason: 'another dockbook process has held this lock for too long',
          hint: `If no dockbook process runs, remove ${file}.`,
          command: `rm ${file}`,
        });
      }
      await new Promise((r) => setTimeout(r, 200));
    }
  }
  try {
    return await work();
  } finally {
    rmSync(file, { force: true });
  }
}
