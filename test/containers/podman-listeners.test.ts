import { getEventListeners } from 'node:events';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ps } from '../../src/containers/ps.ts';
import { create, run } from '../../src/containers/run.ts';
import { cleanupSession } from '../../src/session/cleanup.ts';
import { usePodmanContext } from '../support/podman.ts';

// Every request the client sends with an AbortSignal adds listeners to it (Node's on the request, docker-modem's on the
// response) until it ends; more than 10 at once on one signal make Node warn `MaxListenersExceededWarning: Possible
// EventTarget memory leak detected. 11 abort listeners added to [AbortSignal]`. On Podman, ps() inspects every
// container it lists, all at once under the call's one signal: notebook 01's cleanup cell (ps, then cleanup) printed
// that warning. Each request now has a signal of its own, derived from the caller's.
const t = usePodmanContext('containers-podman-listeners');

const CONTAINERS = 14;

describe('abort listeners on Podman', () => {
  const warnings: Error[] = [];
  const onWarning = (warning: Error) => warnings.push(warning);
  beforeEach(() => {
    warnings.length = 0;
    process.on('warning', onWarning);
  });
  afterEach(() => {
    process.off('warning', onWarning);
  });
  /** The leak warnings emitted so far (Node emits them on the next tick). */
  const leakWarnings = async () => {
    await new Promise((resolve) => setImmediate(resolve));
    return warnings.filter((w) => w.name === 'MaxListenersExceededWarning').map((w) => w.message);
  };

  it('ps of many containers, then their cleanup, warns of no listener leak', async () => {
    for (let i = 0; i < CONTAINERS - 2; i++) await create(t.ctx, 'busybox', 'true');
    await run(t.ctx, 'busybox', 'sleep 600', { detach: true });
    await run(t.ctx, 'busybox', 'true');
    const stop = new AbortController();
    expect(await ps(t.ctx, { all: true, signal: stop.signal })).toHaveLength(CONTAINERS);
    expect(getEventListeners(stop.signal, 'abort')).toHaveLength(0);
    const report = await cleanupSession(t.ctx);
    expect(report.containers).toHaveLength(CONTAINERS);
    expect(await leakWarnings()).toEqual([]);
  });

  it('many requests at once under one signal leave it no listener and raise no warning', async () => {
    const container = await create(t.ctx, 'busybox', 'true');
    const stop = new AbortController();
    const inspects = Array.from({ length: 20 }, () =>
      t.ctx.docker.getContainer(container.id).inspect({ abortSignal: stop.signal }),
    );
    await Promise.all(inspects);
    expect(getEventListeners(stop.signal, 'abort')).toHaveLength(0);
    expect(await leakWarnings()).toEqual([]);
  });

  it('a request still stops when the signal it was given aborts', async () => {
    const container = await run(t.ctx, 'busybox', 'sleep 600', { detach: true });
    const stop = new AbortController();
    const waiting = t.ctx.docker.getContainer(container.id).wait({ abortSignal: stop.signal });
    setTimeout(() => stop.abort(), 200);
    await expect(waiting).rejects.toThrow(/abort/i);
  });
});
