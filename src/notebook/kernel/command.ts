import type * as Zmq from 'zeromq';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { DockbookError } from '../../errors.ts';
import { packageRoot } from '../../paths.ts';

export interface KernelCommandOptions {
  /** The Node.js executable. Default `process.execPath`. */
  node?: string;
  /** Node.js options for the kernel, e.g. `['--cpu-prof']`. Default none. */
  nodeArgs?: string[];
  /** tslab's command-line script. Default the one this package depends on. */
  tslabBin?: string;
}

/** Makes tslab's sends on its ZeroMQ sockets wait for each other (see the file for why). */
export const SERIAL_SEND_PRELOAD = join(packageRoot, 'kernel', 'zeromq-serial-send.cjs');

/** Records what a cell threw, and blames errors nothing caught on the cell that started the work (see the file). */
export const CELL_ERRORS_PRELOAD = join(packageRoot, 'kernel', 'cell-errors.cjs');

/**
 * The path of tslab's command-line script, resolved from this package.
 *
 * @example
 * tslabBinPath(); // '/work/main/node_modules/tslab/bin/tslab'
 */
export function tslabBinPath(): string {
  try {
    return join(dirname(createRequire(import.meta.url).resolve('tslab/package.json')), 'bin', 'tslab');
  } catch (cause) {
    throw kernelPackageMissing('tslab', cause);
  }
}

/**
 * tslab and zeromq run notebooks; a library-only install (`npm install dockbook --omit=optional`)
 * leaves them out. Running a notebook without them says which is missing and how to add it.
 */
export function kernelPackageMissing(name: 'tslab' | 'zeromq', cause: unknown): DockbookError {
  return new DockbookError({
    code: 'MISSING_DEPENDENCY',
    operation: 'kernel',
    target: name,
    reason: `the ${name} package is not installed (running notebooks needs tslab and zeromq; the library does not)`,
    hint: 'Install them beside dockbook (they are its optional dependencies).',
    command: 'npm install tslab zeromq',
    cause,
  });
}

/** zeromq, loaded when a kernel is first started (never by the cell entry or the library). */
export async function loadZeromq(): Promise<typeof Zmq> {
  try {
    return (await import('zeromq')) as typeof Zmq;
  } catch (cause) {
    throw kernelPackageMissing('zeromq', cause);
  }
}

/**
 * V8 flags every kernel starts with. Semi-spaces of 8 MB instead of 16 MB: the TypeScript
 * compiler inside tslab allocates in bursts, and the default young generation keeps about 16 MB
 * more per kernel (bench/memory.ts). 4 MB saves 5 MB more but costs each cell 2-4 ms of
 * scavenges (bench/kernel.ts).
 */
export const KERNEL_V8_FLAGS = ['--max-semi-space-size=8'] as const;

/**
 * The command line of a tslab kernel for `connectionFile`, as spawnKernel runs it and the
 * installed kernelspec names it (with `{connection_file}`).
 *
 * @example
 * kernelArgv('{connection_file}');
 * // ['/usr/bin/node', '--max-semi-space-size=8', '--require', '…/kernel/zeromq-serial-send.cjs',
 * //  '--require', '…/kernel/cell-errors.cjs', '…/node_modules/tslab/bin/tslab', 'kernel',
 * //  '--config-path', '{connection_file}']
 */
export function kernelArgv(connectionFile: string, options: KernelCommandOptions = {}): [string, ...string[]] {
  const { node = process.execPath, nodeArgs = [], tslabBin = tslabBinPath() } = options;
  return [
    node,
    ...KERNEL_V8_FLAGS,
    '--require',
    SERIAL_SEND_PRELOAD,
    '--require',
    CELL_ERRORS_PRELOAD,
    ...nodeArgs,
    tslabBin,
    'kernel',
    '--config-path',
    connectionFile,
  ];
}
