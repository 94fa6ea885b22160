import { spawn, type ChildProcess } from 'node:child_process';
import { kernelArgv, type KernelCommandOptions } from './command.ts';

/** How a kernel process ended. `error` is set when it could not be started at all. */
export interface KernelExit {
  code: number | null;
  signal: NodeJS.Signals | null;
  error?: Error;
}

export interface KernelProcess {
  readonly pid: number | undefined;
  /** Resolves when the process has exited (never rejects). */
  readonly exited: Promise<KernelExit>;
  /** Set once the process has exited. */
  readonly exit: KernelExit | undefined;
  /** How it ended, for a message (describeExit, with its last output), or "is running". */
  describe(when?: string): string;
  kill(signal: NodeJS.Signals): void;
}

export interface SpawnKernelOptions extends KernelCommandOptions {
  /** The kernel's environment. Default `process.env`. */
  env?: NodeJS.ProcessEnv;
}

const TAIL_LINES = 20;
const STDIO_DRAIN_MS = 200;

/** Kernels still running; killed if this process exits without shutting them down. */
const running = new Set<ChildProcess>();
let guarded = false;

function guard(child: ChildProcess): void {
  running.add(child);
  if (guarded) return;
  guarded = true;
  process.on('exit', () => {
    for (const kernel of running) kernel.kill('SIGKILL');
  });
}

/**
 * Starts `tslab kernel --config-path <connectionFile>` in `cwd` (where bare imports in cells
 * resolve from), with the current Node.js.
 *
 * @example
 * const proc = spawnKernel('/tmp/k/connection.json', 'notebooks');
 * const { code } = await proc.exited;
 */
export function spawnKernel(connectionFile: string, cwd: string, options: SpawnKernelOptions = {}): KernelProcess {
  const { env = process.env, ...command } = options;
  const [node, ...args] = kernelArgv(connectionFile, command);
  const child = spawn(node, args, { cwd, env, stdio: ['ignore', 'pipe', 'pipe'] });
  guard(child);
  const tail: string[] = [];
  const keep = (chunk: Buffer) => {
    tail.push(
      ...chunk
        .toString('utf8')
        .split('\n')
        .filter((line) => line.trim() !== ''),
    );
    tail.splice(0, Math.max(0, tail.length - TAIL_LINES));
  };
  child.stdout?.on('data', keep);
  child.stderr?.on('data', keep);
  let exit: KernelExit | undefined;
  const exited = new Promise<KernelExit>((resolve) => {
    const done = (ended: KernelExit) => {
      running.delete(child);
      exit ??= ended;
      resolve(exit);
    };
    // 'close' comes once stdio has drained, so the tail is complete; a grandchild holding the
    // pipes open must not delay the news, hence the short wait after 'exit'.
    child.once('exit', (code, signal) => {
      const drained = setTimeout(() => done({ code, signal }), STDIO_DRAIN_MS);
      child.once('close', () => {
        clearTimeout(drained);
        done({ code, signal });
      });
    });
    // Without a pid the process never started; other errors (a failed kill) change nothing.
    child.on('error', (error) => {
      if (child.pid === undefined) done({ code: null, signal: null, error });
    });
  });
  return {
    pid: child.pid,
    exited,
    get exit() {
      return exit;
    },
    describe: (when) => (exit ? describeExit(exit, tail, when) : 'is running'),
    kill: (signal) => {
      if (exit === undefined) child.kill(signal);
    },
  };
}

/**
 * How a kernel ended, for a message: "exited with code 3", "was killed by SIGKILL", "could not
 * start (spawn node ENOENT)", then `when`, then its last output.
 *
 * @example
 * describeExit({ code: 3, signal: null }, ['bye'], ' while the cell ran');
 * // 'exited with code 3 while the cell ran; its last output: bye'
 */
export function describeExit(exit: KernelExit, tail: readonly string[], when = ''): string {
  const how = exit.error
    ? `could not start (${exit.error.message})`
    : exit.signal
      ? `was killed by ${exit.signal}`
      : `exited with code ${exit.code}`;
  return tail.length === 0 ? `${how}${when}` : `${how}${when}; its last output: ${tail.slice(-5).join(' | ')}`;
}
