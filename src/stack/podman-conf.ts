import { createHash } from 'node:crypto';
import { join } from 'node:path';
import { cacheDir } from '../paths.ts';
import { privateRegistryPort, registryHost, registryPort } from '../registry/config.ts';

/** Where the project's own Podman keeps everything: its configuration, storage, run state, socket, log and record. */
export interface PodmanPaths {
  /** `<cache>/podman`. */
  dir: string;
  /** `<dir>/podman.sock`. */
  socket: string;
  /** `unix://<dir>/podman.sock`: what DOCKER_HOST is set to for the course to run on it. */
  host: string;
  containersConf: string;
  registriesConf: string;
  storageConf: string;
  /** Images, layers, containers, volumes and Podman's own database (graphroot). */
  graphRoot: string;
  /** Mounts and container run state (runroot). */
  runRoot: string;
  /** Podman's own run state (tmp_dir): locks, events, exit codes, the `alive` file. */
  tmpDir: string;
  /** Its network definitions (network_config_dir). */
  networkDir: string;
}

/**
 * The paths of the project's own Podman, all under `<cache>/podman` (`DOCKBOOK_CACHE` moves it).
 *
 * @example
 * podmanPaths({ DOCKBOOK_CACHE: '/c' }).host; // 'unix:///c/podman/podman.sock'
 */
export function podmanPaths(env: NodeJS.ProcessEnv = process.env): PodmanPaths {
  const dir = join(cacheDir(env), 'podman');
  const socket = join(dir, 'podman.sock');
  return {
    dir,
    socket,
    host: `unix://${socket}`,
    containersConf: join(dir, 'containers.conf'),
    registriesConf: join(dir, 'registries.conf'),
    storageConf: join(dir, 'storage.conf'),
    graphRoot: join(dir, 'storage'),
    runRoot: join(dir, 'run'),
    tmpDir: join(dir, 'tmp'),
    networkDir: join(dir, 'networks'),
  };
}

/** The longest runroot Podman 4 accepts, in bytes ("the specified runroot is longer than 50 characters"). */
export const PODMAN_MAX_RUNROOT = 50;

/**
 * Why Podman would refuse these paths, or undefined: a runroot over 50 bytes (`<cache>/podman/run`, so a cache folder
 * path of at most 39 bytes; the default `~/.cache/dockbook` is one for most home folders).
 */
export function pathsProblem(paths: PodmanPaths): string | undefined {
  const length = Buffer.byteLength(paths.runRoot);
  if (length <= PODMAN_MAX_RUNROOT) return undefined;
  return `its run folder ${paths.runRoot} is ${length} bytes long, and Podman takes at most ${PODMAN_MAX_RUNROOT}`;
}

/**
 * The default network of every dockbook Podman: a bridge and subnet of its own, never Docker's docker0 (172.17.0.0/16)
 * nor Podman's stock podman0 (10.88.0.0/16), outside Docker's address pools (172.17-31/16, 192.168/16), Podman's
 * (10.89.0.0/16 and up) and the course's test bridges (198.18.0.0/15). netavark names its iptables chain after the
 * network's name, and rootful Podman instances share one IPAM database by network name, so two dockbook instances
 * (a test's and the course's) share this network as two Podman instances share `podman`.
 */
export const PODMAN_NETWORK = {
  name: 'dockbook',
  bridge: 'dockbook0',
  subnet: '10.87.0.0/24',
  gateway: '10.87.0.1',
} as const;

/** A TOML basic string (JSON's escapes are TOML's). */
const toml = (value: string): string => JSON.stringify(value);
const tomlArray = (values: readonly string[]): string => `[${values.map(toml).join(', ')}]`;

/**
 * containers.conf: the limits every container gets (`default_ulimits`, e.g. `["nofile=20000:20000", "nproc=32768:
 * 32768"]`: what this machine allows, never above the service's own hard limits), cgroupfs and file events (no
 * systemd), file locks in its own tmp_dir (not the shared-memory segment every rootful Podman shares), its own network
 * folder and default network, and its own run state.
 */
