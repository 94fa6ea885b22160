import { engineCall, type CallOptions } from '../core/call.ts';
import { resolveContainer, type ContainerRef } from '../core/resolve.ts';
import { printable, type Printable } from '../display/printable.ts';
import type { Context } from '../core/context.ts';
import { containerTarget, refText } from './ref.ts';
import { shortId } from '../display/ids.ts';
import { registerExit } from './io.ts';
import { toContainer } from './value.ts';
import { seconds } from '../validate/shape.ts';
import { CALL_OPTIONS, checkArgs, containerRef, signature } from '../validate/signature.ts';

export interface StopOptions extends CallOptions {
  /** `-t`: seconds between SIGTERM and SIGKILL. Default 10, as `docker stop`. */
  timeoutSeconds?: number;
}

export interface StopResult {
  id: string;
  name: string;
  /** False when the container was already stopped (the engine answers 304; not an error). */
  wasRunning: boolean;
  /** 0 after a graceful exit on SIGTERM, 137 (128 + SIGKILL) when it had to be killed. */
  exitCode: number;
  /** How long the stop took: about `timeoutSeconds` when the process ignored SIGTERM. */
  durationMs: number;
  /** True for an `--rm` container: the engine removed it as it stopped. */
  removed: boolean;
}

/**
 * The call timeout for an operation that may wait `seconds` for a container: the caller's
 * `timeoutMs`, or else the session's, but never shorter than that wait plus 30 s.
 *
 * @example
 * graceTimeout(ctx, {}, 300).timeoutMs // 330000 with the default 120 s session timeout
 */
export function graceTimeout(ctx: Context, options: CallOptions, seconds: number): CallOptions {
  return { ...options, timeoutMs: options.timeoutMs ?? Math.max(ctx.timeoutMs, seconds * 1000 + 30_000) };
}

/** What stop() takes, checked at its entry. */
export const STOP_SIGNATURE = signature({
  operation: 'stop',
  ctx: true,
  params: [{ name: 'ref', shape: containerRef, example: 'web' }],
  options: { ...CALL_OPTIONS, timeoutSeconds: seconds },
  command: 'docker stop [OPTIONS] CONTAINER',
  flags: { timeoutSeconds: '--time 10' },
});

/**
 * Stops a container as `docker stop` does: SIGTERM, then SIGKILL after `timeoutSeconds`
 * (default 10). Stopping a stopped container is not an error (`wasRunning: false`). The call
 * timeout defaults to the session's, and is always longer than `timeoutSeconds`.
 *
 * @example
 * const r = await stop(ctx, 'web', { timeoutSeconds: 2 }); // docker stop -t 2 web
 * r.exitCode; // 0 if it exited on SIGTERM, 137 if it was killed
 */
export async function stop(ctx: Context, ref: ContainerRef, options: StopOptions = {}): Promise<Printable<StopResult>> {
  checkArgs(STOP_SIGNATURE, arguments);
  const { timeoutSeconds = 10 } = options;
  const call = graceTimeout(ctx, options, timeoutSeconds);
  const command = `docker stop${timeoutSeconds === 10 ? '' : ` -t ${timeoutSeconds}`} ${refText(ref)}`;
  const id = await resolveContainer(ctx, ref, 'stop', call);
  const container = ctx.docker.getContainer(id);
  return engineCall(
    call,
    ctx.timeoutMs,
    { operation: 'stop', target: containerTarget(ref), command },
    async (signal) => {
      const before = await container.inspect({ abortSignal: signal });
      // An --rm container is gone once stopped: its exit code comes from a wait registered first.
      const removal =
        before.HostConfig.AutoRemove && before.State.Running
          ? await registerExit(ctx.docker, id, true, signal)
          : undefined;
      const started = performance.now();
      // Docker answers a stop of a stopped container with 304, Podman (4.3) with 204: what it was says more.
      let wasRunning = before.State.Running;
      try {
        await container.stop({ t: timeoutSeconds, abortSignal: signal });
      } catch (error) {
        if ((error as { statusCode?: number }).statusCode !== 304) throw error;
        wasRunning = false;
      }
      const exitCode = removal
        ? await removal.exited
        : (await container.inspect({ abortSignal: signal })).State.ExitCode;
      const durationMs = Math.round(performance.now() - started);
      const result = {
        id: before.Id,
        name: toContainer(before).name,
        wasRunning,
        exitCode,
        durationMs,
        removed: removal !== undefined,
      };
      return printable(result, (r) =>
        r.wasRunning
          ? `stopped ${r.name} (${shortId(r.id)}) in ${(r.durationMs / 1000).toFixed(1)}s, exit code ${r.exitCode}`
          : `${r.name} (${shortId(r.id)}) was not running (exit code ${r.exitCode})`,
      );
    },
  );
}
