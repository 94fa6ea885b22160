import { createContext, type ContextOptions } from './context-factory.ts';
import { sweepStaleSessions } from './cleanup.ts';
import { Session } from './session.ts';

export interface SessionOptions extends ContextOptions {
  /**
   * Remove the resources of sessions whose process is gone (a crash, a killed kernel) first.
   * Default true, unless the environment sets `DOCKBOOK_NO_SWEEP=1`.
   */
  sweep?: boolean;
}

/**
 * Opens a session for a notebook: connects to the engine, sweeps what crashed sessions left
 * behind, and returns the handle every cell uses.
 *
 * @example
 * const docker = await openSession({ notebook: '01-images-and-containers' });
 * const hello = await docker.run('busybox', 'echo hello', { rm: true });
 * await docker.cleanup();
 */
export async function openSession(options: SessionOptions = {}): Promise<Session> {
  const { sweep = process.env.DOCKBOOK_NO_SWEEP !== '1', ...rest } = options;
  const ctx = await createContext(rest);
  if (sweep) await sweepStaleSessions(ctx.docker);
  return new Session(ctx);
}
