import type Docker from 'dockerode';
import { afterEach, describe, expect, it } from 'vitest';
import { create, run } from '../../src/containers/run.ts';
import { cleanupSession } from '../../src/session/cleanup.ts';
import type { Context } from '../../src/core/context.ts';
import { createContext } from '../../src/core/context-factory.ts';

const contexts: Context[] = [];
afterEach(async () => {
  for (const ctx of contexts.splice(0)) await cleanupSession(ctx);
});

async function session(): Promise<Context> {
  const ctx = await createContext({ notebook: 'test:timeout-leftovers' });
  contexts.push(ctx);
  return ctx;
}

/** The session's containers on the engine, once the removals of timed-out calls have settled. */
async function left(ctx: Context): Promise<string[]> {
  await Promise.allSettled([...ctx.pending]);
  const all = await ctx.docker.listContainers({ all: true, filters: { label: [`dockbook.session=${ctx.session}`] } });
  return all.map((c) => c.Names[0]!);
}

/** Aborts `controller` as soon as a create request has gone to the engine, as a timeout at that moment would. */
function abortOnCreate(ctx: Context, controller: AbortController): void {
  const original = ctx.docker.createContainer.bind(ctx.docker);
  ctx.docker.createContainer = ((options: Docker.ContainerCreateOptions) => {
    const sent = original(options);
    controller.abort();
    return sent;
  }) as typeof ctx.docker.createContainer;
}

describe('a call that times out or is aborted leaves nothing behind', () => {
  it('while its create request is in flight: run and create remove what the engine still makes', async () => {
    for (const call of ['run', 'create'] as const) {
      const ctx = await session();
      const controller = new AbortController();
      abortOnCreate(ctx, controller);
      const made =
        call === 'run'
          ? run(ctx, 'busybox', 'true', { signal: controller.signal, name: `inflight-${ctx.session}` })
          : create(ctx, 'busybox', 'true', { signal: controller.signal });
      await expect(made).rejects.toMatchObject({ code: 'ABORTED', operation: call });
      expect(await left(ctx)).toEqual([]);
    }
  });

  it('mid-run, with or without rm: the running container is removed with its anonymous volumes', async () => {
    for (const rm of [false, true]) {
      const ctx = await session();
      const started = run(ctx, 'busybox', 'sleep 30', { rm, timeoutMs: 3000, volumes: ['/scratch'] });
      started.catch(() => undefined);
      // While it runs, note the anonymous volume the engine made for it.
      let volume: string | undefined;
      while (!volume) {
        const [running] = await ctx.docker.listContainers({
          filters: { label: [`dockbook.session=${ctx.session}`], status: ['running'] },
        });
        volume = running?.Mounts.find((m) => m.Destination === '/scratch')?.Name;
        if (!volume) await new Promise((resolve) => setTimeout(resolve, 100));
      }
      await expect(started).rejects.toMatchObject({ code: 'TIMEOUT', operation: 'run' });
      expect(await left(ctx)).toEqual([]);
      await expect(ctx.docker.getVolume(volume).inspect()).rejects.toMatchObject({ statusCode: 404 });
    }
  });

  it('detached, when the start is cut off: the created container goes too', async () => {
    const ctx = await session();
    const controller = new AbortController();
    const original = ctx.docker.getContainer.bind(ctx.docker);
    // The first start request is aborted just after it is sent.
    ctx.docker.getContainer = ((id: string) => {
      const container = original(id);
      const start = container.start.bind(container);
      container.start = ((options?: object) => {
        const sent = start(options ?? {});
        controller.abort();
        return sent;
      }) as typeof container.start;
      return container;
    }) as typeof ctx.docker.getContainer;
    await expect(run(ctx, 'busybox', 'sleep 30', { detach: true, signal: controller.signal })).rejects.toMatchObject({
      code: 'ABORTED',
    });
    expect(await left(ctx)).toEqual([]);
  });
});
