import { describe, expect, it } from 'vitest';
import { reachableAddress } from '../../src/containers/inspect.ts';

describe('reachableAddress', () => {
  it('reaches a port published on every address at the engine host: 127.0.0.1 locally, its address remotely', () => {
    for (const everywhere of ['0.0.0.0', '::', '']) {
      expect(reachableAddress(everywhere, 32768, '127.0.0.1')).toBe('127.0.0.1:32768');
      expect(reachableAddress(everywhere, 32768, '198.19.4.2')).toBe('198.19.4.2:32768');
      expect(reachableAddress(everywhere, 32768, 'docker.example')).toBe('docker.example:32768');
      expect(reachableAddress(everywhere, 32768, 'fd00::2')).toBe('[fd00::2]:32768');
    }
  });

  it('reaches a port published on one address at that address, and a remote loopback only on its machine', () => {
    expect(reachableAddress('127.0.0.1', 3000, '127.0.0.1')).toBe('127.0.0.1:3000');
    expect(reachableAddress('::1', 3000, '127.0.0.1')).toBe('[::1]:3000');
    expect(reachableAddress('198.19.4.2', 3000, '198.19.4.2')).toBe('198.19.4.2:3000');
    expect(reachableAddress('192.0.2.7', 3000, '127.0.0.1')).toBe('192.0.2.7:3000');
    // The engine's own loopback is not this machine's: its host is named, where a connection is refused.
    expect(reachableAddress('127.0.0.1', 3000, '198.19.4.2')).toBe('198.19.4.2:3000');
    expect(reachableAddress('::1', 3000, 'docker.example')).toBe('docker.example:3000');
  });
});
