import type { Duplex, Readable } from 'node:stream';
import type Docker from 'dockerode';
import { raceAbort } from '../docker/call.ts';
import { demuxer, OutputBuffer, type Until } from '../docker/streams.ts';

/** Scripted input for `-i`: text sent at once, or a step that waits for output before sending. */
export type InputStep = string | { wait: Until; send: string };
export type Input = string | InputStep[];

/** An attached container: its output as it arrives, a way to write to its stdin, and its end. */
export interface Attachment {
  buffer: OutputBuffer;
  /** Resolves when the engine closes the output stream (the container stopped, or it detached). */
  ended: Promise<void>;
  send(text: string): void;
  /** Closes stdin, as EOF; with `StdinOnce` the engine then closes the container's stdin. */
  closeInput(): void;
  /** Drops the connection; the container keeps running. */
  detach(): void;
}

/**
 * Attaches to a container's streams (before it starts, so that nothing it prints is lost). A
 * TTY container's output is raw; otherwise the engine multiplexes stdout and stderr.
 */
export async function attachStreams(container: Docker.Container, { tty, stdin, logs = false, signal }: { tty: boolean; stdin: boolean; logs?: boolean; signal: AbortSignal }): Promise<Attachment> {
  const stream = (await container.attach({ stream: true, stdout: true, stderr: true, stdin, logs, hijack: stdin, abortSignal: signal })) as unknown as Duplex;
  const buffer = new OutputBuffer();
  const feed = tty ? (chunk: Buffer) => buffer.write('stdout', chunk) : demuxer((name, data) => buffer.write(name, data));
  stream.on('data', feed);
  const ended = new Promise<void>((resolve) => {
    stream.once('end', resolve);
    stream.once('close', resolve);
    stream.once('error', () => resolve());
  });
  return {
    buffer,
    ended,
    send: (text) => void stream.write(text),
    closeInput: () => void (stream as Duplex).end?.(),
    detach: () => (stream as Readable).destroy(),
  };
}

/** Feeds scripted input: waits for each step's expected output, then sends its text. */
export async function driveInput(attachment: Attachment, input: Input, signal: AbortSignal): Promise<void> {
  for (const step of typeof input === 'string' ? [input] : input) {
    if (typeof step === 'string') {
      attachment.send(step);
      continue;
    }
    await attachment.buffer.waitFor(step.wait, signal);
    attachment.send(step.send);
  }
}

/**
 * Registers a wait for the container's exit and resolves once the engine has registered it
 * (the engine flushes the response headers then), so a start after this can never race it.
 * Its `exited` promise then resolves with the exit code (wrapped, so the registration does not
 * wait for the exit).
 */
export function registerWait(docker: Docker, id: string, condition: 'next-exit' | 'removed' | 'not-running', signal: AbortSignal): Promise<{ exited: Promise<number> }> {
  return new Promise((registered, fail) => {
    docker.modem.dial(
      {
        path: `/containers/${id}/wait?`,
        method: 'POST',
        isStream: true,
        abortSignal: signal,
        statusCodes: { 200: true, 400: 'bad parameter', 404: 'no such container', 500: 'server error' },
        options: { condition },
      },
      (error, stream) => {
        if (error) return fail(error);
        const exited = readExitCode(stream as Readable);
        // A caller that gives up (timeout, abort) never awaits it: that is not an unhandled failure.
        exited.catch(() => undefined);
        registered({ exited });
      },
    );
  });
}

function readExitCode(stream: Readable): Promise<number> {
  return new Promise((resolve, reject) => {
    let body = '';
    stream.on('data', (chunk: Buffer) => (body += chunk.toString('utf8')));
    stream.once('error', reject);
    stream.once('end', () => {
      try {
        const result = JSON.parse(body) as { StatusCode: number; Error?: { Message?: string } | null };
        if (result.Error?.Message) reject(new Error(result.Error.Message));
        else resolve(result.StatusCode);
      } catch (error) {
        reject(new Error(`the engine's wait answer was not JSON: ${body.slice(0, 200)}`, { cause: error }));
      }
    });
  });
}

/**
 * Starts a container attached, the CLI's way: attach first, register the wait, start, feed
 * the scripted input (then EOF, without a TTY), and wait for both its exit and the end of its
 * output. Returns the exit code and everything it printed.
 */
export async function startAttached(
  docker: Docker,
  container: Docker.Container,
  { tty, stdin, autoRemove, input, signal }: { tty: boolean; stdin: boolean; autoRemove: boolean; input: Input | undefined; signal: AbortSignal },
): Promise<{ exitCode: number; buffer: OutputBuffer }> {
  const attachment = await attachStreams(container, { tty, stdin, signal });
  const exit = await registerWait(docker, container.id, autoRemove ? 'removed' : 'next-exit', signal);
  await container.start({ abortSignal: signal } as object);
  if (input !== undefined) {
    await driveInput(attachment, input, signal);
    if (!tty) attachment.closeInput();
  }
  const exitCode = await raceAbort(exit.exited, signal);
  await raceAbort(attachment.ended, signal);
  return { exitCode, buffer: attachment.buffer };
}
