import { request, type IncomingMessage, type ServerResponse } from 'node:http';
import type { Duplex } from 'node:stream';
import { settleVanished } from '../core/vanished.ts';
import type { Upstream } from './upstream.ts';

// Hop-by-hop headers: they describe one connection, so each side of the proxy sets its own.
const HOP = new Set(['connection', 'keep-alive', 'proxy-connection', 'transfer-encoding', 'te', 'trailer', 'upgrade']);

/** The largest header block either side may send: registry auth headers can be long. */
export const MAX_HEADER_SIZE = 1 << 20;

/** rawHeaders (name, value, name, value…) without the hop-by-hop ones and those in `drop`. */
function endToEnd(raw: string[], drop: string[] = []): string[] {
  const out: string[] = [];
  for (let i = 0; i < raw.length; i += 2) {
    const name = raw[i]!.toLowerCase();
    if (!HOP.has(name) && !drop.includes(name)) out.push(raw[i]!, raw[i + 1]!);
  }
  return out;
}

/** The engine's answer when the proxy cannot reach it: the words the docker CLI uses for a refused dial. */
export function unreachable(host: string, error: unknown): string {
  const why = (error as NodeJS.ErrnoException).code ?? (error as Error).message;
  return JSON.stringify({
    message: `Cannot connect to the Docker daemon at ${host} (dockbook proxy: ${why}). Is the docker daemon running?`,
  });
}

/** A JSON error response from the proxy itself, unless the answer has begun (then the connection is cut). */
export function answer(res: ServerResponse, status: number, body: string): void {
  if (res.destroyed) return;
  if (res.headersSent) {
    res.destroy();
    return;
  }
  res.writeHead(status, { 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(body) }).end(body);
}

export interface ForwardOptions {
  /** The path and query to send instead of the request's own. */
  url?: string;
  /** A body to send instead of the request's own (already read). */
  body?: Buffer;
  /** Sees the engine's status before the client does, e.g. to record what a 2xx created. */
  onStatus?: (status: number) => void;
  /**
   * Let the engine finish when the client hangs up (a CLI killed by its timeout), so that what it
   * makes is still recorded by onStatus. Default false: the engine request is aborted with it.
   */
  finish?: boolean;
}

/**
 * Sends a request on to the engine and its answer back, both bodies streamed (a chunked build
 * context up, `logs -f` or pull progress down). Either side going away ends the other: a client
 * that hangs up aborts the engine request (unless `finish`), an engine that goes away cuts the
 * client's connection (or, before it answered, gets a 502 naming the engine). Resolves when
 * the exchange is over, however it ended; never rejects.
 */
export function forward(
  up: Upstream,
  req: IncomingMessage,
  res: ServerResponse,
  options: ForwardOptions = {},
): Promise<void> {
  const { url = req.url!, body, onStatus, finish = false } = options;
  const headers = body
    ? [...endToEnd(req.rawHeaders, ['content-length']), 'Content-Length', String(body.length)]
    : endToEnd(req.rawHeaders);
  const out = request({
    agent: up.agent,
    method: req.method,
    path: url,
    headers: headers as unknown as Record<string, string>,
    maxHeaderSize: MAX_HEADER_SIZE,
  });
  const over = new Promise<void>((resolve) => out.on('close', resolve));
  let engineAnswer: IncomingMessage | undefined;
  out.on('response', (back) => {
    engineAnswer = back;
    if (onStatus) onStatus(back.statusCode!);
    if (res.destroyed) return void back.resume();
    res.writeHead(back.statusCode!, back.statusMessage, endToEnd(back.rawHeaders));
    // At once, as the engine did: the CLI waits for the head of a long poll (wait) or a stream (events) before any
    // body.
    res.flushHeaders();
    // Each chunk is written as it comes (progress and log lines reach the CLI at once), with backpressure.
    back.pipe(res);
    back.on('error', () => res.destroy());
    back.on('aborted', () => res.destroy());
  });
  out.on('error', (error) => answer(res, 502, unreachable(up.host, error)));
  res.on('close', () => {
    if (res.writableFinished) return;
    // The rest of the engine's answer goes nowhere, but is read to its end.
    if (finish) engineAnswer?.resume();
    else out.destroy();
  });
  if (body) {
    out.end(body);
  } else {
    req.pipe(out);
    req.on('close', () => {
      if (!req.complete) out.destroy();
    });
  }
  return over;
}

