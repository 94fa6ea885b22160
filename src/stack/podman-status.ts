import { existsSync, readFileSync } from 'node:fs';
import { connect, type Engine } from '../core/connect.ts';
import { DockbookError } from '../errors.ts';
import { registryHost } from '../registry/config.ts';
import { environment } from '../validate/common.ts';
import { arrayOf, boolean, hasFields, string } from '../validate/shape.ts';
import { checkArgs, signature } from '../validate/signature.ts';
import { readOwnedProcess } from './owned-process.ts';
import { PODMAN_NETWORK, podmanPaths, ulimitsOf } from './podman-conf.ts';

export interface PodmanStatus {
  /** `unix://<cache>/podman/podman.sock`: what DOCKER_HOST is set to for the course to run on it. */
  host: string;
  /** Its folder: configuration, storage, run state, log. */
  dir: string;
  engineVersion: string;
  apiVersion: string;
  serverApiVersion: string;
  os: string;
  arch: string;
  storageDriver: string;
  /** Where its images and containers are (graphroot). */
  storageRoot: string;
  /** True when dockbook started it (and `engine down --podman` will stop it). */
  owned: boolean;
  pid?: number;
  logFile?: string;
  /** Its default network: `dockbook` on the bridge `dockbook0`, 10.87.0.0/24. */
  network: { name: string; bridge: string; subnet: string };
  /** The limits every container gets: `['nofile=20000:20000', 'nproc=32768:32768']`. */
  ulimits: string[];
  /** The registry that mirrors docker.io for it: `127.0.0.1:5000`. */
  mirror: string;
}

const envParam = { name: 'env', shape: environment, optional: true, example: {} };

/** What podmanStatus() takes, checked at its entry. */
export const PODMAN_STATUS_SIGNATURE = signature({
  operation: 'podmanStatus',
  ctx: false,
  params: [envParam],
  command: 'dockbook engine status --podman',
});

/** What formatPodmanStatus() takes, checked at its entry. */
export const FORMAT_PODMAN_STATUS_SIGNATURE = signature({
  operation: 'formatPodmanStatus',
  ctx: false,
  params: [
    {
      name: 'status',
      shape: hasFields(
        {
          host: string,
          dir: string,
          engineVersion: string,
          apiVersion: string,
          serverApiVersion: string,
          os: string,
          arch: string,
          storageDriver: string,
          storageRoot: string,
          owned: boolean,
          network: hasFields({ name: string, bridge: string, subnet: string }, 'a network { name, bridge, subnet }'),
          ulimits: arrayOf(string),
          mirror: string,
        },
        'a PodmanStatus (await podmanStatus())',
      ),
      example: {
        host: 'unix:///c/podman/podman.sock',
        dir: '/c/podman',
        engineVersion: '4.3.1',
        apiVersion: '1.41',
        serverApiVersion: '1.41',
        os: 'linux',
        arch: 'amd64',
        storageDriver: 'overlay',
        storageRoot: '/c/podman/storage',
        owned: false,
        network: { ...PODMAN_NETWORK },
        ulimits: [],
        mirror: '127.0.0.1:5000',
      },
    },
  ],
  command: 'dockbook engine status --podman',
});

/**
 * Describes the project's own Podman: where it listens, its version, storage, network, container limits and mirror,
 * and whether dockbook started it. Fails with ENGINE_UNREACHABLE when no service answers on its socket.
 * Default env process.env.
 *
 * @example
 * const status = await podmanStatus();
 * status.host; // 'unix:///root/.cache/dockbook/podman/podman.sock'
 */
export async function podmanStatus(env: NodeJS.ProcessEnv = process.env): Promise<PodmanStatus> {
  checkArgs(PODMAN_STATUS_SIGNATURE, arguments);
  const paths = podmanPaths(env);
  let engine: Engine;
  try {
    engine = await connect({ endpoint: { host: paths.host, source: 'DOCKER_HOST' }, timeoutMs: 10_000 });
  } catch (cause) {
    throw new DockbookError({
      code: 'ENGINE_UNREACHABLE',
      operation: 'engine status --podman',
      target: paths.host,
      reason: "the project's Podman is not running (no service answers on its socket)",
      hint: 'Start it with `dockbook engine up --podman`.',
      command: `DOCKER_HOST=${paths.host} docker version`,
      cause,
    });
  }
  const info = (await engine.docker.info()) as { Driver: string; DockerRootDir?: string };
  const owned = readOwnedProcess(paths.dir);
  const conf = existsSync(paths.containersConf) ? readFileSync(paths.containersConf, 'utf8') : '';
  return {
    host: paths.host,
    dir: paths.dir,
    engineVersion: engine.engineVersion,
    apiVersion: engine.apiVersion,
    serverApiVersion: engine.serverApiVersion,
    os: engine.os,
    arch: engine.arch,
    storageDriver: info.Driver,
    storageRoot: info.DockerRootDir ?? paths.graphRoot,
    owned: owned !== undefined,
    ...(owned ? { pid: owned.pid, logFile: owned.logFile } : {}),
    network: { name: PODMAN_NETWORK.name, bridge: PODMAN_NETWORK.bridge, subnet: PODMAN_NETWORK.subnet },
    ulimits: ulimitsOf(conf) ?? [],
    mirror: registryHost(env),
  };
}

/** The status as aligned `key: value` lines, the last one the DOCKER_HOST that runs the course on it. */
export function formatPodmanStatus(status: PodmanStatus): string {
  checkArgs(FORMAT_PODMAN_STATUS_SIGNATURE, arguments);
  const rows: [string, string][] = [
    ['endpoint', status.host],
    ['engine', `podman ${status.engineVersion} (${status.os}/${status.arch})`],
    ['api', `${status.apiVersion} negotiated (engine speaks up to ${status.serverApiVersion})`],
    ['storage', `${status.storageDriver} in ${status.storageRoot}`],
    [
      'owned',
      status.owned
        ? `yes, podman pid ${status.pid} started by dockbook (log: ${status.logFile})`
        : 'no (dockbook will not stop it)',
    ],
    ['network', `${status.network.name} on bridge ${status.network.bridge}, ${status.network.subnet}`],
    ['ulimits', status.ulimits.length > 0 ? status.ulimits.join(', ') : "Podman's defaults"],
    ['mirror', `${status.mirror} for docker.io`],
    ['use it', `DOCKER_HOST=${status.host}`],
  ];
  return rows.map(([k, v]) => `${`${k}:`.padEnd(16)}${v}`).join('\n');
}
