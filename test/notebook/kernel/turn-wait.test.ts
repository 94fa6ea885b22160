import { randomBytes } from 'node:crypto';
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import type Docker from 'dockerode';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { duringBuild } from '../../../src/images/image-gate.ts';
import { startKernel, type Kernel } from '../../../src/notebook/kernel/kernel.ts';
import { packageRoot } from '../../../src/paths.ts';

// An engine of this test's own for the gate (it only names it): no other build meets these turns.
const socketPath = `/nonexistent/turn-wait-${randomBytes(4).toString('hex')}.sock`;
const engine = { modem: { socketPath } } as unknown as Docker;
const gate = join(packageRoot, 'dist', 'images', 'image-gate.js');

let kernel: Kernel;
beforeAll(async () => {
  kernel = await startKernel(packageRoot);
});
afterAll(async () => {
  await kernel?.shutdown();
});

describe("a cell's timeout and the engine's turns", () => {
  it("does not count the time the cell waits for another session's build: not the cell's own time", async () => {
    // This process builds for 6 s; the cell's build waits for its turn, then takes none of its own time.
    let building = false;
    const other = duringBuild(engine, async () => {
      building = true;
      await new Promise((resolve) => setTimeout(resolve, 6000));
    });
    while (!building) await new Promise((resolve) => setTimeout(resolve, 50));
    const code =
      // A specifier in a variable: tslab does not look for its declarations.
      `const gate = ${JSON.stringify(gate)};\n` +
      `const { duringBuild } = await import(gate);\n` +
      `await duringBuild({ modem: { socketPath: ${JSON.stringify(socketPath)} } }, async () => undefined);\n` +
      `console.log('built after its turn');`;
    const cell = await kernel.execute(code, { timeoutMs: 3000 });
    await other;
    expect(cell.status, JSON.stringify(cell)).toBe('ok');
    expect(cell.outputs).toEqual([{ type: 'stream', name: 'stdout', text: 'built after its turn\n' }]);
    expect(cell.durationMs).toBeGreaterThan(4000);
  }, 60_000);

  it('still times out a cell that spends its own time, and keeps no record of a kernel that is gone', async () => {
    const cell = await kernel.execute('await new Promise((resolve) => setTimeout(resolve, 6000));', {
      timeoutMs: 2000,
    });
    expect(cell.status).toBe('timeout');
    const pid = kernel.pid!;
    await kernel.shutdown();
    const records = '/tmp/dockbook-turn-waits';
    expect(existsSync(records) ? readdirSync(records) : []).not.toContain(`${pid}.json`);
  }, 60_000);
});