/** An engine's failed answer, read whole: thrown by one try of forwardSettled, with the engine's message. */
class FailedAnswer extends Error {
  constructor(
    readonly back: IncomingMessage,
    readonly body: Buffer,
  ) {
    let message = body.toString('utf8');
    try {
      message = String((JSON.parse(message) as { message?: unknown }).message ?? message);
    } catch {
      // Not JSON: the body's text is the message.
    }
    super(message);
  }
}

/** The engine could not be reached, or the client went away: nothing more is to be sent to the client. */
class NoAnswer extends Error {}

/**
 * A read that Podman fails only because another image vanished while it answered (GET /images/json and
 * /images/{name}/json: see core/vanished.ts), for the docker CLI as the library's own calls: a failed answer is read
 * whole, and while it is that failure the request is sent again (settleVanished: up to 5 times, backing off); any other
 * answer, and the last, goes to the client as forward() sends it. `image` is the image asked about (none for a list):
 * an answer that names it as gone is passed on at once. A request without a body; resolves when the exchange is over.
 */
export async function forwardSettled(
  up: Upstream,
  req: IncomingMessage,
  res: ServerResponse,
  image?: string,
): Promise<void> {
  const gone = new AbortController();
  res.once('close', () => gone.abort());
  const once = () =>
    new Promise<IncomingMessage>((resolve, reject) => {
      const out = request({
        agent: up.agent,
        method: req.method,
        path: req.url!,
        headers: endToEnd(req.rawHeaders) as unknown as Record<string, string>,
        maxHeaderSize: MAX_HEADER_SIZE,
      });
      const cut = () => out.destroy();
      gone.signal.addEventListener('abort', cut, { once: true });
      out.once('close', () => gone.signal.removeEventListener('abort', cut));
      out.on('error', (error) => {
        answer(res, 502, unreachable(up.host, error));
        reject(new NoAnswer());
      });
      out.on('response', (back) => {
        if (back.statusCode! < 400) return resolve(back);
        const chunks: Buffer[] = [];
        back.on('data', (chunk: Buffer) => chunks.push(chunk));
        back.on('end', () => reject(new FailedAnswer(back, Buffer.concat(chunks))));
        back.on('error', () => reject(new NoAnswer()));
      });
      out.end();
    });
  let back: IncomingMessage;
  try {
    back = await settleVanished(once, { ...(image ? { asked: image } : {}), signal: gone.signal });
  } catch (error) {
    if (!(error instanceof FailedAnswer) || res.destroyed) return;
    res.writeHead(
      error.back.statusCode!,
      error.back.statusMessage,
      endToEnd(error.back.rawHeaders, ['content-length']),
    );
    res.end(error.body);
    return;
  }
  if (res.destroyed) return void back.resume();
  res.writeHead(back.statusCode!, back.statusMessage, endToEnd(back.rawHeaders));
  back.pipe(res);
  back.on('error', () => res.destroy());
  back.on('aborted', () => res.destroy());
  await new Promise((resolve) => res.once('close', resolve));
}

/**
 * A hijacked call (attach, exec start, `run -i`: `Connection: Upgrade`, `Upgrade: tcp`): the
 * request head goes to the engine as it came, then the two connections are piped raw both ways,
 * each direction's end (the CLI closing stdin) passed on as a half-close.
 */
export function hijack(
  up: Upstream,
  req: IncomingMessage,
  client: Duplex,
  head: Buffer,
  track: (socket: Duplex) => void,
): void {
  const engine = up.dial();
  track(engine);
  track(client);
  let answered = false;
  const lines = [`${req.method} ${req.url} HTTP/${req.httpVersion}`];
  for (let i = 0; i < req.rawHeaders.length; i += 2) lines.push(`${req.rawHeaders[i]}: ${req.rawHeaders[i + 1]}`);
  engine.write(`${lines.join('\r\n')}\r\n\r\n`);
  if (head.length) engine.write(head);
  engine.once('data', () => (answered = true));
  engine.on('error', (error) => {
    if (answered || !client.writable) return void client.destroy();
    const body = unreachable(up.host, error);
    client.end(
      `HTTP/1.1 502 Bad Gateway\r\nContent-Type: application/json\r\nContent-Length: ${Buffer.byteLength(body)}\r\n` +
        `Connection: close\r\n\r\n${body}`,
    );
  });
  client.on('error', () => engine.destroy());
  client.pipe(engine);
  engine.pipe(client);
  // A client that is gone needs nothing more; an engine that is gone mid-stream resets the client.
  engine.on('close', (hadError) => hadError && answered && client.destroy());
  client.on('close', () => engine.destroy());
}
