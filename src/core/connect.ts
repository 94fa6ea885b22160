import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type Docker from 'dockerode';
import { DockbookError } from '../errors.ts';
import { discoverEndpoint, type Endpoint } from './endpoint.ts';
import { signalPerRequest } from './request-signal.ts';
import { endpoint, environment } from '../validate/common.ts';
import { milliseconds, shape } from '../validate/shape.ts';
import { checkArgs, signature } from '../validate/signature.ts';

/**
 * The newest Engine API version this library speaks. The version actually used is negotiated
 * per engine (the lower of this and the engine's own), as the docker CLI does.
 */
export const CLIENT_MAX_API_VERSION = '1.47';

export interface EngineInfo {
  endpoint: Endpoint;
  /** The API version negotiated for this engine and used for every call. */
  apiVersion: string;
  /** The newest API version the engine speaks. */
  serverApiVersion: string;
  /** The engine's own version, e.g. `20.10.24+dfsg1`. */
  engineVersion: string;
  os: string;
  arch: string;
  /**
   * Which engine answers: `docker` (dockerd, Docker Desktop) or `podman` (Podman's Docker-compatible API service),
   * read from `/version`'s components. Where they really differ, the library and the notebooks say which one holds.
   */
  kind: EngineKind;
  /**
   * The host a published port is reached at from this machine: `127.0.0.1` for a local engine (a unix socket or
   * named pipe), the engine's own host name or address for one reached over TCP or SSH (`DOCKER_HOST=tcp://…`).
   */
  publishHost: string;
}

/** The engines the course knows apart. */
export type EngineKind = 'docker' | 'podman';

/** Which engine a `/version` answer comes from: Podman names a `Podman Engine` component. */
export function engineKind(version: { Components?: { Name?: string }[] | null }): EngineKind {
  return (version.Components ?? []).some((c) => /podman/i.test(c?.Name ?? '')) ? 'podman' : 'docker';
}

/**
 * The host a published port of the engine at `host` is reached at: its host name for tcp/http/https/ssh,
 * `127.0.0.1` for a local socket.
 *
 * @example
 * publishHostOf('tcp://10.0.3.2:2376'); // '10.0.3.2'
 * publishHostOf('unix:///var/run/docker.sock'); // '127.0.0.1'
 */
export function publishHostOf(host: string): string {
  const url = new URL(host);
  if (['tcp:', 'http:', 'https:', 'ssh:'].includes(url.protocol) && url.hostname) {
    return url.hostname.replace(/^\[(.*)\]$/, '$1');
  }
  return '127.0.0.1';
}

/**
 * Whether a host (a publishHost) is this machine's loopback: `127.0.0.1`, `::1`, `localhost`. An engine whose
 * publishHost is not runs on another machine as far as this one can tell (its ports and paths are not here).
 *
 * @example
 * isLoopbackHost('127.0.0.1'); // true
 * isLoopbackHost('10.0.3.2'); // false
 */
export function isLoopbackHost(host: string): boolean {
  return /^(127\.\d+\.\d+\.\d+|::1|localhost)$/i.test(host);
}

/** A connected engine: a dockerode client pinned to the negotiated API version. */
export interface Engine extends EngineInfo {
  docker: Docker;
}

export interface ConnectOptions {
  endpoint?: Endpoint;
  env?: NodeJS.ProcessEnv;
  /**
   * How long to wait for the engine to answer its ping, in ms. Default 5000. Its `/version` then gets at least
   * VERSION_TIMEOUT_MS: Podman answers it slowly.
   */
  timeoutMs?: number;
}

/**
 * How long an engine that answered its ping gets for `/version`, in ms. Podman's (4.3) asks conmon and the OCI runtime
 * for their versions each time: 2–5 s on a busy machine, past the ping's 5 s now and then.
 */
export const VERSION_TIMEOUT_MS = 30_000;

/** Compares dotted versions numerically: `1.9` < `1.41`. */
export function compareApiVersions(a: string, b: string): number {
  const pa = a.split('.').map(Number);
  const pb = b.split('.').map(Number);
  for (let i = 0; i < Math.max(pa.length, pb.length); i++) {
    const diff = (pa[i] ?? 0) - (pb[i] ?? 0);
    if (diff !== 0) return Math.sign(diff);
  }
  return 0;
}

const apiVersion = shape('an API version like "1.41"', (v) => typeof v === 'string' && /^\d+(\.\d+)*$/.test(v));

/**
 * What negotiateApiVersion() takes, checked at its entry: the engine's `/version` answer (other fields are not looked
 * at) and the client's newest version.
 */
export const NEGOTIATE_API_VERSION_SIGNATURE = signature({
  operation: 'negotiateApiVersion',
  ctx: false,
  params: [
    {
      name: 'server',
      shape: shape('a /version answer { ApiVersion: "1.41", MinAPIVersion?: "1.12" }', (v) => {
        if (v === null || typeof v !== 'object' || Array.isArray(v)) return false;
        const { ApiVersion, MinAPIVersion } = v as { ApiVersion?: unknown; MinAPIVersion?: unknown };
        return (
          apiVersion.mismatch(ApiVersion) === undefined &&
          (MinAPIVersion === undefined || MinAPIVersion === '' || apiVersion.mismatch(MinAPIVersion) === undefined)
        );
      }),
      example: { ApiVersion: '1.41', MinAPIVersion: '1.12' },
    },
    { name: 'clientMax', shape: apiVersion, optional: true, example: '1.47' },
  ],
  command: 'docker version --format "{{.Server.APIVersion}} (min {{.Server.MinAPIVersion}})"',
});

