import type { HtpasswdAuth } from '../registry/config.ts';
import { privateRegistryDir, privateRegistryHost, publicRegistryDir, registryHost } from '../registry/config.ts';
import { courseCredentials, type Credentials } from '../registry/credentials.ts';
import { writeHtpasswd } from './htpasswd.ts';

/** The course's two registries: `public` (anonymous pull and push) and `private` (login for both). */
export type RegistryKind = 'public' | 'private';

/** Where one of the course's registries listens and keeps its state, and how it authenticates. */
export interface RegistrySpec {
  kind: RegistryKind;
  /** `127.0.0.1:<port>`. */
  host: string;
  /** `<cache>/registry/<kind>`. */
  dir: string;
  /** The variable that moves its port. */
  portVariable: string;
  /** What it allows, in words. */
  access: string;
  /** Writes what authentication needs before a start (the private one's htpasswd). */
  prepare: (log: (line: string) => void) => Promise<HtpasswdAuth | undefined>;
  /** The login its catalog needs, if any. */
  credentials: () => Credentials | undefined;
}

/**
 * The settings of the public or the private registry under `env` (ports from
 * DOCKBOOK_REGISTRY_PORT / DOCKBOOK_PRIVATE_REGISTRY_PORT, state under the cache folder).
 *
 * @example
 * registrySpec('private').host; // '127.0.0.1:5001'
 */
export function registrySpec(kind: RegistryKind, env: NodeJS.ProcessEnv = process.env): RegistrySpec {
  if (kind === 'public') {
    return {
      kind,
      host: registryHost(env),
      dir: publicRegistryDir(env),
      portVariable: 'DOCKBOOK_REGISTRY_PORT',
      access: 'anonymous pull and push',
      prepare: async () => undefined,
      credentials: () => undefined,
    };
  }
  const dir = privateRegistryDir(env);
  return {
    kind,
    host: privateRegistryHost(env),
    dir,
    portVariable: 'DOCKBOOK_PRIVATE_REGISTRY_PORT',
    access: 'login needed to pull and push',
    prepare: (log) => writeHtpasswd(dir, log),
    credentials: () => courseCredentials(dir),
  };
}
