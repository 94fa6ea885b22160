import { existsSync, mkdirSync, readFileSync, rmSync, statfsSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { connect, type Engine } from '../core/connect.ts';
import type { Endpoint } from '../core/endpoint.ts';
import { DockbookError } from '../errors.ts';
import { cacheDir } from '../paths.ts';
import { aptInstall, which } from './apt.ts';
import { startOwnedProcess, type OwnedProcess } from './owned-process.ts';
import {
  containersConf,
  networkConfig,
  pathsProblem,
  PODMAN_NETWORK,
  podmanArgs,
  podmanEnv,
  registriesConf,
  storageConf,
  type PodmanPaths,
} from './podman-conf.ts';
import { bootTimeMs, conflictingRoutes, ipv4Routes, staleAfterReboot, storageDriver } from './podman-host.ts';

// Bringing the project's Podman service up: install, check the host, write its configuration, start it.

/** Debian's packages for the project's Podman: netavark and aardvark-dns are only recommended by podman's own. */
export const PODMAN_PACKAGES = ['podman', 'netavark', 'aardvark-dns', 'iptables'];

const NETAVARK = ['/usr/lib/podman/netavark', '/usr/libexec/podman/netavark'];
const UP = 'engine up --podman';

/** The service's socket as an endpoint, an explicit choice as DOCKER_HOST is. */
export const endpointOf = (paths: PodmanPaths): Endpoint => ({ host: paths.host, source: 'DOCKER_HOST' });
/** The service's Engine, or undefined where nothing answers: Podman 4.3 takes 1.5-2 s to answer `/version`. */
export const answering = (paths: PodmanPaths, timeoutMs = 10_000): Promise<Engine | undefined> =>
  connect({ endpoint: endpointOf(paths), timeoutMs }).catch(() => undefined);
/** The lock that up and down take turns under, beside (not in) the folder a purge removes. */
export const lockFile = (env: NodeJS.ProcessEnv): string => join(cacheDir(env), 'podman.lock');

/** Installs Debian's podman, netavark and aardvark-dns where podman or netavark is missing; whether it did. */
export async function installPodman(install: boolean, log: (line: string) => void): Promise<boolean> {
  if (which('podman') && NETAVARK.some((path) => existsSync(path))) return false;
  if (!install) {
    throw new DockbookError({
      code: 'MISSING_DEPENDENCY',
      operation: UP,
      target: 'podman',
      reason: 'podman (with netavark) is not installed, and installing was turned off',
      hint: 'Install it, or leave out --no-install.',
      command: `sudo apt-get install ${PODMAN_PACKAGES.join(' ')}`,
    });
  }
  log(`installing Debian ${PODMAN_PACKAGES.join(', ')}…`);
  await aptInstall(PODMAN_PACKAGES, UP);
  return true;
}

/** Refuses a host where the network's subnet is already routed elsewhere, and anyone but root (rootful Podman). */
export function checkHost(paths: PodmanPaths): void {
  const fail = (reason: string, hint: string, command: string): never => {
    throw new DockbookError({ code: 'ENGINE_START_FAILED', operation: UP, target: paths.host, reason, hint, command });
  };
  const problem = pathsProblem(paths);
  if (problem) {
    fail(
      problem,
      'Set DOCKBOOK_CACHE to a shorter folder, e.g. /var/tmp/dockbook.',
      `podman --runroot ${paths.runRoot} system service`,
    );
  }
  if (process.getuid?.() !== 0) {
    fail(
      'dockbook runs its Podman as root only (a bridge network with its own iptables rules)',
      'Run it as root, or start a Podman service of your own and set DOCKER_HOST to its socket.',
      `sudo dockbook ${UP}`,
    );
  }
  const routes = existsSync('/proc/net/route') ? ipv4Routes(readFileSync('/proc/net/route', 'utf8')) : [];
  const taken = conflictingRoutes(PODMAN_NETWORK.subnet, routes, PODMAN_NETWORK.bridge);
  if (taken.length > 0) {
    fail(
      `its network ${PODMAN_NETWORK.subnet} is already routed through ` +
        taken.map((r) => `${r.iface} (${r.network})`).join(', '),
      'Free that subnet (remove the interface or network using it) and start it again.',
      `ip route show to match ${PODMAN_NETWORK.subnet}`,
    );
  }
}

/** Removes run state left from before the last boot (see staleAfterReboot). */
export function dropStaleRunState(paths: PodmanPaths, log: (line: string) => void): void {
  const alive = join(paths.tmpDir, 'alive');
  const mtime = existsSync(alive) ? statSync(alive).mtimeMs : undefined;
  if (!staleAfterReboot(mtime, bootTimeMs(readFileSync('/proc/stat', 'utf8')))) return;
  log(`removing Podman's run state from before the last boot (${paths.runRoot}, ${paths.tmpDir})`);
  rmSync(paths.runRoot, { recursive: true, force: true });
  rmSync(paths.tmpDir, { recursive: true, force: true });
}

/** Writes its storage.conf, registries.conf, network definition and containers.conf (with these ulimits). */
export function writeConfiguration(paths: PodmanPaths, env: NodeJS.ProcessEnv, ulimits: readonly string[]): void {
  mkdirSync(paths.networkDir, { recursive: true });
  writeFileSync(paths.storageConf, storageConf(paths, storageDriver(statfsSync(paths.dir).type)));
  writeFileSync(paths.registriesConf, registriesConf(env));
  writeFileSync(join(paths.networkDir, `${PODMAN_NETWORK.name}.json`), networkConfig());
  writeFileSync(paths.containersConf, containersConf(paths, ulimits));
}

/** Starts the service and waits until it answers `/version`; returns its record and the Engine that answered. */
export async function startService(paths: PodmanPaths, env: NodeJS.ProcessEnv): Promise<[OwnedProcess, Engine]> {
  // A service that was killed leaves its socket behind; podman would refuse to listen on it.
  rmSync(paths.socket, { force: true });
  let engine: Engine | undefined;
  const service = await startOwnedProcess<OwnedProcess>({
    bin: which('podman') ?? 'podman',
    args: podmanArgs(paths),
    dir: paths.dir,
    logName: 'podman.log',
    env: podmanEnv(paths, env),
    record: { host: paths.host, marker: paths.host },
    ready: async () => (engine = await answering(paths)) !== undefined,
    pollMs: 100,
    timeoutMs: 60_000,
    failure: {
      code: 'ENGINE_START_FAILED',
      operation: UP,
      target: paths.host,
      command: `podman system service --time=0 ${paths.host}`,
    },
  });
  return [service, engine!];
}
