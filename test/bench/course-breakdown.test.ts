import { describe, expect, it } from 'vitest';
import {
  coveredMs,
  isEngineRead,
  median,
  parseBareTimes,
  parseProbe,
  runFigures,
  type ProbeRecord,
} from '../../bench/course-breakdown.ts';
import type { NotebookReport } from '../../src/notebook/run/report.ts';

describe("the bare script's marks", () => {
  it('gives each cell the time until the next mark of its notebook, and the notebook its first and end marks', () => {
    const text = ['100.000 01 1', '100.500 01 2', '103.000 01 end', '103.010 02 1', '104.010 02 end', ''].join('\n');
    const notebooks = parseBareTimes(text);
    expect(notebooks.get('01')).toEqual({
      startedAt: 100_000,
      endedAt: 103_000,
      cells: new Map([
        [1, 500],
        [2, 2500],
      ]),
    });
    expect(notebooks.get('02')?.cells).toEqual(new Map([[1, 1000]]));
  });

  it('leaves out a notebook the script never ended (it stopped), and lines that are not marks', () => {
    const notebooks = parseBareTimes('100 01 1\nbare: notebook 01 3.0 s\n101 01 2\n');
    expect(notebooks.size).toBe(0);
  });
});

describe("the probe's records", () => {
  const lines = (records: object[]) => records.map((r) => JSON.stringify(r)).join('\n');

  it('reads each file as a process with its records, and skips a line cut short (a process killed mid-write)', () => {
    const kernel = lines([
      { t: 'process', role: 'kernel', pid: 7, origin: 1000, loaded: 1050, notebook: '01-a', run: 'r1:01-a' },
      { t: 'convert', start: 1200, end: 1300 },
    ]);
    const processes = parseProbe([`${kernel}\n{"t":"http","meth`, '']);
    expect(processes).toEqual([
      {
        role: 'kernel',
        pid: 7,
        origin: 1000,
        notebook: '01-a',
        run: 'r1:01-a',
        records: [{ t: 'convert', start: 1200, end: 1300 }],
      },
    ]);
  });

  it('counts GETs of inspects, lists, version and ping as reads; not logs, attach, wait, archives or POSTs', () => {
    expect(isEngineRead('GET', '/v1.41/containers/abc/json')).toBe(true);
    expect(isEngineRead('GET', '/v1.41/images/json?filters=%7B%7D')).toBe(true);
    expect(isEngineRead('GET', '/_ping')).toBe(true);
    expect(isEngineRead('GET', '/v1.41/images/goals/history')).toBe(true);
    expect(isEngineRead('GET', '/v1.41/containers/abc/logs?follow=1')).toBe(false);
    expect(isEngineRead('GET', '/v1.41/containers/abc/archive?path=%2Fapp')).toBe(false);
    expect(isEngineRead('POST', '/v1.41/containers/abc/wait')).toBe(false);
    expect(isEngineRead('POST', '/v1.41/containers/create')).toBe(false);
  });
});

