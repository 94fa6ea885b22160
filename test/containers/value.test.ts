import { inspect as utilInspect } from 'node:util';
import { describe, expect, it } from 'vitest';
import { stop } from '../../src/containers/stop.ts';
import { Container, toContainer } from '../../src/containers/value.ts';
import { shortId } from '../../src/display/ids.ts';
import { useContext } from '../support/context.ts';
import { testContainer } from '../support/containers.ts';

const t = useContext('containers-value');

describe('Container value', () => {
  it('is built from a real inspect answer and prints like the CLI names things', async () => {
    const { id, name } = await testContainer(t.ctx, 'sleep 300');
    const container = toContainer(await t.ctx.docker.getContainer(id).inspect());
    expect(container).toBeInstanceOf(Container);
    expect(container.id).toBe(id);
    expect(container.shortId).toBe(id.slice(0, 12));
    expect(container.name).toBe(name);
    expect(container.image).toBe('busybox');
    expect(container.imageId).toMatch(/^sha256:[0-9a-f]{64}$/);
    expect(container.state).toBe('running');
    expect(String(container)).toBe(`container ${name} (${id.slice(0, 12)}) from busybox`);
    expect(utilInspect(container)).toBe(String(container));
  });

  it('works wherever a name does, and messages then use its name', async () => {
    const { id } = await testContainer(t.ctx, 'sleep 300');
    const container = toContainer(await t.ctx.docker.getContainer(id).inspect());
    const stopped = await stop(t.ctx, container, { timeoutSeconds: 0 });
    expect(stopped.id).toBe(id);
    expect(stopped.name).toBe(container.name);
    expect((await t.ctx.docker.getContainer(id).inspect()).State.Running).toBe(false);
  });

  it('shortens IDs with or without their sha256: prefix', () => {
    expect(shortId(`sha256:${'ab'.repeat(32)}`)).toBe('abababababab');
    expect(shortId('0123456789abcdef')).toBe('0123456789ab');
  });
});
