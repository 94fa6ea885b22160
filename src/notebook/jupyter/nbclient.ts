import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { execa } from 'execa';
import { DockbookError } from '../../errors.ts';
import type { Ipynb } from '../format/ipynb.ts';
import { installKernelSpec } from '../kernel/kernelspec.ts';
import { LATE_ERROR_MIME } from '../kernel/late-error.ts';
import { CLEANUP_CELL } from '../run/notebook-run.ts';
import { NBCLIENT_SCRIPT } from './nbclient-script.ts';
import { DEBIAN_PYTHON } from './packages.ts';
import { environment } from '../../validate/common.ts';
import { abortSignal, hasFields, milliseconds, nonEmptyString, oneOf, shape } from '../../validate/shape.ts';
import { checkArgs, signature } from '../../validate/signature.ts';

/**
 * What executeIpynb() takes (options with a cwd), checked at its entry: before any folder is made or Jupyter
 * started.
 */
export const EXECUTE_IPYNB_SIGNATURE = signature({
  operation: 'executeIpynb',
  ctx: false,
  params: [
    {
      name: 'ipynb',
      shape: hasFields(
        { nbformat: oneOf(4), cells: shape('an array of cells', Array.isArray) },
        'an nbformat 4 notebook (toIpynb(notebook))',
      ),
      example: { nbformat: 4, nbformat_minor: 5, metadata: {}, cells: [] },
    },
  ],
  options: { cwd: nonEmptyString, env: environment, timeoutMs: milliseconds, signal: abortSignal },
  requiredOptions: ['cwd'],
  command: 'jupyter execute --kernel_name=dockbook NOTEBOOK.ipynb',
});

/** The kernel name the exported notebooks' kernelspec carries. */
const KERNEL_NAME = 'dockbook';
/** A cell's time when it names none, as in `dockbook run`. */
const DEFAULT_TIMEOUT_S = 120;
/** Python's and the kernel's start, and the cleanup cell, on top of the cells' own time. */
const OVERHEAD_MS = 180_000;
/** Lines of Python's stderr and of the kernel's log quoted when Jupyter fails. */
const LOG_LINES = 8;

export interface ExecuteIpynbOptions {
  /** The folder the kernel runs in (where the cells' `dockbook` import and relative paths resolve). */
  cwd: string;
  /** The kernel's environment (its run label, its notebook name). Default `process.env`. */
  env?: NodeJS.ProcessEnv;
  /** How long Jupyter may take in all, in ms. Default: every cell's timeout (120 s unless set) plus 3 min. */
  timeoutMs?: number;
  /** Stops Jupyter (it shuts its kernel down), failing with ABORTED. */
  signal?: AbortSignal;
}

/**
 * Runs an `.ipynb` with Jupyter's own client (Debian's nbclient, see NBCLIENT_SCRIPT) and
 * returns the notebook as Jupyter wrote it: each cell's outputs, and in its
 * `metadata.dockbook` how its run ended. Jupyter is confined to a temporary folder where
 * installKernelSpec registered this package's tslab kernel as `dockbook` (JUPYTER_DATA_DIR,
 * JUPYTER_PATH, config and runtime dirs), which is removed afterwards. Fails with TIMEOUT,
 * ABORTED, or ENGINE_ERROR quoting nbclient's stderr and the kernel's log when Jupyter itself fails.
 *
 * @example
 * const notebook = toIpynb(readNotebook('notebooks/01-images-and-containers.md'));
 * const executed = await executeIpynb(notebook, { cwd: 'notebooks' });
 * executed.cells[1].metadata.dockbook; // { status: 'ok', duration_ms: 812 }
 */
export async function executeIpynb(ipynb: Ipynb, options: ExecuteIpynbOptions): Promise<Ipynb> {
  checkArgs(EXECUTE_IPYNB_SIGNATURE, arguments);
  const { cwd, env = process.env, signal } = options;
  const timeoutMs =
    options.timeoutMs ?? OVERHEAD_MS + ipynb.cells.reduce((ms, cell) => ms + cellTimeoutS(cell.metadata) * 1000, 0);
  const dir = await mkdtemp(join(tmpdir(), 'dockbook-jupyter-'));
  try {
    const [source, target, data, kernelLog] = [
      join(dir, 'notebook.ipynb'),
      join(dir, 'executed.ipynb'),
      join(dir, 'data'),
      join(dir, 'kernel.log'),
    ];
    await writeFile(source, JSON.stringify(ipynb));
    await installKernelSpec({ dir: join(data, 'kernels', KERNEL_NAME) });
    // Runs last in the kernel, as in `dockbook run`: the cells' timers get to fail, then every session cleans up.
    const config = {
      source,
      target,
      cwd,
      kernel: KERNEL_NAME,
      timeout: DEFAULT_TIMEOUT_S,
      cleanup: CLEANUP_CELL,
      kernel_log: kernelLog,
      late_error_mime: LATE_ERROR_MIME,
    };
    const jupyterEnv = {
      JUPYTER_DATA_DIR: data,
      JUPYTER_PATH: data,
      JUPYTER_CONFIG_DIR: join(dir, 'config'),
      JUPYTER_RUNTIME_DIR: join(dir, 'runtime'),
    };
    const result = await execa(DEBIAN_PYTHON, [NBCLIENT_SCRIPT, JSON.stringify(config)], {
      cwd,
      env: { ...env, ...jupyterEnv },
      extendEnv: false,
      stdin: 'ignore',
      reject: false,
      timeout: timeoutMs,
      ...(signal ? { cancelSignal: signal } : {}),
    });
    if (result.exitCode !== 0 || result.timedOut || result.isCanceled)
      throw jupyterFailed(result, await readFile(kernelLog, 'utf8').catch(() => ''), timeoutMs);
    return JSON.parse(await readFile(target, 'utf8')) as Ipynb;
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

function cellTimeoutS(metadata: Record<string, unknown>): number {
  return typeof metadata.timeout === 'number' ? metadata.timeout : DEFAULT_TIMEOUT_S;
}

/** The last lines of a log, under a heading; empty for an empty log. */
function tail(heading: string, text: string): string {
  const lines = text.trim().split('\n').slice(-LOG_LINES).join('\n');
  return lines ? `\n${heading}:\n${lines}` : '';
}

interface Outcome {
  exitCode?: number | undefined;
  timedOut: boolean;
  isCanceled: boolean;
  originalMessage?: string | undefined;
  stderr: unknown;
}

function jupyterFailed(result: Outcome, kernelLog: string, timeoutMs: number): DockbookError {
  const how = result.timedOut
    ? `it took longer than ${timeoutMs} ms`
    : result.isCanceled
      ? 'it was aborted'
      : result.exitCode === undefined
        ? `${DEBIAN_PYTHON} did not start (${result.originalMessage})`
        : `it exited with code ${result.exitCode}`;
  return new DockbookError({
    code: result.timedOut ? 'TIMEOUT' : result.isCanceled ? 'ABORTED' : 'ENGINE_ERROR',
    operation: 'jupyter execute',
    target: 'nbclient',
    reason:
      `Jupyter's client failed: ${how}${tail('nbclient', String(result.stderr ?? ''))}` + tail('the kernel', kernelLog),
    hint:
      'Check that `dockbook kernel install` then `jupyter kernelspec list` shows the dockbook kernel, and that ' +
      '`jupyter nbconvert --to notebook --execute` runs an exported notebook.',
    command: 'jupyter nbconvert --to notebook --execute NOTEBOOK.ipynb',
  });
}