/**
 * The API version to speak with an engine: the lower of the client's newest and the engine's
 * newest. Fails when that is older than the oldest the engine still accepts.
 */
export function negotiateApiVersion(
  server: { ApiVersion: string; MinAPIVersion?: string },
  clientMax: string = CLIENT_MAX_API_VERSION,
): string {
  checkArgs(NEGOTIATE_API_VERSION_SIGNATURE, arguments);
  const chosen = compareApiVersions(server.ApiVersion, clientMax) < 0 ? server.ApiVersion : clientMax;
  if (server.MinAPIVersion && compareApiVersions(chosen, server.MinAPIVersion) < 0) {
    throw new DockbookError({
      code: 'ENGINE_ERROR',
      operation: 'engine',
      reason:
        `the engine accepts API ${server.MinAPIVersion} to ${server.ApiVersion}, and this client speaks at ` +
        `most ${clientMax}`,
      hint: 'Upgrade dockbook, or use an older engine.',
      command: 'docker version',
    });
  }
  return chosen;
}

/** dockerode connection options for an endpoint (unix socket, named pipe, tcp with or without TLS, ssh). */
export function dockerOptions(endpoint: Endpoint): Docker.DockerOptions {
  const url = new URL(endpoint.host);
  switch (url.protocol) {
    case 'unix:':
      return { socketPath: url.pathname };
    case 'npipe:':
      return { socketPath: `//./pipe/${url.pathname.split('/').pop()}` };
    case 'tcp:':
    case 'http:':
    case 'https:': {
      const tls = endpoint.tlsDir !== undefined || url.protocol === 'https:';
      const port = url.port || (tls ? '2376' : '2375');
      const certs = endpoint.tlsDir
        ? {
            ca: readFileSync(join(endpoint.tlsDir, 'ca.pem')),
            cert: readFileSync(join(endpoint.tlsDir, 'cert.pem')),
            key: readFileSync(join(endpoint.tlsDir, 'key.pem')),
          }
        : {};
      return { host: url.hostname, port, protocol: tls ? 'https' : 'http', ...certs };
    }
    case 'ssh:':
      return { host: url.hostname, port: url.port || '22', username: url.username || undefined, protocol: 'ssh' };
    default:
      throw new DockbookError({
        code: 'INVALID_ARGUMENT',
        operation: 'engine',
        target: endpoint.host,
        reason: `"${url.protocol}" is not an engine protocol`,
        hint: 'Use unix://, tcp://, npipe:// or ssh://.',
        command: 'docker context ls',
      });
  }
}

/** What to tell a user whose engine does not answer, by where the endpoint came from. */
export function unreachableHint(endpoint: Endpoint): string {
  switch (endpoint.source) {
    case 'DOCKER_HOST':
      return (
        `DOCKER_HOST is set, so no other engine is tried. Start the engine it names, or unset DOCKER_HOST to use ` +
        `the default socket.`
      );
    case 'context':
      return (
        `The current docker context is "${endpoint.context}". Start its engine, or switch with \`docker context ` +
        `use default\`.`
      );
    default:
      return (
        'Start Docker: `dockbook engine up` (root on Debian or Ubuntu installs and starts one), Docker Desktop, ' +
        '`sudo systemctl start docker`, or set DOCKER_HOST.'
      );
  }
}

/** What connect() takes, checked at its entry. */
export const CONNECT_SIGNATURE = signature({
  operation: 'connect',
  ctx: false,
  params: [],
  options: { endpoint, env: environment, timeoutMs: milliseconds },
  command: 'docker version',
});

/**
 * dockerode, loaded on the first connect(): it loads gRPC and protobuf for BuildKit sessions
 * (about 0.3 s), which an `import 'dockbook'` that has not connected yet should not pay.
 */
async function dockerode(): Promise<typeof Docker> {
  return (await import('dockerode')).default;
}

/**
 * Connects to the engine: finds the endpoint, asks `/version`, and returns a client pinned to
 * the negotiated API version. Never hard-codes a version.
 *
 * @example
 * const engine = await connect();
 * engine.engineVersion; // '20.10.24+dfsg1'
 */
export async function connect(options: ConnectOptions = {}): Promise<Engine> {
  checkArgs(CONNECT_SIGNATURE, arguments);
  const { env = process.env, timeoutMs = 5000 } = options;
  const endpoint = options.endpoint ?? discoverEndpoint({ env });
  const base = dockerOptions(endpoint);
  let version: Docker.DockerVersion;
  try {
    // The ping fails fast where nothing answers; an engine that answered it is given time for /version.
    await new (await dockerode())({ ...base, timeout: timeoutMs }).ping();
    version = await new (await dockerode())({ ...base, timeout: Math.max(timeoutMs, VERSION_TIMEOUT_MS) }).version();
  } catch (cause) {
    const why = (cause as NodeJS.ErrnoException).code ?? (cause as Error).message;
    throw new DockbookError({
      code: 'ENGINE_UNREACHABLE',
      operation: 'engine',
      target: endpoint.host,
      reason: `no engine answers there (${why})`,
      hint: unreachableHint(endpoint),
      command: 'docker version',
      cause,
    });
  }
  const apiVersion = negotiateApiVersion(version as { ApiVersion: string; MinAPIVersion?: string });
  return {
    docker: signalPerRequest(new (await dockerode())({ ...base, version: `v${apiVersion}` })),
    endpoint,
    apiVersion,
    serverApiVersion: version.ApiVersion,
    engineVersion: version.Version,
    os: version.Os,
    arch: version.Arch,
    kind: engineKind(version as { Components?: { Name?: string }[] }),
    publishHost: publishHostOf(endpoint.host),
  };
}
