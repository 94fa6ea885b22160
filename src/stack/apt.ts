import { existsSync, readFileSync } from 'node:fs';
import { delimiter, join } from 'node:path';
import { execa } from 'execa';
import { withLock } from '../core/lock.ts';
import { DockbookError } from '../errors.ts';
import { cacheDir } from '../paths.ts';

/** Finds an executable on PATH, plus the sbin folders a non-login shell may lack. */
export function which(name: string, env: NodeJS.ProcessEnv = process.env): string | undefined {
  const dirs = [...(env.PATH ?? '').split(delimiter), '/usr/local/sbin', '/usr/sbin', '/sbin'];
  return dirs
    .filter(Boolean)
    .map((dir) => join(dir, name))
    .find((path) => existsSync(path));
}

/** Whether this process may install Debian packages (root on Debian or Ubuntu), and if not, why. */
export function canInstallPackages(
  uid: number | undefined = process.getuid?.(),
  osRelease: string = existsSync('/etc/os-release') ? readFileSync('/etc/os-release', 'utf8') : '',
): { ok: true } | { ok: false; why: string } {
  if (uid !== 0) return { ok: false, why: 'dockbook installs system packages only when run as root' };
  const family = [...osRelease.matchAll(/^(?:ID|ID_LIKE)=(.*)$/gm)].map((m) => m[1]!.replace(/"/g, '')).join(' ');
  if (!/\b(debian|ubuntu)\b/.test(family))
    return { ok: false, why: 'dockbook installs system packages only on Debian or Ubuntu' };
  return { ok: true };
}

let updated: Promise<unknown> | undefined;
const aptEnv = { DEBIAN_FRONTEND: 'noninteractive' };
// apt-get waits this long for dpkg's own lock (held by an apt run outside dockbook) instead of failing at once.
const dpkgWait = ['-o', 'DPkg::Lock::Timeout=600'];

/**
 * Installs Debian packages with apt-get (running `apt-get update` once per process first).
 * Installs from several dockbook processes at once (parallel test files) take turns under a
 * lock in the cache folder, and each waits for dpkg's lock rather than failing on it.
 * Fails with a DockbookError that names the packages and how to install them by hand.
 */
export async function aptInstall(packages: string[], operation: string): Promise<void> {
  const can = canInstallPackages();
  const command = `apt-get install ${packages.join(' ')}`;
  if (!can.ok) {
    throw new DockbookError({
      code: 'MISSING_DEPENDENCY',
      operation,
      target: packages.join(' '),
      reason: `${packages.join(', ')} is not installed, and ${can.why}`,
      hint: 'Install it yourself as root.',
      command: `sudo ${command}`,
    });
  }
  try {
    await withLock(
      join(cacheDir(), 'apt.lock'),
      async () => {
        updated ??= execa('apt-get', [...dpkgWait, 'update'], { env: aptEnv, stdin: 'ignore' });
        await updated;
        await execa('apt-get', [...dpkgWait, 'install', '-y', '--no-install-recommends', ...packages], {
          env: aptEnv,
          stdin: 'ignore',
        });
      },
      1_200_000,
    );
  } catch (cause) {
    updated = undefined;
    const tail = (cause as Error).message.trim().split('\n').slice(-3).join(' ');
    throw new DockbookError({
      code: 'MISSING_DEPENDENCY',
      operation,
      target: packages.join(' '),
      reason: `apt-get could not install it: ${tail}`,
      hint: 'Try it yourself as root, and read what apt-get says.',
      command: `sudo ${command}`,
      cause,
    });
  }
}

/** Makes sure `command` exists, installing `pkg` for it when missing. Returns its path. */
export async function ensureCommand(
  command: string,
  pkg: string,
  operation: string,
  log: (line: string) => void = () => {},
): Promise<string> {
  const found = which(command);
  if (found) return found;
  log(`installing Debian ${pkg} (for ${command})…`);
  await aptInstall([pkg], operation);
  const installed = which(command);
  if (!installed) {
    throw new DockbookError({
      code: 'MISSING_DEPENDENCY',
      operation,
      target: pkg,
      reason: `${pkg} was installed but ${command} is not on PATH`,
      hint: `Add the folder that holds ${command} to PATH.`,
      command: `dpkg -L ${pkg}`,
    });
  }
  return installed;
}
