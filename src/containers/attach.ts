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

/** What an AttachResult is made of: its fields, the optional ones defaulted (see the constructor). */
export type AttachResultFields = Pick<AttachResult, 'id' | 'command' | 'stdout' | 'stderr' | 'output' | 'ended'> &
  Partial<Pick<AttachResult, 'stdoutBytes' | 'stderrBytes'>>;

/** What arriving output `attach` saw, and whether the container stopped meanwhile. */
export class AttachResult {
  readonly id: string;
  readonly command: string;
  readonly stdout: string;
  readonly stderr: string;
  readonly output: string;
  readonly ended: boolean;
  readonly lines: string[];

  /** stdout exactly as the container wrote it (binary output survives here). */
  readonly stdoutBytes: Buffer;
  /** stderr exactly as the container wrote it. */
  readonly stderrBytes: Buffer;

  /**
   * From one named object, as execa builds its results. Defaults: the bytes the text encoded as
   * UTF-8 (exact for text output only).
   *
   * @example
   * new AttachResult({ id, command: 'docker attach web', stdout: 'tick 1\n', stderr: '',
   *   output: 'tick 1\n', ended: false });
   */
  constructor(fields: AttachResultFields) {
    this.id = fields.id;
    this.command = fields.command;
    this.stdout = fields.stdout;
    this.stderr = fields.stderr;
    this.output = fields.output;
    this.ended = fields.ended;
    this.lines = lines(fields.output);
    this.stdoutBytes = fields.stdoutBytes ?? Buffer.from(fields.stdout);
    this.stderrBytes = fields.stderrBytes ?? Buffer.from(fields.stderr);
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
        return new AttachResult({
          id,
          command,
          stdout: buffer.stdout,
          stderr: buffer.stderr,
          output: buffer.output,
          ended,
          stdoutBytes: buffer.stdoutBytes,
          stderrBytes: buffer.stderrBytes,
        });
      } finally {
        attachment.detach();
      }
    },
  );
}
