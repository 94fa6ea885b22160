import { CREATE_CONTEXT_SIGNATURE, createContext, type ContextOptions } from '../core/context-factory.ts';
import { sweepStaleSessions, type CleanupReport } from './cleanup.ts';
import { Session } from './session.ts';
import { boolean } from '../validate/shape.ts';
import { checkArgs, signature } from '../validate/signature.ts';

/** The sessions this process opened and has not cleaned up, for cleanupAll(). */
const open = new Set<Session>();

export interface SessionOptions extends ContextOptions {
  /**
   * Remove the resources of sessions whose process is gone (a crash, a killed kernel) first.
   * Default true, unless the environment sets `DOCKBOOK_NO_SWEEP=1`.
   */
  sweep?: boolean;
}

/** What openSession() takes, checked at its entry. */
export const OPEN_SESSION_SIGNATURE = signature({
  operation: 'openSession',
  ctx: false,
  params: [],
  // createContext's options, and whether to sweep crashed sessions first.
  options: { ...CREATE_CONTEXT_SIGNATURE.options, sweep: boolean },
  command: 'docker version',
});

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
  checkArgs(OPEN_SESSION_SIGNATURE, arguments);
  const { sweep = process.env.DOCKBOOK_NO_SWEEP !== '1', ...rest } = options;
  const ctx = await createContext(rest);
  if (sweep) await sweepStaleSessions(ctx.docker);
  const session = new Session(ctx);
  open.add(session);
  return session;
}

/** What cleanupAll() takes (nothing), checked at its entry. */
export const CLEANUP_ALL_SIGNATURE = signature({
  operation: 'cleanupAll',
  ctx: false,
  params: [],
  command: 'docker rm -f $(docker ps -aq --filter label=dockbook.session)',
});

/**
 * Cleans up every session this process opened (a notebook's runner calls it at the end, pass
 * or fail, whatever the cells named their sessions).
 *
 * @example
 * await cleanupAll(); // [{ containers: […], volumes: […], images: […], networks: [], manifests: […] }]
 */
export async function cleanupAll(): Promise<CleanupReport[]> {
  checkArgs(CLEANUP_ALL_SIGNATURE, arguments);
  const reports: CleanupReport[] = [];
  for (const session of open) {
    reports.push(await session.cleanup());
    open.delete(session);
  }
  return reports;
}
