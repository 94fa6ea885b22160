import { DockbookError, isDockbookError } from '../errors.ts';
import { connect, type Engine, type EngineKind } from '../core/connect.ts';
import { canInstallPackages } from './apt.ts';
import { mirrorUrl } from '../registry/config.ts';
import { engineDir, installDockerd, OWNED_HOST, readOwned, startDockerd, stopDockerd } from './daemon.ts';
import { discoverEndpoint, type Endpoint } from '../core/endpoint.ts';
import { withLock } from '../core/lock.ts';
import { join } from 'node:path';
import { environment, logLine } from '../validate/common.ts';
import { anyOf, arrayOf, boolean, hasFields, nonEmptyString, oneOf, string } from '../validate/shape.ts';
import { checkArgs, signature } from '../validate/signature.ts';
import { readOwnedProcess } from './owned-process.ts';
import { podmanPaths } from './podman-conf.ts';

export interface EngineUpOptions {
  env?: NodeJS.ProcessEnv;
  /** Install Debian's docker.io when dockerd is missing. Default true. */
  install?: boolean;
  /**
   * The registry mirror of an engine the project starts, or false for none. Default the public
   * registry (`http://127.0.0.1:5000`, see `dockbook registry up`), so Docker Hub names pull offline.
   */
  mirror?: string | false;
  /** Extra dockerd arguments for an engine the project starts. */
  daemonArgs?: string[];
  log?: (line: string) => void;
}

export interface EngineUpResult {
  engine: Engine;
  /** True when this call started the engine (and `engine down` will stop it). */
  started: boolean;
  /** True when this call installed docker.io. */
  installed: boolean;
  /** Milliseconds spent installing and starting, when it did. */
  installMs?: number;
  startMs?: number;
}

/**
 * The dockerd arguments of an engine the project starts: the registry mirror, then the extras.
 * Defaults: mirror the public registry, no daemonArgs.
 *
 * @example
 * ownedDaemonArgs(); // ['--registry-mirror=http://127.0.0.1:5000']
 */
export function ownedDaemonArgs(options: Pick<EngineUpOptions, 'env' | 'mirror' | 'daemonArgs'> = {}): string[] {
  const { env = process.env, mirror = mirrorUrl(env), daemonArgs = [] } = options;
  return [...(mirror ? [`--registry-mirror=${mirror}`] : []), ...daemonArgs];
}

/** What engineUp() takes, checked at its entry: before it connects, installs or starts anything. */
export const ENGINE_UP_SIGNATURE = signature({
  operation: 'engineUp',
  ctx: false,
  params: [],
  options: {
    env: environment,
    install: boolean,
    mirror: anyOf([nonEmptyString, oneOf(false)], 'a registry mirror URL (a string) or false'),
    daemonArgs: arrayOf(string, 'an array of dockerd arguments ["--debug"]'),
    log: logLine,
  },
  command: 'dockbook engine up',
});

const envParam = { name: 'env', shape: environment, optional: true, example: {} };

/** What engineDown() takes, checked at its entry. */
export const ENGINE_DOWN_SIGNATURE = signature({
  operation: 'engineDown',
  ctx: false,
  params: [envParam],
  command: 'dockbook engine down',
});

/** What engineStatus() takes, checked at its entry. */
export const ENGINE_STATUS_SIGNATURE = signature({
  operation: 'engineStatus',
  ctx: false,
  params: [envParam],
  command: 'dockbook engine status',
});

/** An EngineStatus, as engineStatus() gives it (the fields the text shows). */
const engineStatusShape = hasFields(
  {
    endpoint: string,
    source: string,
    kind: oneOf('docker', 'podman'),
    engineVersion: string,
    apiVersion: string,
    serverApiVersion: string,
    storageDriver: string,
    os: string,
    arch: string,
    owned: boolean,
    mirrors: arrayOf(string),
  },
  'an EngineStatus (await engineStatus())',
);

/** What formatEngineStatus() takes, checked at its entry. */
export const FORMAT_ENGINE_STATUS_SIGNATURE = signature({
  operation: 'formatEngineStatus',
  ctx: false,
  params: [
    {
      name: 'status',
      shape: engineStatusShape,
      example: {
        endpoint: 'unix:///var/run/docker.sock',
        source: 'default-socket',
        kind: 'docker',
        engineVersion: '20.10.24',
        apiVersion: '1.41',
        serverApiVersion: '1.41',
        storageDriver: 'overlay2',
        os: 'linux',
        arch: 'amd64',
        owned: false,
        mirrors: [],
      },
    },
  ],
  command: 'dockbook engine status',
});

/**
 * Connects to a running engine, or, where none answers at the default socket and this is root
 * on Debian/Ubuntu, installs and starts one the project owns, with the public registry as its
 * registry mirror. An engine already running is used as it is; an explicit DOCKER_HOST or
 * context that does not answer is an error, never silently replaced.
 * Defaults: install true, mirror the public registry, no extra daemonArgs.
 *
 * @example
 * const up = await engineUp();
 * up.started; // false when an engine was already running
 */
