import { existsSync, mkdirSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { DockbookError } from '../errors.ts';
import { probeRegistry } from '../registry/api.ts';
import { registryConfig, type HtpasswdAuth } from '../registry/config.ts';
import { readOwnedProcess, startOwnedProcess, stopOwnedProcess, type OwnedProcess } from './owned-process.ts';

/** A registry that dockbook started, as recorded in its ownership file (its marker is its config path). */
export interface OwnedRegistry extends OwnedProcess {
  config: string;
}

const PID_FILE = 'registry.pid';

/** The registry this project started in `dir` and that is still alive, if any. A stale record is removed. */
export function readOwnedRegistry(dir: string): OwnedRegistry | undefined {
  return readOwnedProcess<OwnedRegistry>(dir, PID_FILE);
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
  return startOwnedProcess<OwnedRegistry>({
    bin,
    args: ['serve', config],
    dir,
    logName: 'registry.log',
    pidFile: PID_FILE,
    record: { host, config, marker: config },
    ready: async () => (await probeRegistry(host, 500)) === 'registry',
    pollMs: 50,
    timeoutMs,
    failure: {
      code: 'REGISTRY_START_FAILED',
      operation: 'registry up',
      target: host,
      command: `${bin} serve ${config}`,
      logLines: 10,
    },
  });
}

/** Stops the registry this project started in `dir` (and only that one). Returns its pid, or undefined if none ran. */
export async function stopRegistry(dir: string, timeoutMs = 10_000): Promise<number | undefined> {
  return stopOwnedProcess(dir, timeoutMs, PID_FILE);
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
