import type Docker from 'dockerode';

/** Marks a client whose requests already get signals of their own. */
const WRAPPED = Symbol.for('dockbook.signalPerRequest');

type Dial = (options: { abortSignal?: AbortSignal }, callback?: unknown) => unknown;

/**
 * Gives each request `docker` sends an AbortSignal of its own, derived from the one it was given (`AbortSignal.any`,
 * which adds no listener to its sources). While a request is in flight it adds listeners to its signal (Node's on the
 * request, docker-modem's on the response) and removes them when it ends; on a signal many requests share at once they
 * added up, and past 10 Node warned `MaxListenersExceededWarning: Possible EventTarget memory leak detected. 11 abort
 * listeners added to [AbortSignal]` (ps on Podman inspects every container it lists at once, under the call's one
 * signal). Aborting the given signal still aborts every request made with it. Wrapping a client twice changes nothing.
 *
 * @example
 * const docker = signalPerRequest(new Docker({ socketPath: '/var/run/docker.sock' }));
 * // Twenty requests at once under one signal: no listener on it, no warning.
 * await Promise.all(ids.map((id) => docker.getContainer(id).inspect({ abortSignal: signal })));
 */
export function signalPerRequest(docker: Docker): Docker {
  const modem = docker.modem as unknown as { dial: Dial; [WRAPPED]?: true };
  if (modem[WRAPPED]) return docker;
  const dial = modem.dial.bind(modem);
  modem.dial = (options, callback) =>
    dial(options.abortSignal ? { ...options, abortSignal: AbortSignal.any([options.abortSignal]) } : options, callback);
  modem[WRAPPED] = true;
  return docker;
}
