import type { RegistryAuth } from '../images/pull.ts';
import type { Context } from '../session/context.ts';

// Credentials live with the session's Context, in memory only: never in ~/.docker, never printed.
const stores = new WeakMap<Context, Map<string, RegistryAuth>>();

/** A registry address as credentials are keyed: no scheme, no trailing slash (`127.0.0.1:5001`). */
export function registryKey(registry: string): string {
  return registry.replace(/^https?:\/\//, '').replace(/\/+$/, '');
}

/** Keeps `auth` as the session's login for its registry (replacing an earlier one). */
export function rememberAuth(ctx: Context, auth: RegistryAuth): void {
  const store = stores.get(ctx) ?? new Map<string, RegistryAuth>();
  store.set(registryKey(auth.serveraddress), auth);
  stores.set(ctx, store);
}

/**
 * The session's login for `registry`, if `login` stored one.
 *
 * @example
 * sessionAuth(ctx, '127.0.0.1:5001')?.username; // 'student'
 */
export function sessionAuth(ctx: Context, registry: string): RegistryAuth | undefined {
  return stores.get(ctx)?.get(registryKey(registry));
}
