import { describe, expect, it } from 'vitest';
import { run } from '../../src/containers/run.ts';
import { stop } from '../../src/containers/stop.ts';
import { isDockbookError } from '../../src/errors.ts';
import { useContext } from '../support/context.ts';
import { stateOf, testContainer, uniqueName } from '../support/containers.ts';

const t = useContext('containers-stop');

// Loops in short sleeps so the shell can run its trap as soon as the signal arrives.
const GRACEFUL = `trap 'echo bye; exit 0' TERM; while true; do sleep 0.1; done`;
const STUBBORN = `trap '' TERM; while true; do sleep 0.1; done`;

describe('stop (C29)', () => {
  it('gives the process SIGTERM: a container that handles it exits 0 at once', async () => {
    const { id, name } = await testContainer(t.ctx, GRACEFUL);
    const result = await stop(t.ctx, name, { timeoutSeconds: 5 });
    expect(result).toMatchObject({ id, name, wasRunning: true, exitCode: 0 });
    expect(result.durationMs).toBeLessThan(5000);
    expect(await stateOf(t.ctx, id)).toBe('stopped');
    expect(String(result)).toMatch(
      new RegExp(`^stopped ${name} \\(${id.slice(0, 12)}\\) in \\d+\\.\\ds, exit code 0$`),
    );
  });

  it('kills a container that ignores SIGTERM after the timeout: exit code 137', async () => {
    const { id, name } = await testContainer(t.ctx, STUBBORN);
    const result = await stop(t.ctx, name, { timeoutSeconds: 2 });
    expect(result.exitCode).toBe(137);
    expect(result.durationMs).toBeGreaterThanOrEqual(2000);
    expect(result.durationMs).toBeLessThan(10_000);
    expect(await stateOf(t.ctx, id)).toBe('stopped');
  });

  it('treats an already stopped container as done (the engine answers 304)', async () => {
    const { name } = await testContainer(t.ctx, 'exit 3', { exited: true });
    const result = await stop(t.ctx, name);
    expect(result).toMatchObject({ wasRunning: false, exitCode: 3 });
    expect(String(result)).toContain('was not running (exit code 3)');
  });

  it('takes a unique ID prefix', async () => {
    const { id } = await testContainer(t.ctx, GRACEFUL);
    expect((await stop(t.ctx, id.slice(0, 12))).id).toBe(id);
  });

  it('fails with NOT_FOUND for an unknown name, naming the docker command', async () => {
    const missing = uniqueName(t.ctx, 'missing');
    const error = await stop(t.ctx, missing, { timeoutSeconds: 1 }).catch((e: unknown) => e);
    expect(isDockbookError(error, 'NOT_FOUND')).toBe(true);
    expect((error as Error).message).toContain(`[stop] container "${missing}"`);
    expect((error as Error).message).toContain(`docker stop -t 1 ${missing}`);
  });
});

describe('stop of an --rm container', () => {
  const s = useContext('stop-rm');

  it('reports the exit code although the engine removes the container as it stops', async () => {
    for (let i = 0; i < 5; i++) {
      const c = await run(s.ctx, 'busybox', "trap 'exit 0' TERM; sleep 300 & wait", { detach: true, rm: true });
      const r = await stop(s.ctx, c.id, { timeoutSeconds: 5 });
      expect(r).toMatchObject({ wasRunning: true, exitCode: 0, removed: true });
      await expect(s.ctx.docker.getContainer(c.id).inspect()).rejects.toMatchObject({ statusCode: 404 });
    }
  });
});
