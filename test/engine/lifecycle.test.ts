import { execa } from 'execa';
import { describe, expect, it } from 'vitest';
import { canManageEngine } from '../../src/engine/daemon.ts';
import { engineStatus, engineUp, formatEngineStatus } from '../../src/engine/lifecycle.ts';

describe('canManageEngine', () => {
  it('allows root on Debian and Ubuntu only', () => {
    expect(canManageEngine(0, 'ID=debian\n')).toEqual({ ok: true });
    expect(canManageEngine(0, 'ID=ubuntu\nID_LIKE=debian\n')).toEqual({ ok: true });
    expect(canManageEngine(1000, 'ID=debian\n')).toMatchObject({ ok: false, why: expect.stringMatching(/root/) });
    expect(canManageEngine(0, 'ID=fedora\n')).toMatchObject({ ok: false, why: expect.stringMatching(/Debian or Ubuntu/) });
  });
});

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
