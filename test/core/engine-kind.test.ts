import { describe, expect, it } from 'vitest';
import { engineKind, publishHostOf } from '../../src/core/connect.ts';

describe('engineKind', () => {
  it('names Podman when /version lists a Podman component, Docker otherwise', () => {
    expect(engineKind({ Components: [{ Name: 'Podman Engine' }, { Name: 'Conmon' }] })).toBe('podman');
    expect(engineKind({ Components: [{ Name: 'Engine' }, { Name: 'containerd' }] })).toBe('docker');
    expect(engineKind({ Components: null })).toBe('docker');
    expect(engineKind({})).toBe('docker');
  });
});

describe('publishHostOf', () => {
  it("reaches a local engine's published ports at 127.0.0.1 and a remote one's at its host", () => {
    expect(publishHostOf('unix:///var/run/docker.sock')).toBe('127.0.0.1');
    expect(publishHostOf('npipe:////./pipe/docker_engine')).toBe('127.0.0.1');
    expect(publishHostOf('tcp://10.0.3.2:2376')).toBe('10.0.3.2');
    expect(publishHostOf('https://docker.example:2376')).toBe('docker.example');
    expect(publishHostOf('ssh://me@classroom.example')).toBe('classroom.example');
    expect(publishHostOf('tcp://[fd00::2]:2375')).toBe('fd00::2');
  });
});
