import { constants } from 'node:os';

/** The signals that stop a run, in the order a terminal or a supervisor sends them. */
const STOPPING = ['SIGINT', 'SIGTERM', 'SIGHUP'] as const;
type Stopping = (typeof STOPPING)[number];

/** How often the process checks that its parent (npm, npx, a shell) is still there, ms. */
const PARENT_CHECK_MS = 500;

export interface Interruptible {
  /** Aborts on the first stopping signal (or when the parent process is gone), its reason the signal's name. */
  signal: AbortSignal;
  /** The exit code for how the run was stopped: 128 + the signal's number (130 for Ctrl-C), or undefined. */
  exitCode(): number | undefined;
  /** Removes the handlers. */
  dispose(): void;
}

/**
 * Makes a long command stop cleanly. The first Ctrl-C (SIGINT), SIGTERM or SIGHUP aborts
 * `signal`, so the run interrupts its running cell, cleans up and reports; a second one exits
 * at once (the kernels end themselves when their parent is gone, and the next start sweeps
 * what was left). A parent that goes away (npm or npx killed without us) counts as SIGHUP,
 * since a shell between them would not pass the signal on.
 *
 * @example
 * const stop = interruptible((line) => console.error(line));
 * await runNotebooks(files, { engine, signal: stop.signal });
 * process.exitCode = stop.exitCode() ?? process.exitCode;
 */
export function interruptible(say: (line: string) => void): Interruptible {
  const controller = new AbortController();
  let received: Stopping | undefined;
  const stop = (name: Stopping) => {
    if (received) {
      say(`dockbook: ${name} again: stopping at once (the next start sweeps what is left)`);
      process.exit(128 + constants.signals[name]);
    }
    received = name;
    say(
      `dockbook: ${name}: interrupting the running cell and cleaning up ` +
        `(${name === 'SIGINT' ? 'press Ctrl-C again' : 'send it again'} to stop at once)`,
    );
    controller.abort(name);
  };
  const handlers = STOPPING.map((name) => [name, () => stop(name)] as const);
  for (const [name, handler] of handlers) process.on(name, handler);
  const parent = process.ppid;
  const watch = setInterval(() => {
    if (process.ppid !== parent && !received) stop('SIGHUP');
  }, PARENT_CHECK_MS);
  watch.unref();
  return {
    signal: controller.signal,
    exitCode: () => (received ? 128 + constants.signals[received] : undefined),
    dispose: () => {
      clearInterval(watch);
      for (const [name, handler] of handlers) process.off(name, handler);
    },
  };
}
