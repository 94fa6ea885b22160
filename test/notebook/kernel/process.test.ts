import { describe, expect, it } from 'vitest';
import { describeExit, spawnKernel } from '../../../src/notebook/kernel/process.ts';
import { packageRoot } from '../../../src/paths.ts';

describe('the kernel process', () => {
  it('says how a kernel ended, with its last output', () => {
    expect(describeExit({ code: 3, signal: null }, [])).toBe('exited with code 3');
    expect(describeExit({ code: null, signal: 'SIGKILL' }, ['a', 'b'], ' while the cell ran')).toBe(
      'was killed by SIGKILL while the cell ran; its last output: a | b',
    );
    expect(describeExit({ code: null, signal: null, error: new Error('spawn /nope ENOENT') }, [])).toBe(
      'could not start (spawn /nope ENOENT)',
    );
  });

  it('reports a Node.js that cannot be started as an exit, not a throw', async () => {
    const child = spawnKernel('/nonexistent/connection.json', packageRoot, { node: '/nonexistent/node' });
    const exit = await child.exited;
    expect(exit.error?.message).toMatch(/ENOENT/);
    expect(child.describe()).toMatch(/^could not start/);
  });
});
