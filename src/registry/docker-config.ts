import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { cacheDir } from '../paths.ts';
import type { RegistryAuth } from '../session/context.ts';

/** The DOCKER_CONFIG folder for CLI parity: `<cache>/docker-config`, never the user's ~/.docker. */
export function dockerConfigDir(env: NodeJS.ProcessEnv = process.env): string {
  return join(cacheDir(env), 'docker-config');
}

/**
 * Adds `auth` to `<dir>/config.json` as `docker login` would (an `auths` entry, the file mode
 * 0600, its folder 0700), keeping other entries, so `docker --config <dir> push|pull` use it.
 * Returns the folder.
 *
 * @example
 * writeDockerConfig({ username, password, serveraddress: '127.0.0.1:5001' }); // '~/.cache/dockbook/docker-config'
 */
export function writeDockerConfig(auth: RegistryAuth, dir: string = dockerConfigDir()): string {
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  const file = join(dir, 'config.json');
  const config = existsSync(file) ? (JSON.parse(readFileSync(file, 'utf8')) as { auths?: Record<string, { auth: string }> }) : {};
  const token = Buffer.from(`${auth.username}:${auth.password}`).toString('base64');
  config.auths = { ...config.auths, [auth.serveraddress]: { auth: token } };
  writeFileSync(file, `${JSON.stringify(config, null, 2)}\n`, { mode: 0o600 });
  chmodSync(file, 0o600);
  return dir;
}
