import { mkdtempSync, writeFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { withLock } from '../../src/core/lock.ts';

describe('withLock', () => {
  it('runs holders one at a time, never overlapping', async () => {
    const file = join(mkdtempSync(join(tmpdir(), 'dockbook-lock-')), 'start.lock');
    const events: string[] = [];
    const holder = (name: string) =>
      withLock(file, async () => {
        events.push(`${name} in`);
        await new Promise((r) => setTimeout(r, 300));
        events.push(`${name} out`);
      });
    await Promise.all([holder('a'), holder('b')]);
    expect(
      [events.slice(0, 2), events.slice(2)].map((pair) => pair[0]!.split(' ')[0] === pair[1]!.split(' ')[0]),
    ).toEqual([true, true]);
    expect(existsSync(file)).toBe(false);
  });

  it('takes over a lock whose holder died, and releases it when the work fails', async () => {
    const file = join(mkdtempSync(join(tmpdir(), 'dockbook-lock-')), 'start.lock');
    writeFileSync(file, '2147483646');
    await expect(
      withLock(
        file,
        async () => {
          throw new Error('boom');
        },
        2000,
      ),
    ).rejects.toThrow('boom');
    expect(existsSync(file)).toBe(false);
  });
});
