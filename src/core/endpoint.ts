import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { DockbookError } from '../errors.ts';
import { environment } from '../validate/common.ts';
import { func, nonEmptyString } from '../validate/shape.ts';
import { checkArgs, signature } from '../validate/signature.ts';

/** Where an engine endpoint came from, in the order the docker CLI consults them. */
export type EndpointSource = 'DOCKER_HOST' | 'context' | 'default-socket';

export interface Endpoint {
  /** The endpoint as the docker CLI writes it: `unix:///var/run/docker.sock`, `tcp://host:2376`. */
  host: string;
  source: EndpointSource;
  /** The docker context it was read from, when `source` is `context`. */
  context?: string;
  /** Folder with ca.pem, cert.pem and key.pem when the endpoint uses TLS. */
  tlsDir?: string;
}

export interface DiscoverOptions {
  env?: NodeJS.ProcessEnv;
  home?: string;
  exists?: (path: string) => boolean;
}

/** What defaultSockets() takes (env and home only: it looks for nothing), checked at its entry. */
export const DEFAULT_SOCKETS_SIGNATURE = signature({
  operation: 'defaultSockets',
  ctx: false,
  params: [],
  options: { env: environment, home: nonEmptyString },
  command: 'ls /var/run/docker.sock ~/.docker/run/docker.sock',
});

/** The socket paths a local engine listens on, most common first. */
export function defaultSockets(options: Pick<DiscoverOptions, 'env' | 'home'> = {}): string[] {
  checkArgs(DEFAULT_SOCKETS_SIGNATURE, arguments);
  const { env = process.env, home = homedir() } = options;
  const sockets = ['/var/run/docker.sock'];
  if (env.XDG_RUNTIME_DIR) sockets.push(join(env.XDG_RUNTIME_DIR, 'docker.sock'));
  sockets.push(join(home, '.docker', 'run', 'docker.sock'), join(home, '.docker', 'desktop', 'docker.sock'));
  return sockets;
}

/** What discoverEndpoint() takes, checked at its entry. */
export const DISCOVER_ENDPOINT_SIGNATURE = signature({
  operation: 'discoverEndpoint',
  ctx: false,
  params: [],
  options: { env: environment, home: nonEmptyString, exists: func },
  command: 'docker context inspect',
});

/**
 * Finds the engine endpoint the way the docker CLI does: `DOCKER_HOST`, then the current
 * context (`DOCKER_CONTEXT` or the config's `currentContext`), then the default sockets.
 * An explicit choice (DOCKER_HOST or a context) is returned alone and never silently replaced.
 *
 * @example
 * discoverEndpoint({ env: { DOCKER_HOST: 'tcp://127.0.0.1:2375' } }).host // 'tcp://127.0.0.1:2375'
 */
export function discoverEndpoint(options: DiscoverOptions = {}): Endpoint {
  checkArgs(DISCOVER_ENDPOINT_SIGNATURE, arguments);
  const { env = process.env, home = homedir(), exists = existsSync } = options;
  if (env.DOCKER_HOST) {
    const tlsDir =
      env.DOCKER_TLS_VERIFY || env.DOCKER_CERT_PATH ? (env.DOCKER_CERT_PATH ?? join(home, '.docker')) : undefined;
    return { host: env.DOCKER_HOST, source: 'DOCKER_HOST', ...(tlsDir ? { tlsDir } : {}) };
  }
  const configDir = env.DOCKER_CONFIG ?? join(home, '.docker');
  const context = env.DOCKER_CONTEXT ?? readCurrentContext(configDir);
  if (context && context !== 'default') return readContext(configDir, context, exists);
  const socket = defaultSockets({ env, home }).find((path) => exists(path)) ?? '/var/run/docker.sock';
  return { host: `unix://${socket}`, source: 'default-socket' };
}

/**
 * The environment variables under which discoverEndpoint() finds `endpoint` again, for a process started to use
 * the same engine (a notebook's kernel): its DOCKER_HOST with its TLS folder, or its context, or (a default
 * socket) neither. Undefined values unset a variable.
 *
 * @example
 * endpointEnv({ host: 'tcp://10.0.3.2:2376', source: 'DOCKER_HOST', tlsDir: '/certs' });
 * // DOCKER_HOST: 'tcp://10.0.3.2:2376', DOCKER_TLS_VERIFY: '1', DOCKER_CERT_PATH: '/certs', DOCKER_CONTEXT unset
 */
export function endpointEnv(endpoint: Endpoint): NodeJS.ProcessEnv {
  switch (endpoint.source) {
    case 'DOCKER_HOST':
      return {
        DOCKER_HOST: endpoint.host,
        DOCKER_TLS_VERIFY: endpoint.tlsDir ? '1' : undefined,
        DOCKER_CERT_PATH: endpoint.tlsDir,
        DOCKER_CONTEXT: undefined,
      };
    case 'context':
      return { DOCKER_HOST: undefined, DOCKER_CONTEXT: endpoint.context };
    default:
      return { DOCKER_HOST: undefined, DOCKER_CONTEXT: undefined };
  }
}

function readCurrentContext(configDir: string): string | undefined {
  const file = join(configDir, 'config.json');
  if (!existsSync(file)) return undefined;
  try {
    const config = JSON.parse(readFileSync(file, 'utf8')) as { currentContext?: string };
    return config.currentContext;
  } catch (cause) {
    throw new DockbookError({
      code: 'INVALID_ARGUMENT',
      operation: 'engine',
      target: file,
      reason: 'the docker config file is not valid JSON',
      hint: 'Fix or remove the file, or set DOCKER_HOST.',
      command: 'docker context ls',
      cause,
    });
  }
}

function readContext(configDir: string, name: string, exists: (path: string) => boolean): Endpoint {
  const id = createHash('sha256').update(name).digest('hex');
  const meta = join(configDir, 'contexts', 'meta', id, 'meta.json');
  if (!exists(meta)) {
    throw new DockbookError({
      code: 'ENGINE_UNREACHABLE',
      operation: 'engine',
      target: `context "${name}"`,
      reason: `the current docker context has no metadata at ${meta}`,
      hint: 'Switch to an existing context, or set DOCKER_HOST.',
      command: 'docker context use default',
    });
  }
  const parsed = JSON.parse(readFileSync(meta, 'utf8')) as { Endpoints?: { docker?: { Host?: string } } };
  const host = parsed.Endpoints?.docker?.Host;
  if (!host) {
    throw new DockbookError({
      code: 'ENGINE_UNREACHABLE',
      operation: 'engine',
      target: `context "${name}"`,
      reason: 'the context names no docker endpoint',
      hint: `Choose another context (docker context use default), or set DOCKER_HOST.`,
      command: `docker context inspect ${name}`,
    });
  }
  const tlsDir = join(configDir, 'contexts', 'tls', id, 'docker');
  return { host, source: 'context', context: name, ...(exists(join(tlsDir, 'ca.pem')) ? { tlsDir } : {}) };
}
