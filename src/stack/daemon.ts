import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, openSync, readFileSync, rmSync, writeFileSync, closeSync } from 'node:fs';
import { join } from 'node:path';
import { DockbookError } from '../errors.ts';
import { ensureCommand, which } from './apt.ts';
import { cacheDir } from '../paths.ts';

/** A dockerd that dockbook started, as recorded in its state file. */
export interface OwnedDaemon {
  pid: number;
  host: string;
  startedAt: string;
  logFile: string;
}

/** The host an owned dockerd listens on: the default socket, so the docker CLI finds it too. */
export const OWNED_HOST = 'unix:///var/run/docker.sock';

/** Where the owned engine's pid file, log and state live. */
export function engineDir(env: NodeJS.ProcessEnv = process.env): string {
  return join(cacheDir(env), 'engine');
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return readFileSync(`/proc/${pid}/cmdline`, 'utf8').includes('dockerd');
  } catch {
    return false;
  }
}

/** The dockerd this project started and that is still alive, if any. A stale record is removed. */
export function readOwned(dir: string = engineDir()): OwnedDaemon | undefined {
  const file = join(dir, 'owned.json');
  if (!existsSync(file)) return undefined;
  const owned = JSON.parse(readFileSync(file, 'utf8')) as OwnedDaemon;
  if (isAlive(owned.pid)) return owned;
  rmSync(file, { force: true });
  return undefined;
}

/** Installs Debian's `docker.io` when `dockerd` is missing. Returns whether it installed anything. */
export async function installDockerd(log: (line: string) => void = () => {}): Promise<boolean> {
  if (which('dockerd')) return false;
  await ensureCommand('dockerd', 'docker.io', 'engine up', log);
  return true;
}

function tail(file: string, lines = 15): string {
  if (!existsSync(file)) return '(no log)';
  return readFileSync(file, 'utf8').trimEnd().split('\n').slice(-lines).join('\n');
}

export interface StartOptions {
  dir?: string;
  /** Where it listens. Default the default socket (OWNED_HOST). */
  host?: string;
  /** Extra dockerd arguments, e.g. `--registry-mirror`. */
  args?: string[];
  /** Waits until this answers true (the engine is up), polling. */
  ready: () => Promise<boolean>;
  timeoutMs?: number;
}

/**
 * Starts a dockerd that the project owns, on the default socket unless `host` says otherwise,
 * with its pid file and log in `dir` (default under the cache folder), and waits until it answers.
 */
export async function startDockerd({
  dir = engineDir(),
  host = OWNED_HOST,
  args = [],
  ready,
  timeoutMs = 60_000,
}: StartOptions): Promise<OwnedDaemon> {
  const dockerd = which('dockerd');
  if (!dockerd) {
    throw new DockbookError({
      code: 'ENGINE_START_FAILED',
      operation: 'engine up',
      reason: 'dockerd is not installed',
      hint: "Install Debian's docker.io.",
      command: 'apt-get install docker.io',
    });
  }
  mkdirSync(dir, { recursive: true });
  const logFile = join(dir, 'dockerd.log');
  const fd = openSync(logFile, 'a');
  const child = spawn(dockerd, ['--host', host, '--pidfile', join(dir, 'dockerd.pid'), ...args], {
    detached: true,
    stdio: ['ignore', fd, fd],
  });
  closeSync(fd);
  child.unref();
  const pid = child.pid!;
  const owned: OwnedDaemon = { pid, host, startedAt: new Date().toISOString(), logFile };
  writeFileSync(join(dir, 'owned.json'), `${JSON.stringify(owned, null, 2)}\n`);
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (!isAlive(pid)) break;
    if (await ready()) return owned;
    await new Promise((r) => setTimeout(r, 100));
  }
  const exited = !isAlive(pid);
  if (!exited) process.kill(pid, 'SIGTERM');
  if (readOwned(dir)?.pid === pid) rmSync(join(dir, 'owned.json'), { force: true });
  throw new DockbookError({
    code: 'ENGINE_START_FAILED',
    operation: 'engine up',
    target: host,
    reason:
      `${exited ? 'dockerd exited as it started' : `dockerd did not answer within ${timeoutMs / 1000}s`}. ` +
      `Its log ends:\n${tail(logFile)}`,
    hint: `Read ${logFile}.`,
    command: `dockerd --host ${host}`,
  });
}

/** Stops the dockerd this project started (and only that one). Returns its pid, or undefined if none ran. */
export async function stopDockerd({ dir = engineDir(), timeoutMs = 30_000 } = {}): Promise<number | undefined> {
  const owned = readOwned(dir);
  if (!owned) return undefined;
  process.kill(owned.pid, 'SIGTERM');
  const deadline = Date.now() + timeoutMs;
  while (isAlive(owned.pid) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
  if (isAlive(owned.pid)) process.kill(owned.pid, 'SIGKILL');
  rmSync(join(dir, 'owned.json'), { force: true });
  return owned.pid;
}
