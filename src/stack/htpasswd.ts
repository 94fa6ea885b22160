import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { execa } from 'execa';
import { DockbookError } from '../errors.ts';
import type { HtpasswdAuth } from '../registry/config.ts';
import { courseCredentials, PRIVATE_REALM } from '../registry/credentials.ts';
import { ensureCommand } from './apt.ts';

/**
 * Writes `dir`/htpasswd for the course's credentials with a bcrypt hash (Distribution accepts
 * no other), made by Debian's `htpasswd -niB` (apache2-utils, installed when missing): the
 * password goes in on stdin, so it never shows in a process listing.
 */
export async function writeHtpasswd(dir: string, log: (line: string) => void = () => {}): Promise<HtpasswdAuth> {
  const credentials = courseCredentials(dir);
  const bin = await ensureCommand('htpasswd', 'apache2-utils', 'registry up', log);
  const path = join(dir, 'htpasswd');
  try {
    const { stdout } = await execa(bin, ['-niB', credentials.username], { input: credentials.password });
    writeFileSync(path, `${stdout.trim()}\n`, { mode: 0o600 });
  } catch (cause) {
    throw new DockbookError({
      code: 'REGISTRY_START_FAILED',
      operation: 'registry up',
      target: path,
      reason: `htpasswd failed (exit ${(cause as { exitCode?: number }).exitCode})`,
      hint: 'Check that apache2-utils works.',
      command: 'htpasswd -niB student',
    });
  }
  return { realm: PRIVATE_REALM, path };
}