describe('figures', () => {
  it('counts overlapping intervals once', () => {
    expect(
      coveredMs([
        { start: 0, end: 10 },
        { start: 5, end: 15 },
        { start: 20, end: 25 },
      ]),
    ).toBe(20);
    expect(coveredMs([])).toBe(0);
  });

  it('takes the median of the numbers given, the middle two averaged', () => {
    expect(median([3, 1, 2])).toBe(2);
    expect(median([4, 1, 2, 3, undefined])).toBe(2.5);
    expect(median([undefined])).toBeUndefined();
  });

  /** A notebook's report whose cells ran at the times given (epoch ms), then its cleanup. */
  function report(name: string, ready: number, cells: [number, number][], cleanup: number[]): NotebookReport {
    return {
      path: `notebooks/${name}.md`,
      title: name,
      cells: cells.map((_, i) => ({
        index: i + 1,
        location: `notebooks/${name}.md:${10 * (i + 1)}`,
        concepts: [],
        status: 'passed',
        actual: '',
        outputs: [],
        durationMs: 0,
      })),
      passed: cells.length,
      failed: 0,
      skipped: 0,
      durationMs: cleanup[3]! - ready,
      engineVersion: '20.10.24',
      startedAt: new Date(ready).toISOString(),
      timings: {
        run: `r1:${name}`,
        kernelReadyAt: ready,
        cells: cells.map(([startedAt, endedAt], i) => ({ index: i + 1, startedAt, endedAt })),
        cleanup: {
          startedAt: cleanup[0]!,
          kernelCleanedAt: cleanup[1]!,
          kernelShutDownAt: cleanup[2]!,
          endedAt: cleanup[3]!,
        },
      },
    };
  }

  it("splits a run's wall time: process start, first kernel, notebooks, the gap between them, the tail", () => {
    const reports = [
      report(
        '01-a',
        3000,
        [
          [3010, 3500],
          [3510, 5000],
        ],
        [5010, 5200, 5300, 5400],
      ),
      report('02-b', 5600, [[5600, 6000]], [6000, 6100, 6150, 6200]),
    ];
    const kernel = (run: string, origin: number, records: Exclude<ProbeRecord, { t: 'process' }>[]) => ({
      role: 'kernel' as const,
      pid: origin,
      origin,
      run,
      records,
    });
    const processes = [
      { role: 'runner' as const, pid: 1, origin: 1050, records: [] },
      kernel('r1:01-a', 2000, [
        { t: 'converter', start: 2100, end: 2300 },
        { t: 'convert', start: 2500, end: 2800 }, // the warm-up
        { t: 'convert', start: 3020, end: 3120 }, // cell 1
        { t: 'http', method: 'GET', path: '/_ping', socket: '/run/docker.sock', start: 3200, end: 3250 },
        { t: 'http', method: 'GET', path: '/v1.41/version', socket: '/run/docker.sock', start: 3220, end: 3300 },
        { t: 'convert', start: 3520, end: 3560 }, // cell 2
        {
          t: 'http',
          method: 'POST',
          path: '/v1.41/build',
          socket: '/run/docker.sock',
          via: 'cli',
          start: 3600,
          end: 4800,
        },
        { t: 'fetch', method: 'GET', origin: 'http://127.0.0.1:32768', path: '/', start: 4850, end: 4900 },
        {
          t: 'http',
          method: 'GET',
          path: '/v1.41/containers/json',
          socket: '/run/docker.sock',
          start: 5100,
          end: 5150,
        },
      ]),
    ];
    const bare = parseBareTimes('50.000 01 1\n50.000 01 2\n51.200 01 end\n');
    const figures = runFigures({ spawnAt: 1000, exitAt: 6500, reports, processes, bare });
    expect(figures).toMatchObject({
      wallMs: 5500,
      nodeUpMs: 50,
      processStartMs: 1000,
      firstKernelMs: 1000,
      tslabUpMs: 500,
      warmUpMs: 500,
      warmUpTypeCheckMs: 300,
      warmUpsTypeCheckMs: 300,
      toFirstReadyMs: 2000,
      notebooksSpanMs: 3200,
      betweenNotebooksMs: 200,
      tailMs: 300,
      passed: 3,
    });
    const [a, b] = figures.notebooks;
    expect(a).toMatchObject({
      name: '01',
      windowMs: 2400,
      bareMs: 1200,
      cellsMs: 1980,
      bareCellsMs: 1200,
      firstCellMs: 490,
      typeCheckMs: 140,
      readsMs: 100, // two reads overlapping: covered once; the cleanup cell's list is not a cell's
      reads: 2,
      engineCalls: 1,
      cliCalls: 1,
      fetchMs: 50,
      fetches: 1,
      cleanupMs: 390,
      cleanupKernelMs: 190,
      shutdownMs: 100,
      sweepMs: 100,
      betweenCellsMs: 30,
      idleMs: 490,
    });
    expect(a!.cells).toEqual([
      { index: 1, ms: 490, bareMs: 0, typeCheckMs: 100, readsMs: 100, reads: 2, idleMs: 290 },
      { index: 2, ms: 1490, bareMs: 1200, typeCheckMs: 40, readsMs: 0, reads: 0, idleMs: 200 },
    ]);
    // No kernel recorded for this notebook, nor bare marks: only the runner's figures.
    expect(b).toMatchObject({ name: '02', windowMs: 600, cellsMs: 400, cleanupMs: 200, betweenCellsMs: 0 });
    expect(b!.typeCheckMs).toBeUndefined();
    expect(b!.bareMs).toBeUndefined();
  });

  it('without the probe, gives what the reports alone tell', () => {
    const reports = [report('01-a', 3000, [[3000, 4000]], [4000, 4100, 4200, 4300])];
    const figures = runFigures({ spawnAt: 1000, exitAt: 4500, reports });
    expect(figures).toMatchObject({ wallMs: 3500, toFirstReadyMs: 2000, notebooksSpanMs: 1300, tailMs: 200 });
    expect(figures.processStartMs).toBeUndefined();
    expect(figures.notebooks[0]!.readsMs).toBeUndefined();
  });
});
