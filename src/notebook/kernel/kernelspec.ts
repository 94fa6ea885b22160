import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { packageRoot } from '../../paths.ts';
import { kernelArgv, type KernelCommandOptions } from './command.ts';
import { environment } from '../../validate/common.ts';
import { KERNEL_COMMAND_OPTIONS } from '../../validate/notebook.ts';
import { nonEmptyString } from '../../validate/shape.ts';
import { checkArgs, signature } from '../../validate/signature.ts';

/** What jupyterKernelsDir() takes, checked at its entry. */
export const JUPYTER_KERNELS_DIR_SIGNATURE = signature({
  operation: 'jupyterKernelsDir',
  ctx: false,
  params: [
    { name: 'env', shape: environment, optional: true, example: {} },
    { name: 'platform', shape: nonEmptyString, optional: true, example: 'linux' },
    { name: 'home', shape: nonEmptyString, optional: true, example: '/home/me' },
  ],
  command: 'jupyter --data-dir',
});

/** What installKernelSpec() takes, checked at its entry: before anything is written. */
export const INSTALL_KERNEL_SPEC_SIGNATURE = signature({
  operation: 'installKernelSpec',
  ctx: false,
  params: [],
  options: { ...KERNEL_COMMAND_OPTIONS, dir: nonEmptyString, env: environment },
  command: 'dockbook kernel install',
});

/** A Jupyter kernelspec (`kernel.json`). */
export interface KernelSpec {
  argv: string[];
  display_name: string;
  language: string;
  interrupt_mode: 'signal' | 'message';
}

export interface InstallKernelSpecOptions extends KernelCommandOptions {
  /** The kernelspec folder to write. Default `<Jupyter data dir>/kernels/dockbook`. */
  dir?: string;
  /** Where `JUPYTER_DATA_DIR` and `XDG_DATA_HOME` are read. Default `process.env`. */
  env?: NodeJS.ProcessEnv;
}

/**
 * Where Jupyter looks for a user's kernelspecs, as jupyter_core decides it:
 * `$JUPYTER_DATA_DIR/kernels`, else the platform's user data folder.
 *
 * @example
 * jupyterKernelsDir({}, 'linux', '/home/me'); // '/home/me/.local/share/jupyter/kernels'
 */
export function jupyterKernelsDir(
  env: NodeJS.ProcessEnv = process.env,
  platform: NodeJS.Platform = process.platform,
  home: string = homedir(),
): string {
  checkArgs(JUPYTER_KERNELS_DIR_SIGNATURE, arguments);
  if (env.JUPYTER_DATA_DIR) return join(env.JUPYTER_DATA_DIR, 'kernels');
  if (platform === 'darwin') return join(home, 'Library', 'Jupyter', 'kernels');
  if (platform === 'win32') return join(env.APPDATA ?? home, 'jupyter', 'kernels');
  return join(env.XDG_DATA_HOME ?? join(home, '.local', 'share'), 'jupyter', 'kernels');
}

/**
 * Installs this package's kernelspec (`kernel/kernel.json`) for Jupyter, its command made
 * absolute: the Node.js that runs it, this package's preload and tslab (as kernelArgv says).
 * Returns the folder and the spec written.
 *
 * @example
 * const { dir } = await installKernelSpec(); // '/home/me/.local/share/jupyter/kernels/dockbook'
 * // jupyter kernelspec list  →  dockbook  /home/me/.local/share/jupyter/kernels/dockbook
 */
export async function installKernelSpec(
  options: InstallKernelSpecOptions = {},
): Promise<{ dir: string; spec: KernelSpec }> {
  checkArgs(INSTALL_KERNEL_SPEC_SIGNATURE, arguments);
  const { env = process.env, dir = join(jupyterKernelsDir(env), 'dockbook'), ...command } = options;
  const template = JSON.parse(await readFile(join(packageRoot, 'kernel', 'kernel.json'), 'utf8')) as KernelSpec;
  const spec: KernelSpec = { ...template, argv: kernelArgv('{connection_file}', command) };
  await mkdir(dir, { recursive: true });
  await writeFile(join(dir, 'kernel.json'), `${JSON.stringify(spec, null, 2)}\n`);
  return { dir, spec };
}
