import { getEventListeners } from 'node:events';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, onTestFinished } from 'vitest';
import { isDockbookError } from '../../../src/errors.ts';
import { startKernel, type Kernel } from '../../../src/notebook/kernel/kernel.ts';
import type { CellResult } from '../../../src/notebook/kernel/types.ts';
import { packageRoot } from '../../../src/paths.ts';

const cwd = packageRoot;
const fixtures = join(packageRoot, 'test', 'notebook', 'kernel', 'fixtures');

/** True while a process with this pid exists. */
function running(pid: number | undefined): boolean {
  try {
    process.kill(pid ?? -1, 0);
    return true;
  } catch {
    return false;
  }
}

function stdout(cell: CellResult): string {
  return cell.outputs
    .flatMap((output) => (output.type === 'stream' && output.name === 'stdout' ? [output.text] : []))
    .join('');
}

describe('a tslab kernel', () => {
  let kernel: Kernel;
  beforeAll(async () => {
    kernel = await startKernel(cwd);
  });
  afterAll(async () => {
    await kernel?.shutdown();
  });

  it('says what it is', () => {
    expect(kernel.info).toMatchObject({
      protocol_version: '5.3',
      implementation: 'tslab',
      language_info: { name: 'typescript' },
    });
  });

  it("gathers a cell's stdout, joined, and its execution count", async () => {
    const cell = await kernel.execute('console.log("hello"); console.log("world")');
    expect(cell.status).toBe('ok');
    expect(cell.outputs).toEqual([{ type: 'stream', name: 'stdout', text: 'hello\nworld\n' }]);
    expect(cell.executionCount).toBeGreaterThan(0);
  });

  it('prints the last expression with util.inspect, custom inspect included', async () => {
    const cell = await kernel.execute(
      '({ [Symbol.for("nodejs.util.inspect.custom")]: () => "Container web (running)" })',
    );
    expect(stdout(cell)).toBe('Container web (running)\n');
  });

  it('keeps the MIME type of a display', async () => {
    const cell = await kernel.execute(
      'import { display } from "tslab"; display.html("<table><tr><td>web</td></tr></table>")',
    );
    expect(cell.outputs).toEqual([
      { type: 'display_data', data: { 'text/html': '<table><tr><td>web</td></tr></table>' }, metadata: {} },
    ]);
  });

  it('keeps state between cells, top-level await included', async () => {
    await kernel.execute('const base = await Promise.resolve(40)');
    expect(stdout(await kernel.execute('base + 2'))).toBe('42\n');
  });

  it('reports an exception with its name and message, and runs the next cell at once', async () => {
    const cell = await kernel.execute('console.log("before"); throw new TypeError("no such container")');
    expect(cell.status).toBe('error');
    expect(cell.status === 'error' && cell.error).toMatchObject({ ename: 'TypeError', evalue: 'no such container' });
    expect(stdout(cell)).toBe('before\n');
    // tslab aborts requests for 200 ms after a failure; the client sends the cell again.
    const next = await kernel.execute('console.log("after")');
    expect([next.status, stdout(next)]).toEqual(['ok', 'after\n']);
  });

  it("leaves no listener on the caller's signal once a cell ends (one signal serves a whole run)", async () => {
    const run = new AbortController();
    for (let i = 0; i < 12; i++) {
      expect((await kernel.execute(String(i), { signal: run.signal })).status).toBe('ok');
      expect(getEventListeners(run.signal, 'abort')).toHaveLength(0);
    }
  });

  it('reports a type error as TSError', async () => {
    const cell = await kernel.execute('const port: number = "8080"');
    expect(cell.status === 'error' && cell.error).toMatchObject({
      ename: 'TSError',
      evalue: expect.stringContaining("Type 'string' is not assignable to type 'number'"),
    });
  });

  it('loses no message over hundreds of cells (tslab on zeromq 6 drops one per ~500 without the preload)', async () => {
    const counts: number[] = [];
    for (let i = 0; i < 400; i++) {
      const cell = await kernel.execute(`${i} * 2`, { timeoutMs: 5000 });
      if (cell.status !== 'ok' || stdout(cell) !== `${i * 2}\n`)
        throw new Error(`cell ${i}: ${cell.status} ${JSON.stringify(cell.outputs)}`);
      counts.push(cell.executionCount ?? 0);
    }
    expect(counts.every((count, i) => i === 0 || count === (counts[i - 1] ?? 0) + 1)).toBe(true);
  });

  it.each([
    ['a synchronous loop', 'while (true) {}'],
    ['a promise that never settles', 'await new Promise(() => {})'],
  ])('interrupts %s at its timeout and keeps the kernel', async (_, code) => {
    const cell = await kernel.execute(code, { timeoutMs: 1000 });
    expect(cell.status).toBe('timeout');
    expect(cell.status === 'timeout' && isDockbookError(cell.error, 'TIMEOUT')).toBe(true);
    expect(cell.durationMs).toBeGreaterThanOrEqual(1000);
    expect(stdout(await kernel.execute('base'))).toBe('40\n');
  });
});

