import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { Duplex } from 'node:stream';
import type { EngineKind } from '../core/connect.ts';
import { answer, forward, forwardSettled, hijack, MAX_HEADER_SIZE, type ForwardOptions } from './forward.ts';
import { labelBody, labelBuild, labelChanges, routeOf } from './rewrite.ts';
import type { Upstream } from './upstream.ts';

/** What the proxy does with the requests that create resources. */
export interface ProxyHooks {
  /** The labels every created container, volume, network and image gets (read at each request). */
  labels: () => Record<string, string>;
  /** The engine behind the proxy, which takes a build's labels in its own form (see buildLabels). Default docker. */
  kind?: EngineKind;
  /** A name the engine gave an image (tag, commit, import), once it did. */
  onImageRef: (ref: string) => void;
  /** The anonymous volumes of a container about to be removed without its volumes. */
  anonymousVolumes: (container: string) => Promise<string[]>;
  /** Anonymous volumes a removed container left behind. */
  onOrphanVolumes: (names: string[]) => void;
  /** Runs a build's exchange while it is recorded as in flight (see duringBuild). */
  duringBuild: (exchange: () => Promise<void>, noCache: boolean) => Promise<void>;
  /** An exchange that records what it makes and finishes even if the CLI is gone; cleanup waits for it. */
  pending: (exchange: Promise<void>) => void;
}

/** A running proxy: where the CLI connects, and what went wrong in it. */
export interface DockerProxy {
  /** `unix:///…/docker.sock`, for DOCKER_HOST. */
  host: string;
  socketPath: string;
  /** The proxy's own failures (not the engine's answers), oldest first. */
  failures: Error[];
  /** Stops listening and cuts every connection, streams and hijacked ones included. */
  close: () => Promise<void>;
}

/** The largest request body the proxy reads to add labels (a create request's JSON). */
const MAX_BODY = 16 << 20;

async function readBody(req: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > MAX_BODY) throw new Error(`the request body is larger than ${MAX_BODY} bytes`);
    chunks.push(chunk);
  }
  return Buffer.concat(chunks);
}

const ok = (status: number) => status >= 200 && status < 300;

/**
 * Starts a Docker API proxy on a unix socket that forwards every request to `upstream` and
 * changes only those that create resources (see routeOf): the labels go into creates and
 * builds, and names given to images and volumes left behind are reported through `hooks`.
 */
export async function startProxy(socketPath: string, upstream: Upstream, hooks: ProxyHooks): Promise<DockerProxy> {
  const failures: Error[] = [];
  const sockets = new Set<Duplex>();
  const track = (socket: Duplex) => {
    sockets.add(socket);
    socket.once('close', () => sockets.delete(socket));
  };
  /** Runs a hook; a failing one is the proxy's failure, never the engine's answer. */
  const safely = (work: () => void) => {
    try {
      work();
    } catch (error) {
      failures.push(error as Error);
    }
  };

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const route = routeOf(req.method!, req.url!);
    let options: ForwardOptions = {};
    try {
      if (route.kind === 'label-body')
        options = { body: Buffer.from(labelBody((await readBody(req)).toString('utf8'), hooks.labels())) };
      else if (route.kind === 'build') options = { url: labelBuild(req.url!, hooks.labels(), hooks.kind) };
      else if (route.kind === 'tag')
        options = { finish: true, onStatus: (s) => ok(s) && safely(() => hooks.onImageRef(route.ref)) };
      else if (route.kind === 'label-changes') {
        const ref = route.ref;
        options = {
          finish: true,
          url: labelChanges(req.url!, hooks.labels()),
          onStatus: (s) => ok(s) && ref !== undefined && safely(() => hooks.onImageRef(ref)),
        };
      } else if (route.kind === 'remove-container') {
        // An unknown container has none; the engine then gives its own 404.
        const volumes = await hooks.anonymousVolumes(route.id).catch(() => []);
        options = {
          finish: true,
          onStatus: (s) => ok(s) && volumes.length > 0 && safely(() => hooks.onOrphanVolumes(volumes)),
        };
      }
    } catch (error) {
      const failure = new Error(
        `could not add the session's labels to ${req.method} ${req.url}: ${(error as Error).message}`,
        { cause: error },
      );
      failures.push(failure);
      return answer(res, 400, JSON.stringify({ message: `dockbook proxy: ${failure.message}` }));
    }
    if (route.kind === 'image-read') return forwardSettled(upstream, req, res, route.image);
    // A build stands on intermediate images no cleanup may prune meanwhile; a recording exchange is waited for.
    if (route.kind === 'build') return hooks.duringBuild(() => forward(upstream, req, res, options), route.noCache);
    const exchange = forward(upstream, req, res, options);
    if (options.finish) hooks.pending(exchange);
  }

  const server = createServer({ maxHeaderSize: MAX_HEADER_SIZE, requestTimeout: 0 }, (req, res) => {
    handle(req, res).catch((error: Error) => {
      failures.push(error);
      answer(res, 500, JSON.stringify({ message: `dockbook proxy: ${error.message}` }));
    });
  });
  server.on('upgrade', (req: IncomingMessage, socket: Duplex, head: Buffer) =>
    hijack(upstream, req, socket, head, track),
  );
  server.on('connection', track);
  server.on('clientError', (_error, socket) => socket.destroy());
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(socketPath, () => {
      server.off('error', reject);
      resolve();
    });
  });
  // A proxy never keeps its process alive on its own: a notebook's kernel exits when its cells are done.
  server.unref();
  return {
    host: `unix://${socketPath}`,
    socketPath,
    failures,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        for (const socket of sockets) socket.destroy();
        server.closeAllConnections();
        upstream.agent.destroy();
      }),
  };
}