export function containersConf(paths: PodmanPaths, ulimits: readonly string[]): string {
  return [
    '# Written by dockbook (engine up --podman) at every start: the project-owned Podman service.',
    '[containers]',
    `default_ulimits = ${tomlArray(ulimits)}`,
    'log_driver = "k8s-file"',
    '',
    '[network]',
    'network_backend = "netavark"',
    `network_config_dir = ${toml(paths.networkDir)}`,
    `default_network = ${toml(PODMAN_NETWORK.name)}`,
    `default_subnet = ${toml(PODMAN_NETWORK.subnet)}`,
    '',
    '[engine]',
    'cgroup_manager = "cgroupfs"',
    'events_logger = "file"',
    'image_copy_tmp_dir = "storage"',
    'lock_type = "file"',
    `tmp_dir = ${toml(paths.tmpDir)}`,
    '',
  ].join('\n');
}

/** The `default_ulimits` a containers.conf written by containersConf() holds, or undefined. */
export function ulimitsOf(conf: string): string[] | undefined {
  const line = /^default_ulimits = (\[.*\])$/m.exec(conf)?.[1];
  if (line === undefined) return undefined;
  const parsed: unknown = JSON.parse(line);
  return Array.isArray(parsed) && parsed.every((v) => typeof v === 'string') ? parsed : undefined;
}

/** storage.conf: its own graphroot and runroot, and the storage driver (Podman wants it named: see storageDriver()). */
export function storageConf(paths: PodmanPaths, driver: string): string {
  return [
    '# Written by dockbook (engine up --podman).',
    '[storage]',
    `driver = ${toml(driver)}`,
    `graphroot = ${toml(paths.graphRoot)}`,
    `runroot = ${toml(paths.runRoot)}`,
    '',
  ].join('\n');
}

/**
 * registries.conf: short names (`node`, `busybox`) resolve on docker.io, and docker.io is mirrored by the course's
 * public registry, as the project's dockerd has `--registry-mirror`; the course's loopback registries, public and
 * private, as `127.0.0.1:<port>` and `localhost:<port>`, are plain HTTP.
 */
export function registriesConf(env: NodeJS.ProcessEnv = process.env): string {
  const ports = [registryPort(env), privateRegistryPort(env)];
  const insecure = ['127.0.0.1', 'localhost'].flatMap((name) => ports.map((port) => `${name}:${port}`));
  return [
    '# Written by dockbook (engine up --podman).',
    'unqualified-search-registries = ["docker.io"]',
    '',
    '[[registry]]',
    'prefix = "docker.io"',
    'location = "docker.io"',
    '',
    '[[registry.mirror]]',
    `location = ${toml(registryHost(env))}`,
    'insecure = true',
    ...insecure.flatMap((location) => ['', '[[registry]]', `location = ${toml(location)}`, 'insecure = true']),
    '',
  ].join('\n');
}

/** The default network's definition, as netavark reads it from the network folder (`dockbook.json`). */
export function networkConfig(): string {
  const network = {
    name: PODMAN_NETWORK.name,
    id: createHash('sha256').update(`dockbook network ${PODMAN_NETWORK.name}`).digest('hex'),
    driver: 'bridge',
    network_interface: PODMAN_NETWORK.bridge,
    created: '2025-01-01T00:00:00Z',
    subnets: [{ subnet: PODMAN_NETWORK.subnet, gateway: PODMAN_NETWORK.gateway }],
    ipv6_enabled: false,
    internal: false,
    dns_enabled: false,
    ipam_options: { driver: 'host-local' },
  };
  return `${JSON.stringify(network, null, 2)}\n`;
}

/** The service's environment: this process's, with Podman's three configuration files pointed at its own. */
export function podmanEnv(paths: PodmanPaths, base: NodeJS.ProcessEnv = process.env): NodeJS.ProcessEnv {
  return {
    ...base,
    CONTAINERS_CONF: paths.containersConf,
    CONTAINERS_REGISTRIES_CONF: paths.registriesConf,
    CONTAINERS_STORAGE_CONF: paths.storageConf,
  };
}

/** `podman --root … --runroot … --tmpdir … system service --time=0 unix://<dir>/podman.sock`: never times out. */
export function podmanArgs(paths: PodmanPaths): string[] {
  return [
    '--root',
    paths.graphRoot,
    '--runroot',
    paths.runRoot,
    '--tmpdir',
    paths.tmpDir,
    'system',
    'service',
    '--time=0',
    paths.host,
  ];
}
