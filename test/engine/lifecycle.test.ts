import { execa } from 'execa';
import { describe, expect, it } from 'vitest';
import { engineStatus, engineUp, formatEngineStatus } from '../../src/engine/lifecycle.ts';

describe('engine up and status', () => {
  it('connects to the running engine without starting another', async () => {
    const up = await engineUp({ install: false });
    expect(up.started).toBe(false);
    expect(up.engine.engineVersion).toMatch(/^\d+\.\d+/);
  });

  it('reports endpoint, versions, storage driver and ownership', async () => {
    const status = await engineStatus();
    const info = await (await engineUp({ install: false })).engine.docker.info();
    expect(status.storageDriver).toBe(info.Driver);
    expect(status.apiVersion).toMatch(/^1\.\d+$/);
    expect(typeof status.owned).toBe('boolean');
    expect(formatEngineStatus(status)).toContain(`storage driver: ${info.Driver}`);
  });

  it('answers `dockbook engine status` on the command line', async () => {
    const { stdout } = await execa('node', ['bin/dockbook.js', 'engine', 'status', '--json']);
    const status = JSON.parse(stdout) as { endpoint: string; engineVersion: string };
    expect(status.endpoint).toMatch(/^(unix|tcp|npipe|ssh):\/\//);
    expect(status.engineVersion).toBe((await engineStatus()).engineVersion);
  });
});
