import { describe, expect, it } from 'vitest';
import { attach } from '../../src/containers/attach.ts';
import { run } from '../../src/containers/run.ts';
import { useContext } from '../support/context.ts';

const t = useContext('attach');

describe('attach', () => {
  it('receives new lines from a running detached container, then detaches and leaves it running', async () => {
    const c = await run(t.ctx, 'busybox', 'i=0; while true; do i=$((i+1)); echo "tick $i"; sleep 0.2; done', {
      detach: true,
    });
    await new Promise((r) => setTimeout(r, 700));
    const seen = await attach(t.ctx, c.id, { until: (out) => out.split('\n').filter(Boolean).length >= 3 });
    expect(seen.ended).toBe(false);
    const ticks = seen.lines.map((l) => Number(l.replace('tick ', '')));
    expect(ticks.length).toBeGreaterThanOrEqual(3);
    // Only new output: the first ticks printed before attaching are not there, and the rest arrive in order.
    expect(ticks[0]).toBeGreaterThan(1);
    expect(ticks).toEqual(ticks.map((_, i) => ticks[0]! + i));
    expect((await t.ctx.docker.getContainer(c.id).inspect()).State.Running).toBe(true);
  });

  it('returns when the container stops, with what it printed meanwhile', async () => {
    const c = await run(t.ctx, 'busybox', 'sleep 0.5; echo bye', { detach: true });
    const seen = await attach(t.ctx, c.id);
    expect(seen.ended).toBe(true);
    expect(seen.stdout).toBe('bye\n');
  });

  it('times out when the condition never comes', async () => {
    const c = await run(t.ctx, 'busybox', 'sleep 30', { detach: true });
    await expect(attach(t.ctx, c.id, { until: 'never', timeoutMs: 800 })).rejects.toMatchObject({
      code: 'TIMEOUT',
      command: `docker attach ${c.id}`,
    });
  });
});
