import { describe, expect, it } from 'vitest';
import { mirrorUrl, publicRegistryDir, registryConfig, registryHost, registryPort } from '../../src/registry/config.ts';

describe("the public registry's settings", () => {
  it('listens on loopback port 5000 unless DOCKBOOK_REGISTRY_PORT says otherwise', () => {
    expect(registryPort({})).toBe(5000);
    expect(registryHost({ DOCKBOOK_REGISTRY_PORT: '5123' })).toBe('127.0.0.1:5123');
    expect(mirrorUrl({})).toBe('http://127.0.0.1:5000');
  });

  it('refuses a port that is not one', () => {
    for (const port of ['0', '65536', 'abc', '50.5']) {
      expect(() => registryPort({ DOCKBOOK_REGISTRY_PORT: port })).toThrow(
        expect.objectContaining({ code: 'INVALID_ARGUMENT', target: `DOCKBOOK_REGISTRY_PORT=${port}` }),
      );
    }
  });

  it('keeps its state under the cache folder, and its config stores there and binds loopback only', () => {
    expect(publicRegistryDir({ DOCKBOOK_CACHE: '/c' })).toBe('/c/registry/public');
    const config = registryConfig('/c/registry/public', '127.0.0.1:5000');
    expect(config).toContain('    rootdirectory: /c/registry/public/data\n');
    expect(config).toContain('  addr: 127.0.0.1:5000\n');
    expect(config).not.toContain('auth:');
  });
});
