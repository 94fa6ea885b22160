import { join } from 'node:path';
import { DockbookError } from '../errors.ts';
import { cacheDir } from '../paths.ts';

/** The public registry's port when DOCKBOOK_REGISTRY_PORT does not say otherwise. */
export const DEFAULT_REGISTRY_PORT = 5000;

/** The public registry's port: DOCKBOOK_REGISTRY_PORT, or 5000. */
export function registryPort(env: NodeJS.ProcessEnv = process.env): number {
  const text = env.DOCKBOOK_REGISTRY_PORT;
  if (text === undefined || text === '') return DEFAULT_REGISTRY_PORT;
  const port = Number(text);
  if (!Number.isInteger(port) || port < 1 || port > 65535) {
    throw new DockbookError({ code: 'INVALID_ARGUMENT', operation: 'registry', target: `DOCKBOOK_REGISTRY_PORT=${text}`, reason: 'not a TCP port', hint: 'Set it to a port from 1 to 65535, or unset it for 5000.' });
  }
  return port;
}

/** The public registry's address as image references name it: `127.0.0.1:5000`. */
export function registryHost(env: NodeJS.ProcessEnv = process.env): string {
  return `127.0.0.1:${registryPort(env)}`;
}

/** The URL an engine the project starts uses as its registry mirror: `http://127.0.0.1:5000`. */
export function mirrorUrl(env: NodeJS.ProcessEnv = process.env): string {
  return `http://${registryHost(env)}`;
}

/** Where the public registry's config, storage, pid file, log and ownership record live. */
export function publicRegistryDir(env: NodeJS.ProcessEnv = process.env): string {
  return join(cacheDir(env), 'registry', 'public');
}

/**
 * The Distribution configuration of a registry that stores its blobs under `dir`/data and
 * listens on `host` only (loopback), with deletes allowed and no authentication.
 */
export function registryConfig(dir: string, host: string): string {
  return [
    'version: 0.1',
    'log:',
    '  level: info',
    'storage:',
    '  filesystem:',
    `    rootdirectory: ${join(dir, 'data')}`,
    '  delete:',
    '    enabled: true',
    'http:',
    `  addr: ${host}`,
    '  headers:',
    '    X-Content-Type-Options: [nosniff]',
    '',
  ].join('\n');
}
