import { execa } from 'execa';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connect, type Engine } from '../../../src/core/connect.ts';
import { describeFailure } from '../../../src/notebook/run/report.ts';
import { runNotebooks } from '../../../src/notebook/run/run-notebooks.ts';
import { sweepStaleSessions } from '../../../src/session/cleanup.ts';
import { LABEL_NOTEBOOK } from '../../../src/core/labels.ts';
import { secondEngine, type SecondEngine } from '../../support/second-engine.ts';

const fixture = (name: string) => `test/notebook/run/fixtures/interrupt/${name}.md`;

async function leftBy(engine: Engine, notebook: string): Promise<string[]> {
  const containers = await engine.docker.listContainers({
    all: true,
    filters: { label: [`${LABEL_NOTEBOOK}=${notebook}`] },
  });
  return containers.map((c) => c.Names[0]!);
}

describe('a run interrupted between cells', () => {
  it('runs no further cell, reports where it stopped and the notebooks not run, and leaves nothing', async () => {
    const engine = await connect();
    const controller = new AbortController();
    const reports = await runNotebooks([fixture('interrupt-run'), fixture('after')], {
      engine,
      signal: controller.signal,
      onCell: (_, cell) => cell.index === 1 && controller.abort('SIGINT'),
    });
    expect(reports.interrupted).toEqual({ location: `${fixture('interrupt-run')}:18`, cell: 2 });
    expect(reports[0]!.cells.map((c) => [c.status, c.message])).toEqual([
      ['passed', undefined],
      ['skipped', 'the run was interrupted'],
    ]);
    expect(reports[1]!.cells.map((c) => [c.status, c.message])).toEqual([['skipped', 'the run was interrupted']]);
    expect(await leftBy(engine, 'interrupt-run')).toEqual([]);
  });
});

describe('the engine going away mid-notebook (a dockerd of the test own)', () => {
  let second: SecondEngine;
  let engine: Engine;
  const saved = process.env.DOCKER_HOST;

  beforeAll(async () => {
    second = await secondEngine();
    engine = await second.start();
    // busybox from the shared engine, so the cells need no registry.
    await execa('sh', ['-c', `docker save busybox:latest | docker -H ${second.host} load`]);
    process.env.DOCKER_HOST = second.host;
  }, 120_000);

  afterAll(async () => {
    if (saved === undefined) delete process.env.DOCKER_HOST;
    else process.env.DOCKER_HOST = saved;
    await second?.dispose();
  });

  it(
    'fails the cell with ENGINE_UNREACHABLE, never crashes, lists the rest as not run; the next start sweeps what ' +
      'was left',
    async () => {
      // Cell 2 waits 6 s: the engine stops during it, so cell 3 finds it gone.
      let stopped: Promise<void> | undefined;
      const reports = await runNotebooks([fixture('engine-gone'), fixture('after')], {
        engine,
        continueOnFailure: true,
        onCell: (_, cell) => {
          if (cell.index === 1) stopped = new Promise((resolve) => setTimeout(resolve, 1000)).then(() => second.stop());
        },
      });
      await stopped;

      const failed = reports[0]!.cells.find((cell) => cell.status === 'failed')!;
      expect(failed.index, describeFailure(failed)).toBe(3);
      expect(describeFailure(failed)).toMatch(
        /ENGINE_UNREACHABLE|engine .*(not running|unreachable)|Is the engine running\?/i,
      );
      expect(reports.engineGone).toMatch(/ECONNREFUSED|ENOENT|connect/i);
      expect(reports[0]!.cleanupProblem).toMatch(/could not reach the engine/);
      expect(reports[1]!.cells.map((c) => [c.status, c.message])).toEqual([
        ['skipped', `the engine stopped answering (${reports.engineGone})`],
      ]);
      // The notebook that never ran is still reported as this engine's, so it is kept among this engine's runs.
      expect(reports[1]).toMatchObject({
        engineKind: 'docker',
        engineReach: 'local',
        engineVersion: engine.engineVersion,
      });

      // Started again, the engine still holds what the notebook made; the sweep of the next start removes it.
      engine = await second.start();
      expect((await leftBy(engine, 'engine-gone')).length).toBeGreaterThan(0);
      await sweepStaleSessions(engine.docker);
      expect(await leftBy(engine, 'engine-gone')).toEqual([]);
    },
    180_000,
  );
});
