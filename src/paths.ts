import { homedir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The root of this package (where package.json is), from both `src/` and `dist/`. */
export const packageRoot = resolve(fileURLToPath(new URL('..', import.meta.url)));

/**
 * The folder where dockbook keeps what it makes outside the engine: the owned engine's pid
 * file and log, seeded root filesystems, registry storage. `DOCKBOOK_CACHE` overrides it;
 * the default follows XDG (`~/.cache/dockbook`) so that several clones share one cache.
 */
export function cacheDir(env: NodeJS.ProcessEnv = process.env): string {
  if (env.DOCKBOOK_CACHE) return resolve(env.DOCKBOOK_CACHE);
  const base = env.XDG_CACHE_HOME ? resolve(env.XDG_CACHE_HOME) : join(homedir(), '.cache');
  return join(base, 'dockbook');
}
