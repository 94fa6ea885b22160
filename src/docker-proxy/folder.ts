import {
  appendFileSync,
  chmodSync,
  existsSync,
  lstatSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { cacheDir } from '../paths.ts';

/** The proxy's socket in the session's folder. */
export const PROXY_SOCKET = 'docker.sock';
// The owning process (`host:pid`), so a crashed session's folder can be swept.
export const OWNER_FILE = 'dockbook-owner';
// What the session named through the proxy that no label marks (tags, volumes left behind), one `kind name` a line.
const JOURNAL = 'tracked';
// A unix socket's path holds at most 107 bytes on Linux (103 on macOS).
const MAX_SOCKET_PATH = 100;

/**
 * Where the sessions' proxy folders may live: `<cache>/docker-proxy`, and a folder of this user's under tmp for a cache
 * whose path is too long for a socket.
 */
export function proxyRoots(env: NodeJS.ProcessEnv = process.env): string[] {
  return [join(cacheDir(env), 'docker-proxy'), join(tmpdir(), `dockbook-proxy-${process.getuid?.() ?? 'user'}`)];
}

/** The session's proxy folder: under the cache, unless the socket's path would be too long there. */
export function proxyDir(session: string, env: NodeJS.ProcessEnv = process.env): string {
  const roots = proxyRoots(env);
  return join(roots.find((root) => join(root, session, PROXY_SOCKET).length <= MAX_SOCKET_PATH) ?? roots[1]!, session);
}

/**
 * A folder of this user's alone (mode 0700), made if missing; refuses one another user owns or a symlink (tmp is
 * shared).
 */
function privateFolder(dir: string): void {
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  const stat = lstatSync(dir);
  const uid = process.getuid?.();
  if (!stat.isDirectory() || (uid !== undefined && stat.uid !== uid))
    throw new Error(`${dir} is not a folder of this user's`);
  chmodSync(dir, 0o700);
}

/**
 * Makes the session's proxy folder (0700), with its owner recorded and no socket left from before. Returns the socket's
 * path.
 */
export function makeProxyDir(session: string, owner: string, env: NodeJS.ProcessEnv = process.env): string {
  const dir = proxyDir(session, env);
  privateFolder(join(dir, '..'));
  privateFolder(dir);
  writeFileSync(join(dir, OWNER_FILE), `${owner}\n`);
  rmSync(join(dir, PROXY_SOCKET), { force: true });
  return join(dir, PROXY_SOCKET);
}

/**
 * Records a name the proxy saw the session create without a label (`image web:v1`, `volume 3f…`), for a later sweep.
 */
export function journal(
  session: string,
  kind: 'image' | 'volume',
  name: string,
  env: NodeJS.ProcessEnv = process.env,
): void {
  appendFileSync(join(proxyDir(session, env), JOURNAL), `${kind} ${name}\n`, { mode: 0o600 });
}

/** Removes the session's proxy folder (its socket and journal). Returns whether there was one. */
export function removeProxyDir(session: string, env: NodeJS.ProcessEnv = process.env): boolean {
  const dir = proxyDir(session, env);
  const found = existsSync(dir);
  rmSync(dir, { recursive: true, force: true });
  return found;
}

/** A session folder found in a proxy root: its path, owner and journal. */
export interface ProxyFolder {
  session: string;
  dir: string;
  owner: string;
  images: string[];
  volumes: string[];
}

/** Every session's proxy folder that records an owner, in every root. */
export function proxyFolders(env: NodeJS.ProcessEnv = process.env): ProxyFolder[] {
  const found: ProxyFolder[] = [];
  for (const root of proxyRoots(env)) {
    if (!existsSync(root)) continue;
    for (const session of readdirSync(root)) {
      const dir = join(root, session);
      const ownerFile = join(dir, OWNER_FILE);
      if (!existsSync(ownerFile)) continue;
      const file = join(dir, JOURNAL);
      const entries = existsSync(file) ? readFileSync(file, 'utf8').split('\n').filter(Boolean) : [];
      const named = (kind: string) =>
        entries.filter((line) => line.startsWith(`${kind} `)).map((line) => line.slice(kind.length + 1));
      found.push({
        session,
        dir,
        owner: readFileSync(ownerFile, 'utf8').trim(),
        images: named('image'),
        volumes: named('volume'),
      });
    }
  }
  return found;
}