describe('a kernel that does not start', () => {
  it('fails with the exit code and what the process printed', async () => {
    const failed = startKernel(cwd, { tslabBin: join(fixtures, 'exits-at-once.cjs') });
    await expect(failed).rejects.toThrow(
      /exited with code 7 before it was ready; its last output: Error: Cannot find module zeromq/,
    );
  });

  it('fails with TIMEOUT when the kernel never answers, and kills it', async () => {
    const error = await startKernel(cwd, { tslabBin: join(fixtures, 'never-listens.cjs'), readyTimeoutMs: 500 }).catch(
      (caught: unknown) => caught,
    );
    expect(isDockbookError(error, 'TIMEOUT')).toBe(true);
    expect(String(error)).toMatch(/did not answer within 500 ms/);
    const pid = Number(/pid (\d+)/.exec(String(error))?.[1]);
    expect(running(pid)).toBe(false);
  });
});

describe('a kernel that ends', () => {
  it('reports a cell that exits the kernel as dead, with the exit code, at once', async () => {
    const kernel = await startKernel(cwd);
    onTestFinished(() => kernel.shutdown());
    const cell = await kernel.execute('process.exit(3)', { timeoutMs: 30_000 });
    expect(cell.status).toBe('dead');
    expect(cell.status === 'dead' && cell.error.message).toMatch(/exited with code 3 while the cell ran/);
    expect(cell.durationMs).toBeLessThan(5000);
    expect(running(kernel.pid)).toBe(false);
    expect((await kernel.execute('1')).status).toBe('dead');
  });

  it('kills a kernel whose cell ignores the interrupt', async () => {
    const kernel = await startKernel(cwd);
    onTestFinished(() => kernel.shutdown());
    // After an await the loop runs outside tslab's interruptible vm call, so SIGINT cannot stop it.
    const cell = await kernel.execute('await null; while (true) {}', { timeoutMs: 1000 });
    expect(cell.status === 'timeout' && cell.error.message).toMatch(/ignored the interrupt, so the kernel was killed/);
    expect(running(kernel.pid)).toBe(false);
    const next = await kernel.execute('1');
    expect(next.status === 'dead' && next.error.message).toMatch(/killed when a cell ignored the interrupt/);
  });

  it('shuts down, leaving no process and no connection file', async () => {
    const kernel = await startKernel(cwd);
    onTestFinished(() => kernel.shutdown());
    const connectionFile = stdout(await kernel.execute('process.argv[process.argv.length - 1]')).trim();
    expect(existsSync(connectionFile)).toBe(true);
    await kernel.shutdown();
    expect(running(kernel.pid)).toBe(false);
    expect(existsSync(connectionFile)).toBe(false);
    expect((await kernel.execute('1')).status).toBe('dead');
  });
});
