import { engineCall } from '../core/call.ts';
import { resolveContainer, type ContainerRef } from '../core/resolve.ts';
import { printable, type Printable } from '../display/printable.ts';
import type { Context } from '../core/context.ts';
import { containerTarget, refText } from './ref.ts';
import { graceTimeout, type StopOptions } from './stop.ts';
import { shortId } from '../display/ids.ts';
import { toContainer } from './value.ts';
import { seconds } from '../validate/shape.ts';
import { CALL_OPTIONS, checkArgs, containerRef, signature } from '../validate/signature.ts';

export type RestartOptions = StopOptions;

export interface RestartResult {
  id: string;
  name: string;
  /** Whether it was running before (a stopped container is simply started). */
  wasRunning: boolean;
  /** Whether it runs now (a command that exits at once may already have stopped again). */
  running: boolean;
  /** When the new run started. */
  startedAt: Date;
  durationMs: number;
}

/** What restart() takes, checked at its entry. */
export const RESTART_SIGNATURE = signature({
  operation: 'restart',
  ctx: true,
  params: [{ name: 'ref', shape: containerRef, example: 'web' }],
  options: { ...CALL_OPTIONS, timeoutSeconds: seconds },
  command: 'docker restart [OPTIONS] CONTAINER',
  flags: { timeoutSeconds: '--time 10' },
});

/**
 * Restarts a container as `docker restart` does: stops it (SIGTERM, SIGKILL after
 * `timeoutSeconds`, default 10) and starts it again with the same configuration and ID.
 *
 * @example
 * const r = await restart(ctx, 'web', { timeoutSeconds: 1 }); // docker restart -t 1 web
 * r.running; // true
 */
export async function restart(
  ctx: Context,
  ref: ContainerRef,
  options: RestartOptions = {},
): Promise<Printable<RestartResult>> {
  checkArgs(RESTART_SIGNATURE, arguments);
  const { timeoutSeconds = 10 } = options;
  const call = graceTimeout(ctx, options, timeoutSeconds);
  const command = `docker restart${timeoutSeconds === 10 ? '' : ` -t ${timeoutSeconds}`} ${refText(ref)}`;
  const id = await resolveContainer(ctx, ref, 'restart', call);
  const container = ctx.docker.getContainer(id);
  return engineCall(
    call,
    ctx.timeoutMs,
    { operation: 'restart', target: containerTarget(ref), command },
    async (signal) => {
      const before = await container.inspect({ abortSignal: signal });
      const started = performance.now();
      await container.restart({ t: timeoutSeconds, abortSignal: signal });
      const durationMs = Math.round(performance.now() - started);
      const after = await container.inspect({ abortSignal: signal });
      const result = {
        id: after.Id,
        name: toContainer(after).name,
        wasRunning: before.State.Running,
        running: after.State.Running,
        startedAt: new Date(after.State.StartedAt),
        durationMs,
      };
      return printable(
        result,
        (r) =>
          `restarted ${r.name} (${shortId(r.id)}) ` +
          `in ${(r.durationMs / 1000).toFixed(1)}s, ${r.running ? 'running' : 'not running'}`,
      );
    },
  );
}
