import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startKernel, type Kernel } from '../../../src/notebook/kernel/kernel.ts';
import type { CellResult } from '../../../src/notebook/kernel/types.ts';
import { packageRoot } from '../../../src/paths.ts';

// What a learner sees in Jupyter (a kernel the runner did not start: DOCKBOOK_RUN unset), and
// what the runner's kernels print instead.
const env = (extra: Record<string, string>) => {
  const { DOCKBOOK_RUN: _run, DOCKBOOK_DEBUG: _debug, ...rest } = process.env;
  return { ...rest, ...extra };
};
const RICH = `({ [Symbol.for('dockbook.mimeBundle')]: () => ({ 'text/html': '<b>web</b>', 'text/plain': 'web' }) })`;
const THROWS = 'const f = (x: any) => x.y.z;\nf(undefined);';

const kernels: Kernel[] = [];
async function kernel(extra: Record<string, string>): Promise<Kernel> {
  const started = await startKernel(packageRoot, { env: env(extra) });
  kernels.push(started);
  return started;
}
afterAll(async () => {
  await Promise.all(kernels.map((k) => k.shutdown()));
});

const stderr = (result: CellResult) =>
  result.outputs.map((output) => (output.type === 'stream' && output.name === 'stderr' ? output.text : '')).join('');

describe('printing in Jupyter', () => {
  let jupyter: Kernel;
  beforeAll(async () => {
    jupyter = await kernel({});
  });

  it('shows a value with a rich form, last or logged alone, as one display of both forms', async () => {
    for (const code of [RICH, `console.log(${RICH})`]) {
      const result = await jupyter.execute(code);
      expect(result.outputs).toEqual([
        { type: 'display_data', data: { 'text/html': '<b>web</b>', 'text/plain': 'web' }, metadata: {} },
      ]);
    }
  });

  it("prints a thrown error with its frames in the cell's code only", async () => {
    const result = await jupyter.execute(THROWS);
    expect(result.status).toBe('error');
    const printed = stderr(result);
    expect(printed).toContain("TypeError: Cannot read properties of undefined (reading 'y')");
    expect(printed).toMatch(/^\s+at f \(evalmachine\.<anonymous>:\d+:\d+\)$/m);
    expect(printed).not.toMatch(/tslab|node:vm|sigintHandlersWrap/);
    if (result.status === 'error') expect(result.error.traceback.join('\n')).not.toMatch(/tslab|node:vm/);
  });
});

describe("printing under dockbook's runner, and with DOCKBOOK_DEBUG", () => {
  it('prints a rich value as text under the runner (what the verdict compares)', async () => {
    const runner = await kernel({ DOCKBOOK_RUN: 'test:printing' });
    const result = await runner.execute(`console.log(${RICH})`);
    expect(result.outputs).toEqual([{ type: 'stream', name: 'stdout', text: expect.stringContaining('Symbol(') }]);
  });

  it('keeps every frame with DOCKBOOK_DEBUG=1', async () => {
    const debug = await kernel({ DOCKBOOK_DEBUG: '1' });
    const printed = stderr(await debug.execute(THROWS));
    expect(printed).toMatch(/tslab[\\/]dist[\\/]executor\.js/);
  });
});
