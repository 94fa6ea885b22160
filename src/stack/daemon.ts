import { join } from 'node:path';
import { DockbookError } from '../errors.ts';
import { ensureCommand, which } from './apt.ts';
import { cacheDir } from '../paths.ts';
import { readOwnedProcess, startOwnedProcess, stopOwnedProcess, type OwnedProcess } from './owned-process.ts';

/** A dockerd that dockbook started, as recorded in its state file (its marker is `dockerd`). */
export type OwnedDaemon = OwnedProcess;

/** The host an owned dockerd listens on: the default socket, so the docker CLI finds it too. */
export const OWNED_HOST = 'unix:///var/run/docker.sock';

/** Where the owned engine's pid file, log and state live. */
export function engineDir(env: NodeJS.ProcessEnv = process.env): string {
  return join(cacheDir(env), 'engine');
}

/** The dockerd this project started and that is still alive, if any. A stale record is removed. */
export function readOwned(dir: string = engineDir()): OwnedDaemon | undefined {
  return readOwnedProcess(dir);
}

/** Installs Debian's `docker.io` when `dockerd` is missing. Returns whether it installed anything. */
export async function installDockerd(log: (line: string) => void = () => {}): Promise<boolean> {
  if (which('dockerd')) return false;
  await ensureCommand('dockerd', 'docker.io', 'engine up', log);
  return true;
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
  return startOwnedProcess<OwnedDaemon>({
    bin: dockerd,
    args: ['--host', host, '--pidfile', join(dir, 'dockerd.pid'), ...args],
    dir,
    logName: 'dockerd.log',
    record: { host, marker: 'dockerd' },
    ready,
    pollMs: 100,
    timeoutMs,
    failure: { code: 'ENGINE_START_FAILED', operation: 'engine up', target: host, command: `dockerd --host ${host}` },
  });
}

/** Stops the dockerd this project started (and only that one). Returns its pid, or undefined if none ran. */
export async function stopDockerd({ dir = engineDir(), timeoutMs = 30_000 } = {}): Promise<number | undefined> {
  return stopOwnedProcess(dir, timeoutMs);
}
