import { engineCall, type CallOptions } from '../core/call.ts';
import { resolveContainer, type ContainerRef } from '../core/resolve.ts';
import type { Context } from '../core/context.ts';
import { familiarRef } from '../input/reference.ts';
import { startAttached, type Input } from './io.ts';
import { RunResult } from './run-result.ts';
import { toContainer, type Container } from './value.ts';
import { input } from '../validate/common.ts';
import { boolean } from '../validate/shape.ts';
import { CALL_OPTIONS, checkArgs, containerRef, signature } from '../validate/signature.ts';

export interface StartOptions extends CallOptions {
  /** `-a`: attach, wait for it to stop, and return its output and exit code. */
  attach?: boolean;
  /** `-i`: attach stdin too (the container must have been created with `-i`). */
  interactive?: boolean;
  /** Scripted stdin, as for run. Implies `interactive`. */
  input?: Input;
}

function isAlreadyStarted(error: unknown): boolean {
  return (error as { statusCode?: number }).statusCode === 304;
}

/** What start() takes, checked at its entry. */
export const START_SIGNATURE = signature({
  operation: 'start',
  ctx: true,
  params: [{ name: 'ref', shape: containerRef, example: 'web' }],
  options: { ...CALL_OPTIONS, attach: boolean, interactive: boolean, input },
  command: 'docker start [OPTIONS] CONTAINER',
  flags: { attach: '--attach', interactive: '--interactive' },
});

/**
 * `docker start`: starts a stopped container again — the same container, with the same ID and
 * the configuration `run` gave it. Detached by default; `attach` streams its output until it stops.
 *
 * @example
 * const again = await start(ctx, 'quiz', { attach: true, input: '3\n4\n' });
 * again.stdout; // the program's output, second time round
 */
export async function start(
  ctx: Context,
  ref: ContainerRef,
  options: StartOptions & { attach: true },
): Promise<RunResult>;
export async function start(ctx: Context, ref: ContainerRef, options?: StartOptions): Promise<Container>;
export async function start(
  ctx: Context,
  ref: ContainerRef,
  options: StartOptions = {},
): Promise<RunResult | Container> {
  checkArgs(START_SIGNATURE, arguments);
  const { attach = false, input } = options;
  const interactive = options.interactive ?? input !== undefined;
  const id = await resolveContainer(ctx, ref, 'start', options);
  const name = typeof ref === 'string' ? ref : id.slice(0, 12);
  const command = `docker start${attach ? ' -a' : ''}${interactive ? ' -i' : ''} ${name}`;
  return engineCall(
    options,
    ctx.timeoutMs,
    { operation: 'start', target: `container ${name}`, command },
    async (signal) => {
      const container = ctx.docker.getContainer(id);
      if (!attach) {
        await container.start({ abortSignal: signal } as object).catch((error: unknown) => {
          if (!isAlreadyStarted(error)) throw error;
        });
        return toContainer(await container.inspect({ abortSignal: signal } as object));
      }
      const info = await container.inspect({ abortSignal: signal } as object);
      const t0 = performance.now();
      const { exitCode, buffer } = await startAttached(ctx.docker, container, {
        tty: info.Config.Tty,
        stdin: interactive && info.Config.OpenStdin,
        autoRemove: info.HostConfig.AutoRemove ?? false,
        input,
        signal,
      });
      return new RunResult({
        id: info.Id,
        name: info.Name.replace(/^\//, ''),
        image: familiarRef(info.Config.Image),
        command,
        exitCode,
        stdout: buffer.stdout,
        stderr: buffer.stderr,
        output: buffer.output,
        durationMs: Math.round(performance.now() - t0),
        stdoutBytes: buffer.stdoutBytes,
        stderrBytes: buffer.stderrBytes,
      });
    },
  );
}
