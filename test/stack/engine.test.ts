import { execa } from 'execa';
import { describe, expect, it } from 'vitest';
import { engineStatus, engineUp, formatEngineStatus, ownedDaemonArgs } from '../../src/stack/engine.ts';

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

  it('says whether the engine has a registry mirror, as docker info does', async () => {
    const status = await engineStatus();
    const { stdout } = await execa('docker', ['info', '--format', '{{json .RegistryConfig.Mirrors}}']);
    expect(status.mirrors).toEqual(JSON.parse(stdout) ?? []);
    expect(formatEngineStatus(status)).toMatch(
      status.mirrors.length > 0
        ? `mirror:         ${status.mirrors.join(', ')}`
        : /mirror: {9}none \(Docker Hub names pull from Docker Hub only\)/,
    );
  });

  it('starts its own dockerd with the public registry as its mirror, unless told otherwise', () => {
    expect(ownedDaemonArgs({ env: {} })).toEqual(['--registry-mirror=http://127.0.0.1:5000']);
    expect(ownedDaemonArgs({ env: { DOCKBOOK_REGISTRY_PORT: '5123' }, daemonArgs: ['--debug'] })).toEqual([
      '--registry-mirror=http://127.0.0.1:5123',
      '--debug',
    ]);
    expect(ownedDaemonArgs({ mirror: false })).toEqual([]);
  });

  it('answers `dockbook engine status` on the command line', async () => {
    const { stdout } = await execa('node', ['bin/dockbook.js', 'engine', 'status', '--json']);
    const status = JSON.parse(stdout) as { endpoint: string; engineVersion: string };
    expect(status.endpoint).toMatch(/^(unix|tcp|npipe|ssh):\/\//);
    expect(status.engineVersion).toBe((await engineStatus()).engineVersion);
  });
});
