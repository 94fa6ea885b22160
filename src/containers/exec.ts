import type { Duplex } from 'node:stream';
import { setTimeout as sleep } from 'node:timers/promises';
import type Docker from 'dockerode';
import { engineCall, type CallOptions } from '../core/call.ts';
import { resolveContainer, type ContainerRef } from '../core/resolve.ts';
import { demuxer, lines, OutputBuffer } from '../core/streams.ts';
import { printable, type Printable } from '../display/printable.ts';
import type { Context } from '../core/context.ts';
import { shellQuote } from '../display/shell.ts';
import { containerTarget, refText } from './ref.ts';
import { commandLine, env } from '../validate/common.ts';
import { boolean, string } from '../validate/shape.ts';
import { CALL_OPTIONS, checkArgs, containerRef, signature } from '../validate/signature.ts';

export interface ExecOptions extends CallOptions {
  /** `-u`: user (name or uid[:gid]). Default: the container's user. */
  user?: string;
  /** `-w`: working folder. Default: the container's. */
  workdir?: string;
  /** `-e`: `{ KEY: 'value' }` or `['KEY=value']`. */
  env?: Record<string, string> | string[];
  /** `-t`: a TTY (stdout and stderr then arrive together, as stdout). Default false. */
  tty?: boolean;
  /** `-i` with this text on stdin, then end of input. Default: no stdin. */
  input?: string;
}

export interface ExecResult {
  exitCode: number;
  stdout: string;
  stderr: string;
  /** stdout and stderr interleaved as they arrived. */
  output: string;
  lines: string[];
  /** stdout exactly as the command wrote it (binary output survives here). */
  stdoutBytes: Buffer;
  /** stderr exactly as the command wrote it. */
  stderrBytes: Buffer;
}

function execLine(name: string, cmd: string[], { user, workdir, tty, input }: ExecOptions, envList: string[]): string {
  const flags = [
    input !== undefined && tty ? '-it' : input !== undefined ? '-i' : tty ? '-t' : '',
    user ? `-u ${user}` : '',
    workdir ? `-w ${workdir}` : '',
    ...envList.map((e) => `-e ${shellQuote(e)}`),
  ];
  return ['docker exec', ...flags.filter(Boolean), name, ...cmd.map(shellQuote)].join(' ');
}

/** The exit code, once the engine has recorded it (it can lag a moment behind the end of the output). */
async function exitCodeOf(execution: Docker.Exec, signal: AbortSignal): Promise<number> {
  for (;;) {
    const info = await execution.inspect({ abortSignal: signal });
    if (!info.Running && info.ExitCode !== null) return info.ExitCode;
    await sleep(20, undefined, { signal });
  }
}

/** What exec() takes, checked at its entry. */
export const EXEC_SIGNATURE = signature({
  operation: 'exec',
  ctx: true,
  params: [
    { name: 'ref', shape: containerRef, example: 'web' },
    { name: 'command', shape: commandLine, example: 'true' },
  ],
  options: { ...CALL_OPTIONS, user: string, workdir: string, env, tty: boolean, input: string },
  command: 'docker exec [OPTIONS] CONTAINER COMMAND [ARG...]',
  flags: {
    user: '--user USER',
    workdir: '--workdir /app',
    env: '--env KEY=value',
    tty: '--tty',
    input: '--interactive',
  },
});

/**
 * Runs a command in a running container, as `docker exec`: an argument array as given, or a
 * string run by `sh -c`. Gives the exit code (a failing command is a result, not an error)
 * and its output, stdout and stderr apart. A stopped container fails with NOT_RUNNING.
 *
 * @example
 * const r = await exec(ctx, 'web', 'ls /app');            // docker exec web sh -c 'ls /app'
 * await exec(ctx, 'web', ['cat'], { input: 'hello\n' });  // docker exec -i web cat
 */
export async function exec(
  ctx: Context,
  ref: ContainerRef,
  command: string[] | string,
  options: ExecOptions = {},
): Promise<Printable<ExecResult>> {
  checkArgs(EXEC_SIGNATURE, arguments);
  const { user, workdir, env = [], tty = false, input } = options;
  const cmd = typeof command === 'string' ? ['sh', '-c', command] : command;
  const envList = Array.isArray(env) ? env : Object.entries(env).map(([k, v]) => `${k}=${v}`);
  const name = refText(ref);
  const hints = { NOT_RUNNING: `Start it first (start(${JSON.stringify(name)})): exec runs in a running container.` };
  const meta = {
    operation: 'exec',
    target: containerTarget(ref),
    command: execLine(name, cmd, options, envList),
    hints,
  };
  const id = await resolveContainer(ctx, ref, 'exec', options);
  return engineCall(options, ctx.timeoutMs, meta, async (signal) => {
    const execution = await ctx.docker.getContainer(id).exec({
      Cmd: cmd,
      AttachStdin: input !== undefined,
      AttachStdout: true,
      AttachStderr: true,
      Tty: tty,
      Env: envList,
      ...(user ? { User: user } : {}),
      ...(workdir ? { WorkingDir: workdir } : {}),
      abortSignal: signal,
    });
    const stream = (await execution.start({
      hijack: true,
      stdin: input !== undefined,
      Tty: tty,
      abortSignal: signal,
    })) as unknown as Duplex;
    const buffer = new OutputBuffer();
    try {
      const ended = new Promise<void>((resolve, reject) => {
        stream.once('end', resolve);
        stream.once('close', resolve);
        stream.once('error', reject);
      }).finally(() => buffer.end());
      stream.on(
        'data',
        tty ? (chunk: Buffer) => buffer.write('stdout', chunk) : demuxer((stream, data) => buffer.write(stream, data)),
      );
      if (input !== undefined) stream.end(input);
      await ended;
    } finally {
      stream.destroy();
    }
    const exitCode = await exitCodeOf(execution, signal);
    const output = buffer.output;
    const result = {
      exitCode,
      stdout: buffer.stdout,
      stderr: buffer.stderr,
      output,
      lines: lines(output),
      stdoutBytes: buffer.stdoutBytes,
      stderrBytes: buffer.stderrBytes,
    };
    return printable(result, (r) => `${r.lines.join('\n')}${r.lines.length ? '\n' : ''}[exit ${r.exitCode}]`);
  });
}
