import type { Context, RegistryAuth } from '../core/context.ts';

/** A registry address as credentials are keyed: no scheme, no trailing slash (`127.0.0.1:5001`). */
export function registryKey(registry: string): string {
  return registry.replace(/^https?:\/\//, '').replace(/\/+$/, '');
}

/** Keeps `auth` as the session's login for its registry (replacing an earlier one). */
export function rememberAuth(ctx: Context, auth: RegistryAuth): void {
  ctx.credentials.set(registryKey(auth.serveraddress), auth);
}

/**
 * The session's login for `registry`, if `login` stored one.
 *
 * @example
 * sessionAuth(ctx, '127.0.0.1:5001')?.username; // 'student'
 */
export function sessionAuth(ctx: Context, registry: string): RegistryAuth | undefined {
  return ctx.credentials.get(registryKey(registry));
}
