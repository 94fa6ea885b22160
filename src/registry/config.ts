import { join } from 'node:path';
import { DockbookError } from '../errors.ts';
import { cacheDir } from '../paths.ts';

/** The public registry's port when DOCKBOOK_REGISTRY_PORT does not say otherwise. */
export const DEFAULT_REGISTRY_PORT = 5000;

/** The private registry's port when DOCKBOOK_PRIVATE_REGISTRY_PORT does not say otherwise. */
export const DEFAULT_PRIVATE_REGISTRY_PORT = 5001;

function portFrom(env: NodeJS.ProcessEnv, name: string, fallback: number): number {
  const text = env[name];
  if (text === undefined || text === '') return fallback;
  const port = Number(text);
  if (!Number.isInteger(port) || port < 1 || port > 65535) {
    throw new DockbookError({
      code: 'INVALID_ARGUMENT',
      operation: 'registry',
      target: `${name}=${text}`,
      reason: 'not a TCP port',
      hint: `Set it to a port from 1 to 65535, or unset it for ${fallback}.`,
      command: `unset ${name}`,
    });
  }
  return port;
}

/** The public registry's port: DOCKBOOK_REGISTRY_PORT, or 5000. */
export function registryPort(env: NodeJS.ProcessEnv = process.env): number {
  return portFrom(env, 'DOCKBOOK_REGISTRY_PORT', DEFAULT_REGISTRY_PORT);
}

/** The private registry's port: DOCKBOOK_PRIVATE_REGISTRY_PORT, or 5001. */
export function privateRegistryPort(env: NodeJS.ProcessEnv = process.env): number {
  return portFrom(env, 'DOCKBOOK_PRIVATE_REGISTRY_PORT', DEFAULT_PRIVATE_REGISTRY_PORT);
}

/** The private registry's address as image references name it: `127.0.0.1:5001`. */
export function privateRegistryHost(env: NodeJS.ProcessEnv = process.env): string {
  return `127.0.0.1:${privateRegistryPort(env)}`;
}

/** Where the private registry's config, storage, htpasswd, credentials, pid file and log live. */
export function privateRegistryDir(env: NodeJS.ProcessEnv = process.env): string {
  return join(cacheDir(env), 'registry', 'private');
}

/** The public registry's address as image references name it: `127.0.0.1:5000`. */
export function registryHost(env: NodeJS.ProcessEnv = process.env): string {
  return `127.0.0.1:${registryPort(env)}`;
}

/** The course's own registries, public then private, as image references name them. */
export function courseRegistryHosts(env: NodeJS.ProcessEnv = process.env): [string, string] {
  return [registryHost(env), privateRegistryHost(env)];
}

/** The URL an engine the project starts uses as its registry mirror: `http://127.0.0.1:5000`. */
export function mirrorUrl(env: NodeJS.ProcessEnv = process.env): string {
  return `http://${registryHost(env)}`;
}

/** Where the public registry's config, storage, pid file, log and ownership record live. */
export function publicRegistryDir(env: NodeJS.ProcessEnv = process.env): string {
  return join(cacheDir(env), 'registry', 'public');
}

/** Basic authentication against an htpasswd file (bcrypt hashes only: Distribution refuses others). */
export interface HtpasswdAuth {
  realm: string;
  /** The htpasswd file. */
  path: string;
}

/**
 * The Distribution configuration of a registry that stores its blobs under `dir`/data and
 * listens on `host` only (loopback), with deletes allowed; anonymous unless `auth` is given.
 */
export function registryConfig(dir: string, host: string, auth?: HtpasswdAuth): string {
  return [
    'version: 0.1',
    'log:',
    '  level: info',
    'storage:',
    '  filesystem:',
    `    rootdirectory: ${join(dir, 'data')}`,
    '  delete:',
    '    enabled: true',
    ...(auth ? ['auth:', '  htpasswd:', `    realm: ${auth.realm}`, `    path: ${auth.path}`] : []),
    'http:',
    `  addr: ${host}`,
    '  headers:',
    '    X-Content-Type-Options: [nosniff]',
    '',
  ].join('\n');
}
