import { inspect } from 'node:util';
import { engineCall, type CallOptions } from '../core/call.ts';
import type { CallMeta } from '../core/classify.ts';
import type { Context, RegistryAuth } from '../core/context.ts';
import type { EngineKind } from '../core/connect.ts';
import { invalid } from '../input/invalid.ts';
import { sessionDockerConfig, writeDockerConfig } from './docker-config.ts';
import { registryKey, rememberAuth } from './session-auth.ts';
import { credentials } from '../validate/common.ts';
import { boolean, nonEmptyString } from '../validate/shape.ts';
import { CALL_OPTIONS, checkArgs, signature } from '../validate/signature.ts';

export interface LoginOptions extends CallOptions {
  /** Also write the login to a DOCKER_CONFIG folder, for the CLI that `cli()` runs. Default false. */
  dockerConfig?: boolean;
  /** That folder. Default the session's own, `<cache>/docker-config/<session>` (what `cli()` uses). */
  dockerConfigDir?: string;
}

/** What a LoginResult is made of: its fields, the optional one left out when there is none. */
export type LoginResultFields = Pick<LoginResult, 'registry' | 'username'> & Partial<Pick<LoginResult, 'dockerConfig'>>;

/** A login the engine accepted: the registry and user (never the password). */
export class LoginResult {
  /** `127.0.0.1:5001`. */
  readonly registry: string;
  readonly username: string;
  /** The DOCKER_CONFIG folder the login was written to, when asked for. */
  readonly dockerConfig?: string;

  /**
   * From one named object, as execa builds its results.
   *
   * @example
   * new LoginResult({ registry: '127.0.0.1:5001', username: 'student' });
   */
  constructor(fields: LoginResultFields) {
    this.registry = fields.registry;
    this.username = fields.username;
    this.dockerConfig = fields.dockerConfig;
  }

  toString(): string {
    return 'Login Succeeded';
  }

  [inspect.custom](): string {
    return this.toString();
  }
}

/** A loopback registry by its IP address and port: `127.0.0.1:5001`, `[::1]:5001`. */
const LOOPBACK = /^(?:127(?:\.\d{1,3}){3}|\[::1\]):(\d{1,5})$/;

/**
 * The registry address the engine's POST /auth is asked about. Podman's Docker-compatible /auth (4.3, and still
 * today: pkg/api/handlers/compat/auth.go) ignores registries.conf's `insecure = true` and reaches a registry over
 * HTTPS only, except one named `localhost:PORT` (its "local testing" case, where plain HTTP is allowed): a loopback
 * registry at 127.0.0.1:PORT, plain HTTP like the course's, is asked about as `localhost:PORT`, the same registry on
 * the engine's own machine. Docker's daemon trusts loopback registries over HTTP by any name, and is asked as given.
 *
 * @example
 * authAddress('podman', '127.0.0.1:5001'); // 'localhost:5001'
 * authAddress('docker', '127.0.0.1:5001'); // '127.0.0.1:5001'
 */
export function authAddress(kind: EngineKind, host: string): string {
  const loopback = kind === 'podman' ? LOOPBACK.exec(host) : null;
  return loopback ? `localhost:${loopback[1]}` : host;
}

/** What login() takes, checked at its entry. */
export const LOGIN_SIGNATURE = signature({
  operation: 'login',
  ctx: true,
  params: [
    { name: 'registry', shape: nonEmptyString, example: '127.0.0.1:5001' },
    { name: 'credentials', shape: credentials, example: { username: 'u', password: 'p' } },
  ],
  options: { ...CALL_OPTIONS, dockerConfig: boolean, dockerConfigDir: nonEmptyString },
  command: 'docker login --username USER --password-stdin SERVER',
});

/**
 * Logs in to a registry, like `docker login`: the engine checks the credentials against the
 * registry (POST /auth), and the session keeps them for its later `push` and `pull` to that
 * registry. Nothing is written to ~/.docker, and neither the result nor an error contains the
 * password. A wrong password is UNAUTHORIZED. On Podman a registry at 127.0.0.1:PORT is checked as localhost:PORT
 * (see authAddress: Podman's Docker-compatible login reaches a plain-HTTP registry by that name only).
 * Defaults: dockerConfig false (with true, the login is also written, mode 0600, to the session's DOCKER_CONFIG
 * folder, which the CLI of `cli()` reads and `cleanup()` removes).
 *
 * @example
 * await login(ctx, '127.0.0.1:5001', courseCredentials(privateRegistryDir())); // Login Succeeded
 */
export async function login(
  ctx: Context,
  registry: string,
  credentials: { username: string; password: string },
  options: LoginOptions = {},
): Promise<LoginResult> {
  checkArgs(LOGIN_SIGNATURE, arguments);
  const { dockerConfig = false, dockerConfigDir, timeoutMs, signal } = options;
  const host = registryKey(registry ?? '');
  if (!host)
    throw invalid(
      'login',
      String(registry),
      'no registry given',
      'Name it host[:port], e.g. 127.0.0.1:5001.',
      'docker login HOST[:PORT]',
    );
  const { username, password } = credentials ?? {};
  if (!username || !password)
    throw invalid('login', host, 'a login needs a username and a password', 'Pass { username, password }.');
  const command = `docker login ${host} --username ${username} --password-stdin`;
  const meta: CallMeta = {
    operation: 'login',
    target: host,
    command,
    hints: {
      UNAUTHORIZED:
        `The registry refused user "${username}": check the user name and password (the course's are in ` +
        `courseRegistries().credentials).`,
      ENGINE_ERROR: 'The engine could not reach the registry: is it running (`dockbook registry status`)?',
    },
  };
  const auth: RegistryAuth = { username, password, serveraddress: host };
  const asked = { ...auth, serveraddress: authAddress(ctx.engine.kind, host) };
  await engineCall({ timeoutMs, signal }, ctx.timeoutMs, meta, () => ctx.docker.checkAuth(asked));
  rememberAuth(ctx, auth);
  const written = dockerConfig ? writeDockerConfig(auth, dockerConfigDir ?? sessionDockerConfig(ctx)) : undefined;
  return new LoginResult({ registry: host, username, dockerConfig: written });
}