export async function engineUp(options: EngineUpOptions = {}): Promise<EngineUpResult> {
  checkArgs(ENGINE_UP_SIGNATURE, arguments);
  const { env = process.env, install = true, log = () => {} } = options;
  const endpoint = discoverEndpoint({ env });
  try {
    return { engine: await connect({ endpoint, env }), started: false, installed: false };
  } catch (error) {
    if (!isDockbookError(error, 'ENGINE_UNREACHABLE') || endpoint.source !== 'default-socket') throw error;
    const can = canInstallPackages();
    if (!can.ok) {
      throw new DockbookError({
        code: 'ENGINE_UNREACHABLE',
        operation: 'engine up',
        target: endpoint.host,
        reason: `no engine answers, and ${can.why}`,
        hint: 'Start Docker Desktop, run `sudo systemctl start docker`, or set DOCKER_HOST to a running engine.',
        command: 'docker version',
        cause: error,
      });
    }
  }
  const owned: Endpoint = { host: OWNED_HOST, source: 'default-socket' };
  return withLock(join(engineDir(env), 'start.lock'), async () => {
    // Another dockbook process may have started the engine while this one waited for the lock.
    const running = await connect({ endpoint: owned, env, timeoutMs: 1000 }).catch(() => undefined);
    if (running) return { engine: running, started: false, installed: false };
    let installed = false;
    let installMs: number | undefined;
    if (install) {
      const t0 = performance.now();
      installed = await installDockerd(log);
      if (installed) installMs = Math.round(performance.now() - t0);
    }
    log(`starting dockerd on ${OWNED_HOST} (log: ${engineDir(env)}/dockerd.log)…`);
    const t1 = performance.now();
    await startDockerd({
      dir: engineDir(env),
      args: ownedDaemonArgs(options),
      ready: () =>
        connect({ endpoint: owned, timeoutMs: 1000 }).then(
          () => true,
          () => false,
        ),
    });
    const startMs = Math.round(performance.now() - t1);
    const engine = await connect({ endpoint: owned, env });
    return { engine, started: true, installed, ...(installMs !== undefined ? { installMs } : {}), startMs };
  });
}

/** Stops the engine the project started. Returns the pid it stopped, or undefined when it owns none. */
export async function engineDown(env: NodeJS.ProcessEnv = process.env): Promise<number | undefined> {
  checkArgs(ENGINE_DOWN_SIGNATURE, arguments);
  return stopDockerd({ dir: engineDir(env) });
}

export interface EngineStatus {
  endpoint: string;
  source: Endpoint['source'];
  /** `docker` or `podman` (EngineInfo.kind). */
  kind: EngineKind;
  engineVersion: string;
  apiVersion: string;
  serverApiVersion: string;
  storageDriver: string;
  os: string;
  arch: string;
  /** True when this project started the engine: its dockerd, or its own Podman (`engine up --podman`). */
  owned: boolean;
  pid?: number;
  /**
   * The engine's registry mirrors (`docker info` RegistryConfig.Mirrors; Podman lists them under
   * RegistryConfig.IndexConfigs["docker.io"]): where it pulls Docker Hub names from first.
   */
  mirrors: string[];
}

interface RegistryConfig {
  Mirrors?: string[] | null;
  IndexConfigs?: Record<string, { Mirrors?: string[] | null } | undefined> | null;
}

/** Describes the engine that answers: endpoint, versions, storage driver, and whether the project owns it. */
export async function engineStatus(env: NodeJS.ProcessEnv = process.env): Promise<EngineStatus> {
  checkArgs(ENGINE_STATUS_SIGNATURE, arguments);
  const engine = await connect({ env });
  const info = (await engine.docker.info()) as { Driver: string; RegistryConfig?: RegistryConfig };
  const podman = podmanPaths(env);
  const owned = engine.endpoint.host === podman.host ? readOwnedProcess(podman.dir) : readOwned(engineDir(env));
  const isOwned = owned !== undefined && owned.host === engine.endpoint.host;
  const registries = info.RegistryConfig;
  const mirrors = registries?.Mirrors?.length ? registries.Mirrors : registries?.IndexConfigs?.['docker.io']?.Mirrors;
  return {
    endpoint: engine.endpoint.host,
    source: engine.endpoint.source,
    kind: engine.kind,
    engineVersion: engine.engineVersion,
    apiVersion: engine.apiVersion,
    serverApiVersion: engine.serverApiVersion,
    storageDriver: info.Driver,
    os: engine.os,
    arch: engine.arch,
    owned: isOwned,
    ...(isOwned ? { pid: owned.pid } : {}),
    mirrors: mirrors ?? [],
  };
}

/** The status as aligned `key: value` lines. */
export function formatEngineStatus(status: EngineStatus): string {
  checkArgs(FORMAT_ENGINE_STATUS_SIGNATURE, arguments);
  const rows: [string, string][] = [
    ['endpoint', `${status.endpoint} (from ${status.source})`],
    ['engine', `${status.kind === 'podman' ? 'podman ' : ''}${status.engineVersion} (${status.os}/${status.arch})`],
    ['api', `${status.apiVersion} negotiated (engine speaks up to ${status.serverApiVersion})`],
    ['storage driver', status.storageDriver],
    [
      'owned',
      status.owned
        ? `yes, ${status.kind === 'podman' ? 'podman' : 'dockerd'} pid ${status.pid} started by dockbook`
        : 'no (dockbook will not stop it)',
    ],
    [
      'mirror',
      status.mirrors.length > 0 ? status.mirrors.join(', ') : 'none (Docker Hub names pull from Docker Hub only)',
    ],
  ];
  return rows.map(([k, v]) => `${`${k}:`.padEnd(16)}${v}`).join('\n');
}
