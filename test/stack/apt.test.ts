import { describe, expect, it } from 'vitest';
import { canInstallPackages, which } from '../../src/stack/apt.ts';

describe('canInstallPackages', () => {
  it('allows root on Debian and Ubuntu only', () => {
    expect(canInstallPackages(0, 'ID=debian\n')).toEqual({ ok: true });
    expect(canInstallPackages(0, 'ID=ubuntu\nID_LIKE=debian\n')).toEqual({ ok: true });
    expect(canInstallPackages(1000, 'ID=debian\n')).toMatchObject({ ok: false, why: expect.stringMatching(/root/) });
    expect(canInstallPackages(0, 'ID=fedora\n')).toMatchObject({
      ok: false,
      why: expect.stringMatching(/Debian or Ubuntu/),
    });
  });
});

describe('which', () => {
  it('finds executables on PATH and in the sbin folders, and nothing that does not exist', () => {
    expect(which('sh', { PATH: '/usr/bin:/bin' })).toMatch(/\/sh$/);
    expect(which('no-such-command-dockbook', { PATH: '/usr/bin' })).toBeUndefined();
  });
});
