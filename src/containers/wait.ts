import { engineCall, type CallOptions } from '../core/call.ts';
import { resolveContainer, type ContainerRef } from '../core/resolve.ts';
import { printable, type Printable } from '../display/printable.ts';
import type { Context } from '../core/context.ts';
import { containerTarget, refText } from './ref.ts';
import { shortId } from '../display/ids.ts';
import { toContainer } from './value.ts';
import { CALL_OPTIONS, checkArgs, containerRef, signature } from '../validate/signature.ts';

export type WaitOptions = CallOptions;

export interface WaitResult {
  id: string;
  name: string;
  exitCode: number;
}

/** What wait() takes, checked at its entry. */
export const WAIT_SIGNATURE = signature({
  operation: 'wait',
  ctx: true,
  params: [{ name: 'ref', shape: containerRef, example: 'web' }],
  options: CALL_OPTIONS,
  command: 'docker wait CONTAINER',
});

/**
 * Waits until a container stops, as `docker wait` does, and gives its exit code. A container
 * that is not running answers at once. Fails with TIMEOUT when it still runs after `timeoutMs`
 * (default: the session's timeout).
 *
 * @example
 * (await wait(ctx, 'job', { timeoutMs: 30_000 })).exitCode // docker wait job
 */
export async function wait(ctx: Context, ref: ContainerRef, options: WaitOptions = {}): Promise<Printable<WaitResult>> {
  checkArgs(WAIT_SIGNATURE, arguments);
  const id = await resolveContainer(ctx, ref, 'wait', options);
  const container = ctx.docker.getContainer(id);
  return engineCall(
    options,
    ctx.timeoutMs,
    { operation: 'wait', target: containerTarget(ref), command: `docker wait ${refText(ref)}` },
    async (signal) => {
      const info = await container.inspect({ abortSignal: signal });
      const answer = (await container.wait({ abortSignal: signal })) as {
        StatusCode: number;
        Error?: { Message?: string } | null;
      };
      if (answer.Error?.Message) throw new Error(answer.Error.Message);
      // A container that never ran: Docker answers with its state's exit code (0), Podman (4.3) with -1, no code at
      // all. The container's own record says what Docker says.
      const exitCode =
        answer.StatusCode < 0 ? (await container.inspect({ abortSignal: signal })).State.ExitCode : answer.StatusCode;
      const result = { id: info.Id, name: toContainer(info).name, exitCode };
      return printable(result, (r) => `${r.name} (${shortId(r.id)}) exited with code ${r.exitCode}`);
    },
  );
}
