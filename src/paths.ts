import { homedir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { environment } from './validate/common.ts';
import { checkArgs, signature } from './validate/signature.ts';

/** The root of this package (where package.json is), from both `src/` and `dist/`. */
export const packageRoot = resolve(fileURLToPath(new URL('..', import.meta.url)));

/** What cacheDir() takes, checked at its entry. */
export const CACHE_DIR_SIGNATURE = signature({
  operation: 'cacheDir',
  ctx: false,
  params: [{ name: 'env', shape: environment, optional: true, example: {} }],
  command: 'echo "${DOCKBOOK_CACHE:-${XDG_CACHE_HOME:-~/.cache}/dockbook}"',
});

/**
 * The folder where dockbook keeps what it makes outside the engine: the owned engine's pid
 * file and log, seeded root filesystems, registry storage. `DOCKBOOK_CACHE` overrides it;
 * the default follows XDG (`~/.cache/dockbook`) so that several clones share one cache.
 */
export function cacheDir(env: NodeJS.ProcessEnv = process.env): string {
  checkArgs(CACHE_DIR_SIGNATURE, arguments);
  if (env.DOCKBOOK_CACHE) return resolve(env.DOCKBOOK_CACHE);
  const base = env.XDG_CACHE_HOME ? resolve(env.XDG_CACHE_HOME) : join(homedir(), '.cache');
  return join(base, 'dockbook');
}
