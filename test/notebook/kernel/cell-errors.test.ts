import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startKernel, type Kernel } from '../../../src/notebook/kernel/kernel.ts';
import type { CellResult } from '../../../src/notebook/kernel/types.ts';
import { packageRoot } from '../../../src/paths.ts';

// The kernel's preload (kernel/cell-errors.cjs): what a cell threw comes structured, and an
// error nothing caught is blamed on the cell whose work it came from, wherever it lands.
function text(cell: CellResult, name: 'stdout' | 'stderr'): string {
  return cell.outputs
    .flatMap((output) => (output.type === 'stream' && output.name === name ? [output.text] : []))
    .join('');
}

const SETTLE = "await Reflect.get(globalThis, Symbol.for('dockbook.settle'))?.(2000)";

describe('what a cell threw', () => {
  let kernel: Kernel;
  beforeAll(async () => {
    // Where cells import dockbook, as the course's notebooks do.
    kernel = await startKernel(join(packageRoot, 'notebooks'));
  });
  afterAll(async () => {
    await kernel?.shutdown();
  });

  it("comes structured for a DockbookError, its code included, as Jupyter's reply fields too", async () => {
    const cell = await kernel.execute(
      "import { DockbookError } from 'dockbook'; throw new DockbookError({ code: 'NOT_FOUND', operation: 'rm', " +
        "target: 'container \"web\"', reason: 'no such container', hint: 'List them with docker ps -a.', " +
        "command: 'docker rm web' })",
    );
    expect(cell.status === 'error' && cell.error).toMatchObject({
      ename: 'DockbookError',
      evalue: '[rm] container "web": no such container. List them with docker ps -a. (docker rm web)',
      thrown: {
        name: 'DockbookError',
        message: '[rm] container "web": no such container. List them with docker ps -a. (docker rm web)',
        code: 'NOT_FOUND',
      },
    });
    // tslab prints its three short lines, and the traceback is that text.
    const short = [
      'DockbookError [NOT_FOUND]: [rm] container "web": no such container.',
      '  hint: List them with docker ps -a.',
      '  $ docker rm web',
    ].join('\n');
    expect(text(cell, 'stderr')).toBe(`${short}\n`);
    expect(cell.status === 'error' && cell.error.traceback.join('\n')).toBe(short);
  });

  it('comes with its name for a CheckFailure (no code), also when thrown after an await', async () => {
    const cell = await kernel.execute(
      "import { check } from 'dockbook'; await null; check.equal(1 + 1, 3, 'one and one make three')",
    );
    expect(cell.status === 'error' && cell.error.thrown).toEqual({
      name: 'CheckFailure',
      message: expect.stringContaining('one and one make three'),
    });
  });

  it('keeps what is not an Error, and has none for a cell that does not compile', async () => {
    const thrown = await kernel.execute("throw 'just a string'");
    expect(thrown.status === 'error' && thrown.error.thrown).toEqual({ name: '', message: 'just a string' });
    const typeError = await kernel.execute('const port: number = "8080"');
    expect(typeError.status === 'error' && typeError.error).toMatchObject({ ename: 'TSError' });
    expect(typeError.status === 'error' && typeError.error.thrown).toBeUndefined();
  });

  it('leaves printed values as they were (no async bookkeeping shows on a promise)', async () => {
    expect(text(await kernel.execute('Promise.resolve(42)'), 'stdout')).toBe('Promise { 42 }\n');
  });
});

describe('an error nothing caught', () => {
  let kernel: Kernel;
  beforeAll(async () => {
    kernel = await startKernel(packageRoot);
  });
  afterAll(async () => {
    await kernel?.shutdown();
  });

  it(
    'from a timer that throws after its cell returned is ' + 'blamed on that cell, and stays out of the next cell',
    async () => {
      const origin = await kernel.execute(
        "setTimeout(() => { throw new Error('late timer') }, 300); console.log('started')",
      );
      expect([origin.status, text(origin, 'stdout'), origin.lateErrors]).toEqual(['ok', 'started\n', []]);
      const next = await kernel.execute(
        "await new Promise((resolve) => setTimeout(resolve, 800)); console.log('innocent')",
      );
      expect(next.status).toBe('ok');
      expect(next.outputs).toEqual([{ type: 'stream', name: 'stdout', text: 'innocent\n' }]);
      expect(next.lateErrors).toEqual([
        {
          origin: origin.executionCount,
          kind: 'uncaught-exception',
          thrown: { name: 'Error', message: 'late timer' },
          text: expect.stringContaining('Error: late timer'),
        },
      ]);
    },
  );

  it('waits for the next cell when it lands between cells, and is never printed by tslab', async () => {
    const origin = await kernel.execute("setTimeout(() => Promise.reject(new RangeError('late rejection')), 100); 1");
    await new Promise((resolve) => setTimeout(resolve, 500));
    const next = await kernel.execute("console.log('next')");
    expect(next.lateErrors).toMatchObject([
      {
        origin: origin.executionCount,
        kind: 'unhandled-rejection',
        thrown: { name: 'RangeError', message: 'late rejection' },
      },
    ]);
    expect(next.outputs).toEqual([{ type: 'stream', name: 'stdout', text: 'next\n' }]);
  });

  it('from a promise the cell left rejected comes within that cell', async () => {
    const cell = await kernel.execute("Promise.reject(new Error('nobody awaits this')); console.log('done')");
    expect(cell.status).toBe('ok');
    expect(cell.lateErrors).toMatchObject([
      { origin: cell.executionCount, kind: 'unhandled-rejection', thrown: { message: 'nobody awaits this' } },
    ]);
    expect(text(cell, 'stderr')).toBe('');
  });

  it('from a queued microtask or an async function nobody awaited is blamed on its cell', async () => {
    const cell = await kernel.execute(
      "queueMicrotask(() => { throw new Error('in a microtask') }); (async () => { await null; throw new Error('in " +
        "an async function') })(); 0",
    );
    expect(cell.lateErrors.map((error) => [error.origin, error.thrown.message])).toEqual([
      [cell.executionCount, 'in a microtask'],
      [cell.executionCount, 'in an async function'],
    ]);
  });

  it("is caught by the final step's settle when the last cell's timer throws after it", async () => {
    const last = await kernel.execute("setTimeout(() => { throw new Error('after the last cell') }, 400); 'done'");
    const cleanup = await kernel.execute(SETTLE);
    expect(cleanup.lateErrors).toMatchObject([
      { origin: last.executionCount, thrown: { message: 'after the last cell' } },
    ]);
  });
});
