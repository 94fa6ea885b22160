import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { aptInstall } from '../../stack/apt.ts';
import { logLine } from '../../validate/common.ts';
import { func } from '../../validate/shape.ts';
import { checkArgs, signature } from '../../validate/signature.ts';

/**
 * Where Debian installs its Python and Jupyter commands; a Python earlier on PATH (pyenv, a venv) cannot import
 * Debian's modules.
 */
const DEBIAN_BIN = '/usr/bin';

/** Debian's Python 3, the one its Jupyter packages install into. */
export const DEBIAN_PYTHON = join(DEBIAN_BIN, 'python3');

/** The Debian packages of Jupyter's own client, each with a command it installs (how it is recognised). */
export const JUPYTER_PACKAGES: Readonly<Record<string, string>> = {
  'jupyter-nbconvert': 'jupyter-nbconvert',
  'python3-nbclient': 'jupyter-execute',
  'jupyter-client': 'jupyter-kernelspec',
};

export interface EnsureJupyterOptions {
  /** Told before packages are installed. Default: silent. */
  log?: (line: string) => void;
  /** Whether a command exists. Default: looks in /usr/bin. */
  exists?: (command: string) => boolean;
  /** Installs Debian packages. Default aptInstall (as root, with `apt-get update` first). */
  install?: (packages: string[], operation: string) => Promise<void>;
}

/** What ensureJupyter() takes, checked at its entry: before anything is looked for or installed. */
export const ENSURE_JUPYTER_SIGNATURE = signature({
  operation: 'ensureJupyter',
  ctx: false,
  params: [],
  options: { log: logLine, exists: func, install: func },
  command: 'apt-get install jupyter-nbconvert python3-nbclient jupyter-client',
});

/**
 * Makes sure Debian's Jupyter client packages (JUPYTER_PACKAGES: nbconvert, nbclient,
 * jupyter-client) are installed, installing the missing ones in one apt-get run. Returns the
 * packages it installed. Fails with MISSING_DEPENDENCY when they are missing and this process
 * may not install packages (not root, not Debian), naming the `apt-get install` to run.
 *
 * @example
 * await ensureJupyter({ log: console.log }); // [] when installed, else e.g. ['jupyter-nbconvert', 'python3-nbclient',
 * 'jupyter-client']
 */
export async function ensureJupyter(options: EnsureJupyterOptions = {}): Promise<string[]> {
  checkArgs(ENSURE_JUPYTER_SIGNATURE, arguments);
  const { log = () => {}, exists = (command) => existsSync(join(DEBIAN_BIN, command)), install = aptInstall } = options;
  const missing = Object.entries(JUPYTER_PACKAGES)
    .filter(([, command]) => !exists(command))
    .map(([pkg]) => pkg);
  if (missing.length === 0) return [];
  log(`installing Debian ${missing.join(', ')} (Jupyter's own client)…`);
  await install(missing, 'jupyter');
  return missing;
}
