import { describe, expect, it } from 'vitest';
import { wait } from '../../src/containers/wait.ts';
import { isDockbookError } from '../../src/errors.ts';
import { useContext } from '../support/context.ts';
import { stateOf, testContainer, uniqueName } from '../support/containers.ts';

const t = useContext('containers-wait');

describe('wait', () => {
  it('waits for the container to exit and gives its exit code', async () => {
    const { id, name } = await testContainer(t.ctx, 'sleep 1; exit 3');
    expect(await stateOf(t.ctx, id)).toBe('running');
    const result = await wait(t.ctx, name);
    expect(result).toMatchObject({ id, name, exitCode: 3 });
    expect(await stateOf(t.ctx, id)).toBe('stopped');
    expect(String(result)).toBe(`${name} (${id.slice(0, 12)}) exited with code 3`);
  });

  it('answers at once for a container that already exited', async () => {
    const { name } = await testContainer(t.ctx, 'exit 7', { exited: true });
    expect((await wait(t.ctx, name, { timeoutMs: 5000 })).exitCode).toBe(7);
  });

  it('fails with TIMEOUT when the container still runs at the deadline, and leaves it running', async () => {
    const { id, name } = await testContainer(t.ctx, 'sleep 300');
    const error = await wait(t.ctx, name, { timeoutMs: 500 }).catch((e: unknown) => e);
    expect(isDockbookError(error, 'TIMEOUT')).toBe(true);
    expect((error as Error).message).toContain(`docker wait ${name}`);
    expect(await stateOf(t.ctx, id)).toBe('running');
  });

  it('fails with NOT_FOUND for an unknown name', async () => {
    await expect(wait(t.ctx, uniqueName(t.ctx, 'missing'))).rejects.toSatisfy((e: unknown) =>
      isDockbookError(e, 'NOT_FOUND'),
    );
  });
});
