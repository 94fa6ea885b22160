import { existsSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { kernelArgv, SERIAL_SEND_PRELOAD, tslabBinPath } from '../../../src/notebook/kernel/command.ts';

describe("the kernel's command line", () => {
  it("runs this package's tslab with the preload first and node options before the script", () => {
    expect(existsSync(tslabBinPath())).toBe(true);
    expect(existsSync(SERIAL_SEND_PRELOAD)).toBe(true);
    expect(kernelArgv('/tmp/c.json', { node: '/usr/bin/node', nodeArgs: ['--cpu-prof'] })).toEqual([
      '/usr/bin/node', '--require', SERIAL_SEND_PRELOAD, '--cpu-prof', tslabBinPath(), 'kernel', '--config-path', '/tmp/c.json',
    ]);
  });
});
