import { spawn } from 'node:child_process';
import { closeSync, existsSync, mkdirSync, openSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { DockbookError, type ErrorCode } from '../errors.ts';

/**
 * A long-running process the project started (dockerd, docker-registry, podman), as recorded in its
 * folder's `owned.json`. `marker` is a string its command line must contain for a live pid to
 * still count as this process: pids are reused, and a record must never let `down` signal a
 * stranger.
 */
export interface OwnedProcess {
  pid: number;
  /** Where it listens (a socket URL or host:port), for status lines. */
  host: string;
  startedAt: string;
  logFile: string;
  marker: string;
}

const RECORD = 'owned.json';

/** Blocks this thread for `ms` (a few milliseconds, where a caller cannot await). */
function pause(ms: number): void {
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);
}

/**
 * Whether `pid` is alive and its command line contains `marker`. A live process reads an empty command line for a
 * moment while it execs (a wrapper that execs the program, as `nsenter … dockerd` does; milliseconds on a busy
 * machine): that is read again, up to 100 ms, rather than taken for a stranger. A zombie has exited.
 */
export function processMatches(pid: number, marker: string): boolean {
  try {
    process.kill(pid, 0);
    for (let tries = 0; ; tries++) {
      const cmdline = readFileSync(`/proc/${pid}/cmdline`, 'utf8');
      if (cmdline !== '' || tries === 20) return cmdline.includes(marker);
      if (/^\d+ \(.*\) Z/s.test(readFileSync(`/proc/${pid}/stat`, 'utf8'))) return false;
      pause(5);
    }
  } catch {
    return false;
  }
}

/** The last `lines` lines of a log file, or `(the log is empty)`. */
export function logTail(file: string, lines = 15): string {
  const text = existsSync(file) ? readFileSync(file, 'utf8').trimEnd() : '';
  return text ? text.split('\n').slice(-lines).join('\n') : '(the log is empty)';
}

/**
 * The process this project started in `dir` and that is still alive, if any. A stale record
 * (the process gone, or its pid now someone else's) is removed, with the pid file beside it.
 */
export function readOwnedProcess<T extends OwnedProcess = OwnedProcess>(dir: string, pidFile?: string): T | undefined {
  const file = join(dir, RECORD);
  if (!existsSync(file)) return undefined;
  const owned = JSON.parse(readFileSync(file, 'utf8')) as Partial<T>;
  if (typeof owned.pid === 'number' && typeof owned.marker === 'string' && processMatches(owned.pid, owned.marker)) {
    return owned as T;
  }
  forget(dir, pidFile);
  return undefined;
}

function forget(dir: string, pidFile?: string): void {
  rmSync(join(dir, RECORD), { force: true });
  if (pidFile) rmSync(join(dir, pidFile), { force: true });
}

/** How to start one owned process and how to tell it is ready. */
export interface OwnedProcessSpec<T extends OwnedProcess> {
  /** The executable. */
  bin: string;
  args: string[];
  /** Holds the record, the log and (when named) the pid file. */
  dir: string;
  /** The log's file name in `dir`. */
  logName: string;
  /** The process's environment. Default this process's (podman reads its configuration files' paths from it). */
  env?: NodeJS.ProcessEnv;
  /** A pid file this module writes and removes with the record (dockerd writes its own). */
  pidFile?: string;
  /** What the record says besides pid, startedAt and logFile. */
  record: Omit<T, 'pid' | 'startedAt' | 'logFile'>;
  /** Polled until true; the process exiting first or the deadline passing is a failure. */
  ready: () => Promise<boolean>;
  pollMs: number;
  timeoutMs: number;
  /** The failure's code, operation and target, and the command a reader would run to see it fail. */
  failure: { code: ErrorCode; operation: string; target: string; command: string; logLines?: number };
}

/**
 * Starts `bin args` detached (stdout and stderr appended to its log), records it in `dir`, and
 * waits until `ready()` answers true. A process that exits or stays silent is stopped, forgotten
 * and reported as a DockbookError that quotes its log.
 */
export async function startOwnedProcess<T extends OwnedProcess>(spec: OwnedProcessSpec<T>): Promise<T> {
  const { bin, args, dir, logName, env = process.env, pidFile, ready, pollMs, timeoutMs, failure } = spec;
  mkdirSync(dir, { recursive: true });
  const logFile = join(dir, logName);
  const fd = openSync(logFile, 'a');
  const child = spawn(bin, args, { detached: true, env, stdio: ['ignore', fd, fd] });
  closeSync(fd);
  child.unref();
  const pid = child.pid!;
  const owned = { ...spec.record, pid, startedAt: new Date().toISOString(), logFile } as T;
  if (pidFile) writeFileSync(join(dir, pidFile), `${pid}\n`);
  writeFileSync(join(dir, RECORD), `${JSON.stringify(owned, null, 2)}\n`);
  const alive = (): boolean => processMatches(pid, owned.marker);
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline && alive()) {
    if (await ready()) return owned;
    await new Promise((r) => setTimeout(r, pollMs));
  }
  const exited = !alive();
  if (!exited) process.kill(pid, 'SIGTERM');
  forget(dir, pidFile);
  const name = bin.split('/').pop();
  throw new DockbookError({
    code: failure.code,
    operation: failure.operation,
    target: failure.target,
    reason:
      `${exited ? `${name} exited as it started` : `${name} did not answer within ${timeoutMs / 1000}s`}. ` +
      `Its log ends:\n${logTail(logFile, failure.logLines)}`,
    hint: `Read ${logFile}.`,
    command: failure.command,
  });
}

/**
 * Stops the process this project started in `dir` (and only that one): SIGTERM, then SIGKILL
 * after `timeoutMs`. Returns its pid, or undefined if none ran.
 */
export async function stopOwnedProcess(dir: string, timeoutMs: number, pidFile?: string): Promise<number | undefined> {
  const owned = readOwnedProcess(dir, pidFile);
  if (!owned) return undefined;
  process.kill(owned.pid, 'SIGTERM');
  const deadline = Date.now() + timeoutMs;
  while (processMatches(owned.pid, owned.marker) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
  if (processMatches(owned.pid, owned.marker)) process.kill(owned.pid, 'SIGKILL');
  forget(dir, pidFile);
  return owned.pid;
}
