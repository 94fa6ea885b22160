import { join } from 'node:path';
import { withLock } from '../engine/lock.ts';
import { DockbookError } from '../errors.ts';
import { ensureCommand, which } from '../host/apt.ts';
import { probeRegistry, registryRepositories } from './api.ts';
import { publicRegistryDir, registryHost } from './config.ts';
import { readOwnedRegistry, serveRegistry, stopRegistry } from './serve.ts';

export interface RegistryUpOptions {
  env?: NodeJS.ProcessEnv;
  /** Install Debian's docker-registry when it is missing. Default true. */
  install?: boolean;
  log?: (line: string) => void;
  /** How long to wait for a started registry to answer, ms. Default 15000. */
  timeoutMs?: number;
}

export interface RegistryUpResult {
  /** `127.0.0.1:<port>`, as image references name it. */
  host: string;
  /** True when this call started the registry (and `registry down` will stop it). */
  started: boolean;
  /** True when this call installed docker-registry. */
  installed: boolean;
  /** Milliseconds from spawning the registry to its first answer, when this call started it. */
  startMs?: number;
}

function portTaken(host: string): DockbookError {
  return new DockbookError({ code: 'PORT_IN_USE', operation: 'registry up', target: host, reason: 'something that is not a Docker registry listens there', hint: 'Stop it, or choose another port with DOCKBOOK_REGISTRY_PORT.' });
}

/**
 * Makes sure the public registry answers at 127.0.0.1:<DOCKBOOK_REGISTRY_PORT or 5000>: a
 * registry already answering there is used as it is; otherwise Debian's `docker-registry` is
 * installed if needed (install: true by default, root on Debian/Ubuntu) and started, with
 * anonymous pull and push, storage and state under `<cache>/registry/public/`.
 *
 * @example
 * const up = await registryUp();
 * up.host; // '127.0.0.1:5000'
 */
export async function registryUp(options: RegistryUpOptions = {}): Promise<RegistryUpResult> {
  const { env = process.env, install = true, log = () => {}, timeoutMs = 15_000 } = options;
  const host = registryHost(env);
  const dir = publicRegistryDir(env);
  const first = await probeRegistry(host);
  if (first === 'registry') return { host, started: false, installed: false };
  if (first === 'other') throw portTaken(host);
  return withLock(join(dir, 'start.lock'), async () => {
    // Another dockbook process may have started it while this one waited for the lock.
    const now = await probeRegistry(host);
    if (now === 'registry') return { host, started: false, installed: false };
    if (now === 'other') throw portTaken(host);
    const missing = !which('docker-registry');
    if (missing && !install) {
      throw new DockbookError({ code: 'MISSING_DEPENDENCY', operation: 'registry up', target: 'docker-registry', reason: 'docker-registry is not installed', hint: 'apt-get install docker-registry, or allow dockbook to install it.' });
    }
    const bin = await ensureCommand('docker-registry', 'docker-registry', 'registry up', log);
    log(`starting docker-registry on ${host} (log: ${join(dir, 'registry.log')})…`);
    const t0 = performance.now();
    await serveRegistry({ bin, dir, host, timeoutMs });
    return { host, started: true, installed: missing, startMs: Math.round(performance.now() - t0) };
  });
}

/**
 * Stops the public registry if this project started it; a registry it did not start is left
 * running. Returns the pid it stopped, or undefined.
 *
 * @example
 * await registryDown(); // 12345, or undefined when dockbook started none
 */
export async function registryDown(env: NodeJS.ProcessEnv = process.env): Promise<number | undefined> {
  return stopRegistry(publicRegistryDir(env));
}

export interface RegistryStatus {
  host: string;
  /** True when a registry answers at the host. */
  running: boolean;
  /** True when this project started it (pid, log and storage below are then its own). */
  owned: boolean;
  pid?: number;
  logFile?: string;
  /** Where an owned registry keeps its blobs. */
  storage: string;
  /** The repositories it holds, e.g. `library/busybox`. */
  repositories: string[];
}

/**
 * Whether the public registry answers, whether the project started it, and what it holds.
 *
 * @example
 * (await registryStatus()).repositories; // ['library/busybox', 'library/debian', 'library/node']
 */
export async function registryStatus(env: NodeJS.ProcessEnv = process.env): Promise<RegistryStatus> {
  const host = registryHost(env);
  const dir = publicRegistryDir(env);
  const running = (await probeRegistry(host)) === 'registry';
  const owned = readOwnedRegistry(dir);
  const isOwned = running && owned !== undefined && owned.host === host;
  return {
    host,
    running,
    owned: isOwned,
    ...(isOwned ? { pid: owned.pid, logFile: owned.logFile } : {}),
    storage: join(dir, 'data'),
    repositories: running ? await registryRepositories(host) : [],
  };
}

/** The status as aligned `key: value` lines. */
export function formatRegistryStatus(status: RegistryStatus): string {
  const rows: [string, string][] = [
    ['registry', `http://${status.host} (public: anonymous pull and push)`],
    ['running', status.running ? 'yes' : 'no (start it with `dockbook registry up`)'],
    ['owned', status.owned ? `yes, docker-registry pid ${status.pid} started by dockbook (log: ${status.logFile})` : 'no (dockbook will not stop it)'],
    ['storage', status.owned ? status.storage : '(not dockbook\'s)'],
    ['repositories', status.repositories.length > 0 ? status.repositories.join(', ') : '(none)'],
  ];
  return rows.map(([k, v]) => `${`${k}:`.padEnd(14)}${v}`).join('\n');
}
