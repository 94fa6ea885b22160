import { chmodSync, existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { cacheDir } from '../paths.ts';
import { LABEL_OWNER, ownerIsGone } from '../core/labels.ts';
import type { Context, RegistryAuth } from '../core/context.ts';
import { environment } from '../validate/common.ts';
import { checkArgs, signature } from '../validate/signature.ts';

const envParam = { name: 'env', shape: environment, optional: true, example: {} };

/** What dockerConfigDir() takes, checked at its entry. */
export const DOCKER_CONFIG_DIR_SIGNATURE = signature({
  operation: 'dockerConfigDir',
  ctx: false,
  params: [envParam],
  command: 'echo <cache>/docker-config',
});

/** What sessionDockerConfig() takes, checked at its entry: before it makes the folder. */
export const SESSION_DOCKER_CONFIG_SIGNATURE = signature({
  operation: 'sessionDockerConfig',
  ctx: true,
  params: [envParam],
  command: 'docker --config <cache>/docker-config/SESSION',
});

// Written into each session's folder: the owning process, so a crashed session's folder can be swept.
const OWNER_FILE = 'dockbook-owner';

/** Where the sessions' DOCKER_CONFIG folders live: `<cache>/docker-config`, never the user's ~/.docker. */
export function dockerConfigDir(env: NodeJS.ProcessEnv = process.env): string {
  checkArgs(DOCKER_CONFIG_DIR_SIGNATURE, arguments);
  return join(cacheDir(env), 'docker-config');
}

/**
 * The session's own DOCKER_CONFIG folder, `<cache>/docker-config/<session>` (mode 0700), made
 * on first use. The CLI that `cli()` runs reads and writes its logins there, so a
 * `docker login` in one session is invisible to every other and to the user's ~/.docker;
 * `cleanup()` removes it.
 *
 * @example
 * sessionDockerConfig(ctx); // '/root/.cache/dockbook/docker-config/db-3f2a1c9d'
 */
export function sessionDockerConfig(ctx: Context, env: NodeJS.ProcessEnv = process.env): string {
  checkArgs(SESSION_DOCKER_CONFIG_SIGNATURE, arguments);
  const dir = join(dockerConfigDir(env), ctx.session);
  if (!existsSync(dir)) {
    mkdirSync(dir, { recursive: true, mode: 0o700 });
    writeFileSync(join(dir, OWNER_FILE), `${ctx.labels[LABEL_OWNER] ?? ''}\n`);
  }
  return dir;
}

/** Removes the session's DOCKER_CONFIG folder and the logins in it. Returns whether there was one. */
export function removeSessionDockerConfig(ctx: Context, env: NodeJS.ProcessEnv = process.env): boolean {
  const dir = join(dockerConfigDir(env), ctx.session);
  const found = existsSync(dir);
  rmSync(dir, { recursive: true, force: true });
  return found;
}

/** Removes the DOCKER_CONFIG folders of sessions whose owning process is gone. Returns their session ids. */
export function sweepStaleDockerConfigs(env: NodeJS.ProcessEnv = process.env): string[] {
  const root = dockerConfigDir(env);
  if (!existsSync(root)) return [];
  const swept: string[] = [];
  for (const session of readdirSync(root)) {
    const ownerFile = join(root, session, OWNER_FILE);
    if (!existsSync(ownerFile) || !ownerIsGone(readFileSync(ownerFile, 'utf8').trim())) continue;
    rmSync(join(root, session), { recursive: true, force: true });
    swept.push(session);
  }
  return swept;
}

/**
 * Adds `auth` to `<dir>/config.json` as `docker login` would (an `auths` entry, the file mode
 * 0600, its folder 0700), keeping other entries, so `docker --config <dir> push|pull` use it.
 * Returns the folder.
 *
 * @example
 * writeDockerConfig({ username, password, serveraddress: '127.0.0.1:5001' }, sessionDockerConfig(ctx));
 */
export function writeDockerConfig(auth: RegistryAuth, dir: string): string {
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  const file = join(dir, 'config.json');
  const config = existsSync(file)
    ? (JSON.parse(readFileSync(file, 'utf8')) as { auths?: Record<string, { auth: string }> })
    : {};
  const token = Buffer.from(`${auth.username}:${auth.password}`).toString('base64');
  config.auths = { ...config.auths, [auth.serveraddress]: { auth: token } };
  writeFileSync(file, `${JSON.stringify(config, null, 2)}\n`, { mode: 0o600 });
  chmodSync(file, 0o600);
  return dir;
}
