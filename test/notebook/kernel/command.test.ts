import { existsSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import {
  CELL_ERRORS_PRELOAD,
  kernelArgv,
  SERIAL_SEND_PRELOAD,
  tslabBinPath,
} from '../../../src/notebook/kernel/command.ts';

describe("the kernel's command line", () => {
  it("runs this package's tslab with the preloads first and node options before the script", () => {
    expect(existsSync(tslabBinPath())).toBe(true);
    expect(existsSync(SERIAL_SEND_PRELOAD)).toBe(true);
    expect(existsSync(CELL_ERRORS_PRELOAD)).toBe(true);
    expect(kernelArgv('/tmp/c.json', { node: '/usr/bin/node', nodeArgs: ['--cpu-prof'] })).toEqual([
      '/usr/bin/node',
      '--max-semi-space-size=8',
      '--require',
      SERIAL_SEND_PRELOAD,
      '--require',
      CELL_ERRORS_PRELOAD,
      '--cpu-prof',
      tslabBinPath(),
      'kernel',
      '--config-path',
      '/tmp/c.json',
    ]);
  });
});
