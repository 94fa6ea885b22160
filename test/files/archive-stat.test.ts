import { describe, expect, it } from 'vitest';
import { parsePathStat, statInContainer } from '../../src/files/archive-stat.ts';
import { useContext } from '../support/context.ts';
import { testContainer } from '../support/containers.ts';

const t = useContext('files-archive-stat');

describe('path stat in a container', () => {
  it('tells folders from files, and a missing path, through the engine', async () => {
    const { id } = await testContainer(t.ctx, 'true', { start: false });
    const container = t.ctx.docker.getContainer(id);
    const signal = AbortSignal.timeout(10_000);
    expect(await statInContainer(container, '/etc', signal)).toMatchObject({ name: 'etc', isDirectory: true });
    expect(await statInContainer(container, '/bin/sh', signal)).toMatchObject({ name: 'sh', isDirectory: false });
    expect(await statInContainer(container, '/no/such/path', signal)).toBeUndefined();
  });

  it("decodes the engine's header: Go's directory bit is 1 << 31", () => {
    const header = (mode: number) =>
      Buffer.from(JSON.stringify({ name: 'x', size: 1, mode, mtime: '', linkTarget: '' })).toString('base64');
    expect(parsePathStat(header(2 ** 31 + 0o755))?.isDirectory).toBe(true);
    expect(parsePathStat(header(0o644))?.isDirectory).toBe(false);
    expect(parsePathStat(undefined)).toBeUndefined();
  });
});
