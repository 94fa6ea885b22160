import { afterAll, beforeAll } from 'vitest';
import { connect, type Engine } from '../../src/core/connect.ts';
import type { Context } from '../../src/core/context.ts';
import { createContext } from '../../src/core/context-factory.ts';
import { cleanupSession } from '../../src/session/cleanup.ts';

/** Where the Podman-specific engine tests find Podman's Docker-compatible API service. */
export const PODMAN_HOST_VARIABLE = 'DOCKBOOK_PODMAN_HOST';

/**
 * The Podman these tests drive, from DOCKBOOK_PODMAN_HOST. Never skipped: when it is unset, or does not answer as
 * Podman, the tests fail and say what to do.
 *
 * @example
 * const engine = await podmanEngine(); // DOCKBOOK_PODMAN_HOST=unix:///tmp/pm/podman.sock
 */
export async function podmanEngine(env: NodeJS.ProcessEnv = process.env): Promise<Engine> {
  const host = env[PODMAN_HOST_VARIABLE];
  if (!host) {
    throw new Error(
      `${PODMAN_HOST_VARIABLE} is not set: this file tests dockbook on Podman. Start Podman's Docker-compatible API ` +
        `(\`dockbook engine up --podman\`, or \`podman system service --time=0 unix:///tmp/podman.sock\`) with the ` +
        `course's base images in it, and set ${PODMAN_HOST_VARIABLE} to its socket (unix:///tmp/podman.sock).`,
    );
  }
  const engine = await connect({ env: { DOCKER_HOST: host } });
  if (engine.kind !== 'podman') {
    throw new Error(`${PODMAN_HOST_VARIABLE}=${host} answers as ${engine.kind} ${engine.engineVersion}, not Podman.`);
  }
  return engine;
}

/** A labelled Context on Podman for one test file (see useContext), cleaned up after the file. */
export function usePodmanContext(name: string): { ctx: Context; engine: Engine } {
  const holder = {} as { ctx: Context; engine: Engine };
  beforeAll(async () => {
    holder.engine = await podmanEngine();
    holder.ctx = await createContext({ notebook: `test:${name}`, engine: holder.engine });
  });
  afterAll(async () => {
    if (holder.ctx) await cleanupSession(holder.ctx);
  });
  return holder;
}
