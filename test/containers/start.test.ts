import { describe, expect, it } from 'vitest';
import { run } from '../../src/containers/run.ts';
import { start } from '../../src/containers/start.ts';
import { useContext } from '../support/context.ts';

const t = useContext('start');

describe('start', () => {
  it('starts the same stopped container again: same ID, same configuration', async () => {
    const first = await run(t.ctx, 'busybox', 'echo "run with $MODE"', { env: { MODE: 'first' } });
    const again = await start(t.ctx, first.id, { attach: true });
    expect(again.id).toBe(first.id);
    expect(again.stdout).toBe('run with first\n');
    expect(again.command).toBe(`docker start -a ${first.id}`);
  });

  it('is detached by default and returns while the container runs', async () => {
    const first = await run(t.ctx, 'busybox', 'sleep 0.2');
    const c = await start(t.ctx, first.name);
    expect(c.id).toBe(first.id);
    expect(c.state).toBe('running');
  });

  it('reattaches stdin with -a -i and drives the program again', async () => {
    const first = await run(t.ctx, 'busybox', 'read a; read b; echo sum=$((a + b))', {
      interactive: true,
      input: '2\n3\n',
    });
    expect(first.stdout).toBe('sum=5\n');
    const again = await start(t.ctx, first.id, { attach: true, input: '40\n2\n' });
    expect(again.stdout).toBe('sum=42\n');
    const info = await t.ctx.docker.getContainer(first.id).inspect();
    expect(info.Config.OpenStdin).toBe(true);
  });

  it('starting a running container is not an error', async () => {
    const c = await run(t.ctx, 'busybox', 'sleep 30', { detach: true });
    await expect(start(t.ctx, c.id)).resolves.toMatchObject({ id: c.id, state: 'running' });
  });

  it('names an unknown container in its error', async () => {
    await expect(start(t.ctx, 'no-such-container-dockbook')).rejects.toMatchObject({
      code: 'NOT_FOUND',
      command: 'docker start no-such-container-dockbook',
    });
  });
});

describe('start by name', () => {
  it('returns the container ID, not the name it was given', async () => {
    const name = `named-${t.ctx.session}`;
    const first = await run(t.ctx, 'busybox', 'echo hi', { name });
    const again = await start(t.ctx, name, { attach: true });
    expect(again.id).toBe(first.id);
    expect(again.name).toBe(name);
  });
});
