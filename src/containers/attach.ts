import { inspect } from 'node:util';
import { engineCall, raceAbort, type CallOptions } from '../core/call.ts';
import { lines, type Until } from '../core/streams.ts';
import { resolveContainer, type ContainerRef } from '../core/resolve.ts';
import type { Context } from '../core/context.ts';
import { attachStreams, driveInput, type Input } from './io.ts';
import { input, until } from '../validate/common.ts';
import { milliseconds } from '../validate/shape.ts';
import { CALL_OPTIONS, checkArgs, containerRef, signature } from '../validate/signature.ts';

export interface AttachOptions extends CallOptions {
  /** Return (and detach) once the output since attaching matches this. Without it, waits for the container to stop. */
  until?: Until;
  /** Instead of a condition: collect for this many ms, then detach. */
  forMs?: number;
  /** Scripted stdin (the container must have been started with `-i`). */
  input?: Input;
}

/** What arriving output `attach` saw, and whether the container stopped meanwhile. */
export class AttachResult {
  readonly lines: string[];

  /** stdout exactly as the container wrote it (binary output survives here). */
  readonly stdoutBytes: Buffer;
  /** stderr exactly as the container wrote it. */
  readonly stderrBytes: Buffer;

  /** `bytes` defaults to the text encoded as UTF-8 (exact for text output only). */
  constructor(
    readonly id: string,
    readonly command: string,
    readonly stdout: string,
    readonly stderr: string,
    readonly output: string,
    readonly ended: boolean,
    bytes?: { stdout: Buffer; stderr: Buffer },
  ) {
    this.lines = lines(output);
    this.stdoutBytes = bytes?.stdout ?? Buffer.from(stdout);
    this.stderrBytes = bytes?.stderr ?? Buffer.from(stderr);
  }

  toString(): string {
    return `${this.output}${this.ended ? '[container stopped]' : '[detached]'}`;
  }

  [inspect.custom](): string {
    return this.toString();
  }
}

/** What attach() takes, checked at its entry. */
export const ATTACH_SIGNATURE = signature({
  operation: 'attach',
  ctx: true,
  params: [{ name: 'ref', shape: containerRef, example: 'web' }],
  options: { ...CALL_OPTIONS, until, forMs: milliseconds, input },
  command: 'docker attach CONTAINER',
});

/**
 * `docker attach`: connects to a running container and receives its new output (not the past:
 * that is `logs`) until a condition, a duration, or the container stops. Then it detaches, and
 * the container goes on running.
 *
 * @example
 * const seen = await attach(ctx, 'ticker', { until: /tick 3/ });
 * seen.lines.length; // at least 1
 */
export async function attach(ctx: Context, ref: ContainerRef, options: AttachOptions = {}): Promise<AttachResult> {
  checkArgs(ATTACH_SIGNATURE, arguments);
  const { until, forMs, input } = options;
  const id = await resolveContainer(ctx, ref, 'attach', options);
  const name = typeof ref === 'string' ? ref : id.slice(0, 12);
  const command = `docker attach ${name}`;
  return engineCall(
    options,
    ctx.timeoutMs,
    { operation: 'attach', target: `container ${name}`, command },
    async (signal) => {
      const container = ctx.docker.getContainer(id);
      // The inspect (TTY or not) and the attach go together; the stream waits, paused, for the answer.
      const tty = container.inspect({ abortSignal: signal } as object).then((info) => info.Config.Tty);
      const attachment = await attachStreams(container, { tty, stdin: input !== undefined, signal });
      try {
        if (input !== undefined) await driveInput(attachment, input, signal);
        const stopped = attachment.ended.then(() => true);
        const condition =
          until !== undefined
            ? attachment.buffer.waitFor(until, signal).then(() => false)
            : forMs !== undefined
              ? new Promise<boolean>((r) => setTimeout(() => r(false), forMs))
              : stopped;
        const ended = await raceAbort(Promise.race([condition, stopped]), signal);
        const { buffer } = attachment;
        return new AttachResult(id, command, buffer.stdout, buffer.stderr, buffer.output, ended, {
          stdout: buffer.stdoutBytes,
          stderr: buffer.stderrBytes,
        });
      } finally {
        attachment.detach();
      }
    },
  );
}
