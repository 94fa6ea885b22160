import { rmSync } from 'node:fs';
import type Docker from 'dockerode';
import { anonymousVolumes } from '../containers/remove.ts';
import { duringBuild, removingImages } from '../images/image-gate.ts';
import { DockbookError } from '../errors.ts';
import type { Context } from '../core/context.ts';
import { LABEL_OWNER, ownerIsGone } from '../core/labels.ts';
import { journal, makeProxyDir, proxyDir, proxyFolders, removeProxyDir } from './folder.ts';
import { startProxy, type DockerProxy } from './server.ts';
import { upstreamOf } from './upstream.ts';

const proxies = new WeakMap<Context, Promise<DockerProxy | undefined>>();

async function start(ctx: Context, env: NodeJS.ProcessEnv): Promise<DockerProxy | undefined> {
  const upstream = upstreamOf(ctx.engine.endpoint);
  if (!upstream) return undefined;
  let socketPath = proxyDir(ctx.session, env);
  try {
    socketPath = makeProxyDir(ctx.session, ctx.labels[LABEL_OWNER] ?? '', env);
    return await startProxy(socketPath, upstream, {
      labels: () => ctx.labels,
      kind: ctx.engine.kind,
      onImageRef: (ref) => {
        ctx.addedImageRefs.add(ref);
        journal(ctx.session, 'image', ref, env);
      },
      anonymousVolumes: async (id) => anonymousVolumes(await ctx.docker.getContainer(id).inspect()),
      onOrphanVolumes: (names) => {
        for (const name of names) {
          ctx.orphanVolumes.add(name);
          journal(ctx.session, 'volume', name, env);
        }
      },
      duringBuild: (exchange, noCache) => duringBuild(ctx.docker, exchange, { noCache, session: ctx.session }),
      pending: (exchange) => {
        ctx.pending.add(exchange);
        void exchange.finally(() => ctx.pending.delete(exchange));
      },
    });
  } catch (cause) {
    upstream.agent.destroy();
    throw new DockbookError({
      code: 'ENGINE_ERROR',
      operation: 'cli',
      target: socketPath,
      reason:
        `the session's Docker proxy could not start ` +
        `(${(cause as NodeJS.ErrnoException).code ?? (cause as Error).message})`,
      hint: 'The proxy listens on a socket under the cache folder: check that it is writable, or set DOCKBOOK_CACHE.',
      command: `docker -H unix://${socketPath} version`,
      cause,
    });
  }
}

/**
 * The session's Docker API proxy, started on the first call (later calls share it): the
 * socket `cli()` points the docker CLI at, so whatever the CLI creates carries the session's
 * labels or is recorded for cleanup. Undefined for an engine endpoint it cannot forward to
 * (ssh://); the CLI then talks to the engine directly. Throws a DockbookError if it cannot start.
 *
 * @example
 * (await sessionProxy(ctx))?.host; // 'unix:///root/.cache/dockbook/docker-proxy/db-3f2a1c9d/docker.sock'
 */
export function sessionProxy(ctx: Context, env: NodeJS.ProcessEnv = process.env): Promise<DockerProxy | undefined> {
  let proxy = proxies.get(ctx);
  if (!proxy) {
    proxy = start(ctx, env);
    proxies.set(ctx, proxy);
    // A proxy that failed to start is tried again on the next call.
    proxy.catch(() => proxies.get(ctx) === proxy && proxies.delete(ctx));
  }
  return proxy;
}

/** Stops the session's proxy, if it started one, and removes its folder. Safe to call more than once. */
export async function closeSessionProxy(ctx: Context, env: NodeJS.ProcessEnv = process.env): Promise<void> {
  const proxy = proxies.get(ctx);
  proxies.delete(ctx);
  await (await proxy?.catch(() => undefined))?.close();
  removeProxyDir(ctx.session, env);
}

/**
 * For sessions whose owning process is gone: removes the image names and volumes their
 * proxies recorded (what carries no label), then their folders. Returns what it removed.
 */
export async function sweepStaleProxies(
  docker: Docker,
  env: NodeJS.ProcessEnv = process.env,
): Promise<{ images: string[]; volumes: string[] }> {
  const removed = { images: [] as string[], volumes: [] as string[] };
  for (const folder of proxyFolders(env)) {
    if (!ownerIsGone(folder.owner)) continue;
    await removingImages(docker, async (prune) => {
      for (const ref of folder.images) {
        if (
          await docker
            .getImage(ref)
            .remove({ noprune: !prune })
            .then(
              () => true,
              () => false,
            )
        )
          removed.images.push(ref);
      }
    });
    for (const name of folder.volumes) {
      if (
        await docker
          .getVolume(name)
          .remove()
          .then(
            () => true,
            () => false,
          )
      )
        removed.volumes.push(name);
    }
    rmSync(folder.dir, { recursive: true, force: true });
  }
  return removed;
}
