import { setTimeout as sleep } from 'node:timers/promises';
import { describe, expect, it } from 'vitest';
import { logs } from '../../src/containers/logs.ts';
import { isDockbookError } from '../../src/errors.ts';
import { useContext } from '../support/context.ts';
import { stateOf, testContainer, uniqueName } from '../support/containers.ts';

const t = useContext('containers-logs');

describe('logs (C26)', () => {
  it('gives the past output, stdout and stderr apart', async () => {
    const { name } = await testContainer(t.ctx, 'echo one; echo two; echo oops >&2', { exited: true });
    const result = await logs(t.ctx, name);
    expect(result.stdout).toBe('one\ntwo\n');
    expect(result.stderr).toBe('oops\n');
    expect(result.lines.sort()).toEqual(['one', 'oops', 'two']);
    expect(result.ended).toBe(true);
    // stdout and stderr reach the log through two pipes, so the text form may interleave them either way.
    expect(String(result).split('\n').filter(Boolean).sort()).toEqual(['one', 'oops', 'two']);
  });

  it('takes tail and timestamps', async () => {
    const { name } = await testContainer(t.ctx, 'for i in 1 2 3 4; do echo line $i; done', { exited: true });
    expect((await logs(t.ctx, name, { tail: 2 })).lines).toEqual(['line 3', 'line 4']);
    const stamped = await logs(t.ctx, name, { timestamps: true });
    expect(stamped.lines).toHaveLength(4);
    for (const line of stamped.lines) expect(line).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d+Z line \d$/);
  });

  it('with follow, receives later lines in order and ends when the container stops', async () => {
    const { id, name } = await testContainer(t.ctx, 'for i in 1 2 3 4 5; do echo line $i; sleep 0.4; done');
    await sleep(300);
    const early = await logs(t.ctx, name);
    expect(early.lines.length).toBeLessThan(5);
    const followed = await logs(t.ctx, name, { follow: true, timeoutMs: 30_000 });
    expect(followed.lines).toEqual(['line 1', 'line 2', 'line 3', 'line 4', 'line 5']);
    expect(followed.ended).toBe(true);
    expect(await stateOf(t.ctx, id)).toBe('stopped');
  });

  it('with until, stops at the awaited output while the container keeps running', async () => {
    const { id, name } = await testContainer(t.ctx, 'echo starting; sleep 0.5; echo ready on 8080; sleep 300');
    const started = performance.now();
    const result = await logs(t.ctx, name, { until: /ready on \d+/, timeoutMs: 20_000 });
    expect(performance.now() - started).toBeLessThan(10_000);
    expect(result.ended).toBe(false);
    expect(result.lines).toEqual(['starting', 'ready on 8080']);
    expect(await stateOf(t.ctx, id)).toBe('running');
  });

  it('ends (ended: true) when the container stops before the awaited output', async () => {
    const { name } = await testContainer(t.ctx, 'echo crashing; sleep 0.3; exit 1');
    const result = await logs(t.ctx, name, { until: 'never printed', timeoutMs: 20_000 });
    expect(result.ended).toBe(true);
    expect(result.lines).toEqual(['crashing']);
  });

  it('fails with TIMEOUT when the awaited output does not come in time, saying what it waited for', async () => {
    const { name } = await testContainer(t.ctx, 'echo still booting; sleep 300');
    const error = await logs(t.ctx, name, { until: 'ready', timeoutMs: 800 }).catch((e: unknown) => e);
    expect(isDockbookError(error, 'TIMEOUT')).toBe(true);
    expect((error as Error).message).toContain('did not match "ready" within 0.8s');
    expect((error as Error).message).toContain('last lines: still booting');
    expect((error as Error).message).toContain(`docker logs -f ${name}`);
  });

  it('following without until returns what came by the deadline, with ended: false', async () => {
    const { name } = await testContainer(t.ctx, 'echo tick; sleep 300');
    const result = await logs(t.ctx, name, { follow: true, timeoutMs: 1000 });
    expect(result.ended).toBe(false);
    expect(result.lines).toEqual(['tick']);
  });

  it('reads a TTY container raw (no stream frames, stderr in stdout)', async () => {
    const { name } = await testContainer(t.ctx, 'echo out; echo err >&2', { exited: true, create: { Tty: true } });
    const result = await logs(t.ctx, name);
    expect(result.stdout).toBe('out\nerr\n');
    expect(result.stderr).toBe('');
  });

  it('never parses output that happens to be JSON', async () => {
    const { name } = await testContainer(t.ctx, `echo '{"a":1}'`, { exited: true, create: { Tty: true } });
    expect((await logs(t.ctx, name)).stdout).toBe('{"a":1}\n');
  });

  it('fails with NOT_FOUND for an unknown name', async () => {
    await expect(logs(t.ctx, uniqueName(t.ctx, 'missing'))).rejects.toSatisfy((e: unknown) =>
      isDockbookError(e, 'NOT_FOUND'),
    );
  });
});
