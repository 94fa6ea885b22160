import { describe, expect, it } from 'vitest';
import { bringUp } from '../../src/stack/stack.ts';
import { registryImageId } from '../../src/registry/api.ts';
import { privateRegistryHost, registryHost } from '../../src/registry/config.ts';
import { registryStatus } from '../../src/stack/registry.ts';

describe('bringUp', () => {
  it('finds what the suite brought up, and a filled mirror: nothing built, nothing pushed', async () => {
    const lines: string[] = [];
    const stack = await bringUp({ install: false, log: (line) => lines.push(line) });
    // Another run's teardown may have stopped a registry it started in the meantime: then this call starts it again.
    expect(stack.registry?.host).toBe(registryHost());
    expect(stack.privateRegistry?.host).toBe(privateRegistryHost());
    expect(await registryStatus(process.env, 'private')).toMatchObject({
      running: true,
      access: 'login needed to pull and push',
    });
    expect(stack.engine.started).toBe(false);
    expect(stack.seeded.map((r) => r.action)).toEqual(['present', 'present', 'present']);
    const local = stack.seeded.filter((r) => r.source !== undefined);
    expect(stack.mirrored.map((m) => [m.name, m.pushed, m.present])).toEqual(local.map((r) => [r.name, [], r.tags]));
    for (const r of local)
      expect(await registryImageId(stack.registry!.host, `library/${r.name}`, 'latest')).toBe(r.id);
    const running = (host: string) => `${host.replace(/\./g, '\\.')} \\((already running|started in \\d+ ms)\\)$`;
    expect(lines[0]).toMatch(new RegExp(`^public registry at ${running(registryHost())}`));
    expect(lines[1]).toMatch(new RegExp(`^private registry at ${running(privateRegistryHost())}`));
    expect(lines[2]).toMatch(/^engine \S+ at \S+ \(already running\)$/);
  });
});
