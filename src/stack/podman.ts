import { existsSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { withLock } from '../core/lock.ts';
import { environment, logLine } from '../validate/common.ts';
import { boolean } from '../validate/shape.ts';
import { checkArgs, signature } from '../validate/signature.ts';
import type { EngineUpResult } from './engine.ts';
import { readOwnedProcess, stopOwnedProcess } from './owned-process.ts';
import { podmanPaths, ulimitsOf } from './podman-conf.ts';
import { containerUlimits, hardLimits } from './podman-host.ts';
import {
  answering,
  checkHost,
  dropStaleRunState,
  endpointOf,
  installPodman,
  lockFile,
  startService,
  writeConfiguration,
} from './podman-start.ts';
import { helpersGone, purgeFolder, stopContainers } from './podman-stop.ts';

export interface PodmanUpOptions {
  env?: NodeJS.ProcessEnv;
  /** Install Debian's podman (with netavark) when missing. Default true. */
  install?: boolean;
  log?: (line: string) => void;
}

export interface PodmanUpResult extends EngineUpResult {
  /** `unix://<cache>/podman/podman.sock`: set DOCKER_HOST to it to run the course on Podman. */
  host: string;
  /** The limits every container gets (containers.conf `default_ulimits`): `['nofile=20000:20000', …]`. */
  ulimits: string[];
}

/** What podmanUp() takes, checked at its entry: before it installs, writes or starts anything. */
export const PODMAN_UP_SIGNATURE = signature({
  operation: 'podmanUp',
  ctx: false,
  params: [],
  options: { env: environment, install: boolean, log: logLine },
  command: 'dockbook engine up --podman',
});

export interface PodmanDownOptions {
  env?: NodeJS.ProcessEnv;
  /** Also remove its folder: storage (images, containers, volumes), run state and configuration. Default false. */
  purge?: boolean;
  log?: (line: string) => void;
}

export interface PodmanDownResult {
  /** The service's pid, when one dockbook started was running. */
  pid?: number;
  /** The containers that were running and were stopped first (as dockerd stops its containers when it stops). */
  stopped: string[];
  /** True when its folder was removed. */
  purged: boolean;
}

/** What podmanDown() takes, checked at its entry. */
export const PODMAN_DOWN_SIGNATURE = signature({
  operation: 'podmanDown',
  ctx: false,
  params: [],
  options: { env: environment, purge: boolean, log: logLine },
  command: 'dockbook engine down --podman',
});

/** This process's hard limits, processes capped at kernel.pid_max: more cannot exist (the service's own limit is). */
function guessLimits(): { nofile?: number; nproc?: number } {
  const limits = hardLimits(readFileSync('/proc/self/limits', 'utf8'));
  const pidMax = Number(readFileSync('/proc/sys/kernel/pid_max', 'utf8'));
  return limits.nproc !== undefined && pidMax > 0 ? { ...limits, nproc: Math.min(limits.nproc, pidMax) } : limits;
}

/**
 * Starts the project's own Podman: Debian's `podman system service` (installed with netavark when missing, after
 * `apt-get update`) on `unix://<cache>/podman/podman.sock`, with its own storage, run state, network and
 * configuration under `<cache>/podman`: docker.io mirrored by the course's public registry, the course's registries
 * plain HTTP, and the container limits this machine allows (read from the running service's own hard limits; when
 * they are lower than those written, the configuration is rewritten and the service restarted once). It never
 * touches Docker's engine, its docker0 bridge or its iptables chains. A service already answering there is used as it
 * is. Defaults: env process.env, install true, no log.
 *
 * @example
 * const up = await podmanUp();
 * up.engine.kind; // 'podman'
 * up.host; // 'unix:///root/.cache/dockbook/podman/podman.sock': DOCKER_HOST for the course
 */
export async function podmanUp(options: PodmanUpOptions = {}): Promise<PodmanUpResult> {
  checkArgs(PODMAN_UP_SIGNATURE, arguments);
  const { env = process.env, install = true, log = () => {} } = options;
  const paths = podmanPaths(env);
  const current = (): string[] =>
    ulimitsOf(existsSync(paths.containersConf) ? readFileSync(paths.containersConf, 'utf8') : '') ?? [];
  const running = await answering(paths);
  if (running) return { engine: running, started: false, installed: false, host: paths.host, ulimits: current() };
  return withLock(lockFile(env), async () => {
    const raced = await answering(paths);
    if (raced) return { engine: raced, started: false, installed: false, host: paths.host, ulimits: current() };
    const t0 = performance.now();
    const installed = await installPodman(install, log);
    const installMs = Math.round(performance.now() - t0);
    checkHost(paths);
    dropStaleRunState(paths, log);
    const t1 = performance.now();
    // First what was derived last time, or a guess (this process's hard limits, no more processes than pids); then
    // what the service itself may give, read from it.
    let ulimits = current();
    if (ulimits.length === 0) ulimits = containerUlimits(guessLimits());
    writeConfiguration(paths, env, ulimits);
    log(`starting podman system service on ${paths.host} (log: ${join(paths.dir, 'podman.log')})…`);
    let [service, engine] = await startService(paths, env);
    const allowed = containerUlimits(hardLimits(readFileSync(`/proc/${service.pid}/limits`, 'utf8')));
    if (allowed.join() !== ulimits.join()) {
      log(`the service's own hard limits allow ${allowed.join(', ')}, not ${ulimits.join(', ')}: restarting it`);
      await stopOwnedProcess(paths.dir, 30_000);
      ulimits = allowed;
      writeConfiguration(paths, env, ulimits);
      [service, engine] = await startService(paths, env);
    }
    const startMs = Math.round(performance.now() - t1);
    return {
      engine,
      started: true,
      installed,
      ...(installed ? { installMs } : {}),
      startMs,
      host: paths.host,
      ulimits,
    };
  });
}

/**
 * Stops the project's own Podman (and only a service dockbook started: its pid's command line must still name its
 * socket): first its running containers, then the service. Nothing of Docker's is touched. With `purge`, its folder
 * goes too: images, containers, volumes, run state and configuration. Defaults: env process.env, purge false.
 *
 * @example
 * await podmanDown(); // { pid: 4242, stopped: [], purged: false }
 */
export async function podmanDown(options: PodmanDownOptions = {}): Promise<PodmanDownResult> {
  checkArgs(PODMAN_DOWN_SIGNATURE, arguments);
  const { env = process.env, purge: purging = false, log = () => {} } = options;
  const paths = podmanPaths(env);
  return withLock(lockFile(env), async () => {
    const owned = readOwnedProcess(paths.dir);
    let stopped: string[] = [];
    if (owned) {
      stopped = await stopContainers(paths, log);
      await helpersGone(paths, owned.pid);
      await stopOwnedProcess(paths.dir, 30_000);
      rmSync(paths.socket, { force: true });
    }
    const purged = purging && existsSync(paths.dir);
    if (purged) await purgeFolder(paths, log);
    return { ...(owned ? { pid: owned.pid } : {}), stopped, purged };
  });
}
