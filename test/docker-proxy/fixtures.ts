import { mkdtempSync, writeFileSync } from 'node:fs';
import { createServer, connect as netConnect, type Server, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { cli } from '../../src/docker-cli.ts';
import type { Context } from '../../src/core/context.ts';

/** What one round of CLI calls made, by kind. */
export interface Made {
  containers: string[];
  volumes: string[];
  networks: string[];
  images: string[];
  /** Names given to images the session did not make (tags). */
  refs: string[];
}

const out = async (ctx: Context, args: string) => (await cli(ctx, args)).stdout.trim();

/**
 * Makes one of each resource through the docker CLI in cli(): `run -d` (with a label of its
 * own), `create`, `run` with an anonymous volume, a container removed without its anonymous
 * volume, `volume create`, `network create`, `build -t`, `commit` and `tag`.
 */
export async function makeThroughCli(ctx: Context): Promise<Made> {
  const s = ctx.session;
  const detached = await out(ctx, 'run -d --label mine=kept busybox sleep 300');
  const created = await out(ctx, 'create busybox true');
  const holder = await out(ctx, 'run -d -v /data busybox sleep 300');
  const anonymous = (await ctx.docker.getContainer(holder).inspect()).Mounts.find(
    (m) => m.Destination === '/data',
  )!.Name!;
  const left = await out(ctx, 'run -d -v /scratch busybox true');
  const orphan = (await ctx.docker.getContainer(left).inspect()).Mounts[0]!.Name!;
  await ctx.docker.getContainer(left).wait();
  await cli(ctx, `rm ${left}`);
  const volume = await out(ctx, `volume create vol-${s}`);
  const network = await out(ctx, `network create net-${s}`);
  const context = mkdtempSync(join(tmpdir(), 'dockbook-proxy-build-'));
  writeFileSync(join(context, 'Dockerfile'), 'FROM busybox\nRUN echo built > /built\n');
  await cli(ctx, ['build', '-q', '-t', `built-${s}`, context]);
  await cli(ctx, `commit ${detached} committed-${s}:v1`);
  await cli(ctx, `tag busybox tagged-${s}:v1`);
  return {
    containers: [detached, created, holder],
    volumes: [anonymous, orphan, volume],
    networks: [network],
    images: [`built-${s}`, `committed-${s}:v1`],
    refs: [`tagged-${s}:v1`],
  };
}

/** Which of the resources still exist on the engine. */
export async function stillThere(ctx: Context, made: Made): Promise<string[]> {
  const { docker } = ctx;
  const exists = (work: () => Promise<unknown>) =>
    work().then(
      () => true,
      () => false,
    );
  const checks: Array<[string, () => Promise<unknown>]> = [
    ...made.containers.map((id): [string, () => Promise<unknown>] => [
      `container ${id}`,
      () => docker.getContainer(id).inspect(),
    ]),
    ...made.volumes.map((name): [string, () => Promise<unknown>] => [
      `volume ${name}`,
      () => docker.getVolume(name).inspect(),
    ]),
    ...made.networks.map((id): [string, () => Promise<unknown>] => [
      `network ${id}`,
      () => docker.getNetwork(id).inspect(),
    ]),
    ...[...made.images, ...made.refs].map((ref): [string, () => Promise<unknown>] => [
      `image ${ref}`,
      () => docker.getImage(ref).inspect(),
    ]),
  ];
  const left: string[] = [];
  for (const [what, work] of checks) if (await exists(work)) left.push(what);
  return left;
}

/** A stand-in for the engine's endpoint that passes connections through until it is cut. */
export interface Relay {
  /** `unix:///…` or `tcp://127.0.0.1:port`. */
  host: string;
  /** The engine "goes away": stops listening and resets every connection. */
  cut: () => Promise<void>;
}

/** A relay to the engine's unix socket, on a unix socket of its own or on a tcp port of loopback. */
export async function relay(engineSocket: string, kind: 'unix' | 'tcp'): Promise<Relay> {
  const sockets = new Set<Socket>();
  const server: Server = createServer({ allowHalfOpen: true }, (client) => {
    const engine = netConnect({ path: engineSocket, allowHalfOpen: true });
    for (const s of [client, engine]) {
      sockets.add(s);
      s.on('close', () => sockets.delete(s));
      s.on('error', () => undefined);
    }
    client.pipe(engine).pipe(client);
  });
  const path = join(mkdtempSync(join(tmpdir(), 'dockbook-relay-')), 'docker.sock');
  await new Promise<void>((resolve) =>
    kind === 'unix' ? server.listen(path, resolve) : server.listen(0, '127.0.0.1', resolve),
  );
  const host = kind === 'unix' ? `unix://${path}` : `tcp://127.0.0.1:${(server.address() as { port: number }).port}`;
  return {
    host,
    cut: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        // A reset where the socket can send one (tcp), else a close.
        for (const s of sockets) s.remoteAddress ? s.resetAndDestroy() : s.destroy();
      }),
  };
}
