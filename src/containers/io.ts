import type { Duplex, Readable } from 'node:stream';
import type Docker from 'dockerode';
import { raceAbort } from '../core/call.ts';
import { demuxer, OutputBuffer, type Until } from '../core/streams.ts';

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
 * The attach request, with no body. dockerode sends its options as a JSON body too, which Docker ignores; Podman
 * (4.3's compat API) hands the request's buffered bytes to the container's stdin with the hijacked connection, so a
 * body would reach the program as input (`{"stream":true,…}` before what the caller types). An empty body
 * (Content-Length 0) still sends the headers at once, so the engine upgrades the connection before anything is typed.
 */
function attachRequest(
  container: Docker.Container,
  { stdin, logs, signal }: { stdin: boolean; logs: boolean; signal: AbortSignal },
): Promise<Duplex> {
  return new Promise((resolve, reject) => {
    container.modem.dial(
      {
        path: `/containers/${container.id}/attach?`,
        method: 'POST',
        isStream: true,
        hijack: stdin,
        openStdin: stdin,
        file: Buffer.alloc(0),
        headers: { 'Content-Type': 'text/plain' },
        abortSignal: signal,
        statusCodes: { 200: true, 404: 'no such container', 409: 'conflict', 500: 'server error' },
        options: { stream: true, stdout: true, stderr: true, stdin, logs },
      },
      (error: unknown, stream: unknown) => (error ? reject(error) : resolve(stream as Duplex)),
    );
  });
}

/**
 * Attaches to a container's streams (before it starts, so that nothing it prints is lost). A
 * TTY container's output is raw; otherwise the engine multiplexes stdout and stderr. `tty` may
 * still be on its way (an inspect in flight): the stream waits, paused, until it is known.
 */
export async function attachStreams(
  container: Docker.Container,
  {
    tty,
    stdin,
    logs = false,
    signal,
    buffer = new OutputBuffer(),
  }: { tty: boolean | Promise<boolean>; stdin: boolean; logs?: boolean; signal: AbortSignal; buffer?: OutputBuffer },
): Promise<Attachment> {
  const [stream, isTty] = await Promise.all([attachRequest(container, { stdin, logs, signal }), tty]);
  stream.on(
    'data',
    isTty ? (chunk: Buffer) => buffer.write('stdout', chunk) : demuxer((name, data) => buffer.write(name, data)),
  );
  const ended = new Promise<void>((resolve) => {
    const end = () => {
      buffer.end();
      resolve();
    };
    stream.once('end', end);
    stream.once('close', end);
    // An error ends the output too (an abort, a reset connection); a second one must not go unhandled.
    stream.on('error', end);
  });
  return {
    buffer,
    ended,
    send: (text) => void stream.write(text),
    closeInput: () => void stream.end?.(),
    detach: () => stream.destroy(),
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
export function registerWait(
  docker: Docker,
  id: string,
  condition: 'next-exit' | 'removed' | 'not-running',
  signal: AbortSignal,
): Promise<{ exited: Promise<number> }> {
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

/**
 * Registers what an exit brings (before the start or stop that causes it): the exit code, from a `next-exit` wait, and
 * for an `--rm` container its removal, from a `removed` wait; `exited` resolves with the code once both came. Not
 * `removed` alone, as the docker CLI registers it: Podman (4.3) answers that one with 0 whatever the code (its wait
 * ends on the error a gone container gives, and that carries no exit code).
 */
export async function registerExit(
  docker: Docker,
  id: string,
  autoRemove: boolean,
  signal: AbortSignal,
): Promise<{ exited: Promise<number> }> {
  const [exit, removal] = await Promise.all([
    registerWait(docker, id, 'next-exit', signal),
    autoRemove ? registerWait(docker, id, 'removed', signal) : undefined,
  ]);
  const exited = Promise.all([exit.exited, removal?.exited]).then(([code]) => code);
  // As registerWait's: a caller that gives up never awaits it.
  exited.catch(() => undefined);
  return { exited };
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
 * Starts a container attached, the CLI's way: attach and register the wait (together, with
 * `ready`, e.g. an inspect that must finish before an `--rm` container can go), start, feed the
 * scripted input (then EOF, without a TTY), and wait for both its exit and the end of its
 * output. Returns the exit code and everything it printed; pass `buffer` to keep what it
 * printed when this fails (a timeout, a start that fails). On failure the attach and wait
 * requests are closed, so nothing stays open on a container that never started.
 */
export async function startAttached(
  docker: Docker,
  container: Docker.Container,
  options: {
    tty: boolean;
    stdin: boolean;
    autoRemove: boolean;
    input: Input | undefined;
    signal: AbortSignal;
    buffer?: OutputBuffer;
    ready?: Promise<unknown>;
  },
): Promise<{ exitCode: number; buffer: OutputBuffer }> {
  const { tty, stdin, autoRemove, input, signal, buffer = new OutputBuffer(), ready } = options;
  const closing = new AbortController();
  const requests = AbortSignal.any([signal, closing.signal]);
  try {
    const [attachment, exit] = await Promise.all([
      attachStreams(container, { tty, stdin, signal: requests, buffer }),
      registerExit(docker, container.id, autoRemove, requests),
      ready,
    ]);
    await container.start({ abortSignal: signal } as object);
    if (input !== undefined) {
      await driveInput(attachment, input, signal);
      if (!tty) attachment.closeInput();
    }
    const exitCode = await raceAbort(exit.exited, signal);
    await raceAbort(attachment.ended, signal);
    return { exitCode, buffer };
  } catch (error) {
    closing.abort();
    throw error;
  }
}
