import { describe, expect, it } from 'vitest';
import { restart } from '../../src/containers/restart.ts';
import { isDockbookError } from '../../src/errors.ts';
import { useContext } from '../support/context.ts';
import { testContainer, uniqueName } from '../support/containers.ts';

const t = useContext('containers-restart');

describe('restart', () => {
  it('stops (with the timeout) and starts the same container again', async () => {
    const { id, name } = await testContainer(t.ctx, `trap '' TERM; while true; do sleep 0.1; done`);
    const before = new Date((await t.ctx.docker.getContainer(id).inspect()).State.StartedAt);
    const result = await restart(t.ctx, name, { timeoutSeconds: 1 });
    expect(result).toMatchObject({ id, name, wasRunning: true, running: true });
    expect(result.durationMs).toBeGreaterThanOrEqual(1000);
    expect(result.startedAt.getTime()).toBeGreaterThan(before.getTime());
    expect(String(result)).toMatch(new RegExp(`^restarted ${name} \\(${id.slice(0, 12)}\\) in \\d+\\.\\ds, running$`));
  });

  it('starts a container that was not running', async () => {
    const { id } = await testContainer(t.ctx, 'sleep 300', { start: false });
    const result = await restart(t.ctx, id);
    expect(result).toMatchObject({ id, wasRunning: false, running: true });
  });

  it('fails with NOT_FOUND for an unknown name', async () => {
    await expect(restart(t.ctx, uniqueName(t.ctx, 'missing'))).rejects.toSatisfy((e: unknown) =>
      isDockbookError(e, 'NOT_FOUND'),
    );
  });
});
