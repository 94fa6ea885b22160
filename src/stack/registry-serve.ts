import { spawn } from 'node:child_process';
import {
  closeSync,
  existsSync,
  mkdirSync,
  openSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { join } from 'node:path';
import { DockbookError } from '../errors.ts';
import { probeRegistry } from '../registry/api.ts';
import { registryConfig, type HtpasswdAuth } from '../registry/config.ts';

/** A registry that dockbook started, as recorded in its ownership file. */
export interface OwnedRegistry {
  pid: number;
  host: string;
  startedAt: string;
  config: string;
  logFile: string;
}

function isAlive(pid: number, config: string): boolean {
  try {
    process.kill(pid, 0);
    return readFileSync(`/proc/${pid}/cmdline`, 'utf8').includes(config);
  } catch {
    return false;
  }
}

/** The registry this project started in `dir` and that is still alive, if any. A stale record is removed. */
export function readOwnedRegistry(dir: string): OwnedRegistry | undefined {
  const file = join(dir, 'owned.json');
  if (!existsSync(file)) return undefined;
  const owned = JSON.parse(readFileSync(file, 'utf8')) as OwnedRegistry;
  if (isAlive(owned.pid, owned.config)) return owned;
  forget(dir);
  return undefined;
}

function forget(dir: string): void {
  rmSync(join(dir, 'owned.json'), { force: true });
  rmSync(join(dir, 'registry.pid'), { force: true });
}

function tail(file: string, lines = 10): string {
  if (!existsSync(file)) return '(no log)';
  return readFileSync(file, 'utf8').trimEnd().split('\n').slice(-lines).join('\n');
}

export interface ServeOptions {
  /** The `docker-registry` executable. */
  bin: string;
  /** Holds config.yml, data/, registry.pid, registry.log and owned.json. */
  dir: string;
  /** The loopback address to listen on, e.g. `127.0.0.1:5000`. */
  host: string;
  /** Basic authentication for a private registry; anonymous without it. */
  auth?: HtpasswdAuth;
  timeoutMs?: number;
}

/**
 * Runs `docker-registry serve` detached, with its config, pid file, log and ownership record in
 * `dir`, and waits until `GET /v2/` answers. A registry that exits or stays silent is an error
 * that quotes its log.
 */
export async function serveRegistry({
  bin,
  dir,
  host,
  auth,
  timeoutMs = 15_000,
}: ServeOptions): Promise<OwnedRegistry> {
  mkdirSync(join(dir, 'data'), { recursive: true });
  const config = join(dir, 'config.yml');
  writeFileSync(config, registryConfig(dir, host, auth));
  const logFile = join(dir, 'registry.log');
  const fd = openSync(logFile, 'a');
  const child = spawn(bin, ['serve', config], { detached: true, stdio: ['ignore', fd, fd] });
  closeSync(fd);
  child.unref();
  const pid = child.pid!;
  const owned: OwnedRegistry = { pid, host, startedAt: new Date().toISOString(), config, logFile };
  writeFileSync(join(dir, 'registry.pid'), `${pid}\n`);
  writeFileSync(join(dir, 'owned.json'), `${JSON.stringify(owned, null, 2)}\n`);
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline && isAlive(pid, config)) {
    if ((await probeRegistry(host, 500)) === 'registry') return owned;
    await new Promise((r) => setTimeout(r, 50));
  }
  const exited = !isAlive(pid, config);
  if (!exited) process.kill(pid, 'SIGTERM');
  forget(dir);
  const why = exited
    ? 'docker-registry exited as it started'
    : `docker-registry did not answer within ${timeoutMs / 1000}s`;
  throw new DockbookError({
    code: 'REGISTRY_START_FAILED',
    operation: 'registry up',
    target: host,
    reason: `${why}. Its log ends:\n${tail(logFile)}`,
    hint: `Read ${logFile}.`,
    command: `${bin} serve ${join(dir, 'config.yml')}`,
  });
}

/** Stops the registry this project started in `dir` (and only that one). Returns its pid, or undefined if none ran. */
export async function stopRegistry(dir: string, timeoutMs = 10_000): Promise<number | undefined> {
  const owned = readOwnedRegistry(dir);
  if (!owned) return undefined;
  process.kill(owned.pid, 'SIGTERM');
  const deadline = Date.now() + timeoutMs;
  while (isAlive(owned.pid, owned.config) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
  if (isAlive(owned.pid, owned.config)) process.kill(owned.pid, 'SIGKILL');
  forget(dir);
  return owned.pid;
}

/** What a garbage collection freed in a registry's storage. */
export interface GarbageReport {
  /** Bytes of blobs in the storage before and after. */
  before: number;
  after: number;
}

/**
 * Runs Distribution's `garbage-collect` on a stopped registry's storage in `dir`: the layers
 * of manifests that were deleted (what sessions pushed and their cleanup removed) go; every
 * blob a manifest still references stays. It must not run while that registry serves (a push
 * in flight could lose a layer), so a running registry is refused.
 *
 * @example
 * await collectGarbage('/usr/bin/docker-registry', dir); // { before: 152_000_000, after: 131_000_000 }
 */
export async function collectGarbage(bin: string, dir: string): Promise<GarbageReport> {
  if (readOwnedRegistry(dir)) {
    throw new DockbookError({
      code: 'CONFLICT_RUNNING',
      operation: 'registry gc',
      target: dir,
      reason: 'the registry still serves from this storage',
      hint: 'Stop it first (`dockbook registry gc` stops and restarts the ones dockbook started).',
      command: 'dockbook registry gc',
    });
  }
  const config = join(dir, 'config.yml');
  const before = storageBytes(join(dir, 'data'));
  if (!existsSync(config)) return { before, after: before };
  const { execa } = await import('execa');
  const run = await execa(bin, ['garbage-collect', config], { reject: false, all: true });
  if (run.exitCode !== 0) {
    throw new DockbookError({
      code: 'ENGINE_ERROR',
      operation: 'registry gc',
      target: dir,
      reason:
        `docker-registry garbage-collect exited ` +
        `with ${run.exitCode}: ${String(run.all).trim().split('\n').slice(-5).join('\n')}`,
      hint: 'Run it yourself to see why.',
      command: `${bin} garbage-collect ${config}`,
    });
  }
  return { before, after: storageBytes(join(dir, 'data')) };
}

/** The bytes of the files under a folder (0 when it does not exist). */
function storageBytes(path: string): number {
  if (!existsSync(path)) return 0;
  const stat = statSync(path);
  if (!stat.isDirectory()) return stat.size;
  return readdirSync(path).reduce((sum, name) => sum + storageBytes(join(path, name)), 0);
}
