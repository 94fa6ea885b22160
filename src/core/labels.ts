import { hostname } from 'node:os';
import { processAlive } from './pids.ts';

/** The label every resource dockbook creates carries: the session that created it. */
export const LABEL_SESSION = 'dockbook.session';
/** The notebook (or test) the session belongs to. */
export const LABEL_NOTEBOOK = 'dockbook.notebook';
/** `host:pid` of the process that owns the session, so a crashed session can be recognised. */
export const LABEL_OWNER = 'dockbook.owner';

/** The run (a test suite, a `dockbook run`) the session belongs to, from `DOCKBOOK_RUN`, when set. */
export const LABEL_RUN = 'dockbook.run';

/** The labels for a session's resources. */
export function sessionLabels(
  session: string,
  notebook: string,
  owner = `${hostname()}:${process.pid}`,
  run = process.env.DOCKBOOK_RUN,
): Record<string, string> {
  return {
    [LABEL_SESSION]: session,
    [LABEL_NOTEBOOK]: notebook,
    [LABEL_OWNER]: owner,
    ...(run ? { [LABEL_RUN]: run } : {}),
  };
}

/** An engine list filter selecting one session's resources (or every session's, with no id). */
export function sessionFilter(session?: string): { label: string[] } {
  return { label: [session ? `${LABEL_SESSION}=${session}` : LABEL_SESSION] };
}

/** Whether the process named in an owner label is gone (on this host); another host's owner is never judged gone. */
export function ownerIsGone(
  owner: string | undefined,
  host = hostname(),
  alive: (pid: number) => boolean = processAlive,
): boolean {
  if (!owner) return false;
  const at = owner.lastIndexOf(':');
  const [ownerHost, pid] = [owner.slice(0, at), Number(owner.slice(at + 1))];
  return ownerHost === host && Number.isInteger(pid) && !alive(pid);
}
