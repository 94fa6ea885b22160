import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { KernelChannels } from './channels.ts';
import { loadZeromq } from './command.ts';
import { CellCollector } from './collect.ts';
import { KERNEL_DIR_PREFIX, newConnectionInfo, sweepKernelDirs, writeConnectionFile } from './connection.ts';
import { cellInterrupted, cellTimedOut, kernelDead } from './failures.ts';
import { handshake } from './handshake.ts';
import { spawnKernel, type KernelProcess, type SpawnKernelOptions } from './process.ts';
import type { CellResult, ExecuteOptions, KernelInfo } from './types.ts';
import { until } from './until.ts';
import { forgetTurnWaits, turnWaitedMs } from '../../core/turn-wait.ts';
import { environment } from '../../validate/common.ts';
import { KERNEL_COMMAND_OPTIONS } from '../../validate/notebook.ts';
import { milliseconds, nonEmptyString } from '../../validate/shape.ts';
import { checkArgs, signature } from '../../validate/signature.ts';

/** A running tslab kernel, spoken to over the Jupyter messaging protocol. */
export interface Kernel {
  readonly pid: number | undefined;
  /** What the kernel said about itself (its kernel_info_reply). */
  readonly info: KernelInfo;
  /**
   * Runs one cell and gathers its outputs. Cells run one at a time, in call order. Never
   * throws for what the cell or the kernel did: that is the result's `status`.
   */
  execute(code: string, options?: ExecuteOptions): Promise<CellResult>;
  /**
   * Asks the kernel to shut down (shutdown_request on control), kills it when it has not
   * exited within `graceMs` (default 3000), closes the sockets and removes the connection file.
   */
  shutdown(options?: { graceMs?: number }): Promise<void>;
}

/** What startKernel() takes, checked at its entry: before any folder is made or process spawned. */
export const START_KERNEL_SIGNATURE = signature({
  operation: 'startKernel',
  ctx: false,
  params: [{ name: 'cwd', shape: nonEmptyString, example: 'notebooks' }],
  options: { ...KERNEL_COMMAND_OPTIONS, env: environment, readyTimeoutMs: milliseconds },
  command: 'tslab kernel --config-path CONNECTION_FILE',
});

export interface StartKernelOptions extends SpawnKernelOptions {
  /**
   * How long the kernel may take to start and answer, in ms. Default 120000 (a busy machine: four courses at once took
   * over 30 s).
   */
  readyTimeoutMs?: number;
}

/** tslab aborts requests that come within 200 ms of a failed cell (tslab issue #19); such a cell is sent again. */
const ABORT_RETRY_MS = 100;
/** How long an interrupted cell has to stop before its kernel is killed. */
const INTERRUPT_GRACE_MS = 2000;
const NEVER = new Promise<never>(() => undefined);

/**
 * Starts a tslab kernel in `cwd` (the folder bare imports in cells resolve from) and waits
 * until it answers on shell and publishes on iopub.
 *
 * @example
 * const kernel = await startKernel('notebooks');
 * const cell = await kernel.execute('console.log(1 + 1)');
 * cell.outputs; // [{ type: 'stream', name: 'stdout', text: '2\n' }]
 * await kernel.shutdown();
 */
export async function startKernel(cwd: string, options: StartKernelOptions = {}): Promise<Kernel> {
  checkArgs(START_KERNEL_SIGNATURE, arguments);
  const { readyTimeoutMs = 120_000, ...spawnOptions } = options;
  // Connection files of runners that died (they hold kernels' keys) go first; this one's folder names this process.
  sweepKernelDirs(tmpdir());
  const dir = await mkdtemp(join(tmpdir(), `${KERNEL_DIR_PREFIX}${process.pid}-`));
  let channels: KernelChannels | undefined;
  let child: KernelProcess;
  try {
    const zmq = await loadZeromq();
    const connection = await newConnectionInfo(dir);
    const connectionFile = await writeConnectionFile(dir, connection);
    // Connecting before the kernel listens is fine: ZeroMQ keeps trying.
    channels = new KernelChannels(connection, zmq);
    child = spawnKernel(connectionFile, cwd, spawnOptions);
    // A record of turn waits under this pid is a gone process's, which had it before.
    if (child.pid) forgetTurnWaits(child.pid);
  } catch (error) {
    channels?.close();
    await rm(dir, { recursive: true, force: true });
    throw error;
  }
  const disposed = child.exited.then(async () => {
    if (child.pid) forgetTurnWaits(child.pid);
    channels.close();
    await rm(dir, { recursive: true, force: true });
  });
  try {
    return new TslabKernel(child, channels, disposed, await handshake(channels, child, readyTimeoutMs));
  } catch (error) {
    child.kill('SIGKILL');
    await disposed;
    throw error;
  }
}

class TslabKernel implements Kernel {
  private queue: Promise<unknown> = Promise.resolve();
  /** Why the kernel runs no more cells, when this client ended it. */
  private ended: string | undefined;

  constructor(
    private readonly child: KernelProcess,
    private readonly channels: KernelChannels,
    /** Settles once the process has exited and the sockets and connection file are gone. */
    private readonly disposed: Promise<void>,
    readonly info: KernelInfo,
  ) {}

  get pid(): number | undefined {
    return this.child.pid;
  }

  execute(code: string, options: ExecuteOptions = {}): Promise<CellResult> {
    const { timeoutMs = 60_000, signal } = options;
    const result = this.queue.then(() => this.run(code, timeoutMs, signal));
    this.queue = result.catch(() => undefined);
    return result;
  }

  async shutdown(options: { graceMs?: number } = {}): Promise<void> {
    const { graceMs = 3000 } = options;
    this.ended ??= 'the kernel was shut down';
    if (!this.child.exit) {
      this.channels.send('control', 'shutdown_request', { restart: false });
      if ((await until(NEVER, graceMs, this.child.exited)) === 'timeout') this.child.kill('SIGKILL');
    }
    await this.disposed;
  }

  /** How long the kernel's process has waited for other sessions' turns (see core/turn-wait.ts), ms. */
  private turnWaited(): number {
    return this.child.pid ? turnWaitedMs(this.child.pid) : 0;
  }

  /** Runs one cell; its listener on the caller's signal goes when the cell ends (one signal serves a whole run). */
  private async run(code: string, timeoutMs: number, signal?: AbortSignal): Promise<CellResult> {
    const detach = new AbortController();
    try {
      return await this.runCell(code, timeoutMs, detach.signal, signal);
    } finally {
      detach.abort();
    }
  }

  private async runCell(
    code: string,
    timeoutMs: number,
    detach: AbortSignal,
    signal?: AbortSignal,
  ): Promise<CellResult> {
    const started = performance.now();
    // The timeout is the cell's own time: what the kernel spends waiting for other sessions' turns moves it on.
    const waited = this.turnWaited();
    const deadline = () => started + timeoutMs + (this.turnWaited() - waited);
    const aborted = signal
      ? new Promise<'abort'>((resolve) =>
          signal.aborted
            ? resolve('abort')
            : signal.addEventListener('abort', () => resolve('abort'), { once: true, signal: detach }),
        )
      : NEVER;
    for (;;) {
      const cell = new CellCollector();
      const ran = () => ({
        outputs: cell.outputs,
        lateErrors: cell.lateErrors,
        executionCount: cell.executionCount,
        durationMs: performance.now() - started,
      });
      if (this.ended || this.child.exit)
        return {
          status: 'dead',
          error: kernelDead(this.pid, this.ended ?? `the kernel ${this.child.describe()}`),
          ...ran(),
        };
      if (signal?.aborted)
        return { status: 'interrupted', error: cellInterrupted(this.pid, 'it never started'), ...ran() };
      const content = {
        code,
        silent: false,
        store_history: true,
        user_expressions: {},
        allow_stdin: false,
        stop_on_error: true,
      };
      const id = this.channels.send('shell', 'execute_request', content, (message) => cell.add(message));
      let first = await Promise.race([until(cell.done, deadline() - performance.now(), this.child.exited), aborted]);
      while (first === 'timeout' && deadline() > performance.now())
        first = await Promise.race([until(cell.done, deadline() - performance.now(), this.child.exited), aborted]);
      const byCaller = first === 'abort';
      let outcome = byCaller ? ('timeout' as const) : first;
      const interrupted = outcome === 'timeout';
      if (interrupted) {
        // tslab stops a cell on SIGINT; it has no handler for interrupt_request.
        this.child.kill('SIGINT');
        outcome = await until(cell.done, INTERRUPT_GRACE_MS, this.child.exited);
      }
      this.channels.forget(id);
      if (outcome === 'exit')
        return {
          status: 'dead',
          error: kernelDead(this.pid, `the kernel ${this.child.describe(' while the cell ran')}`),
          ...ran(),
        };
      if (outcome === 'timeout') {
        this.ended =
          `the kernel was killed when a cell ignored the ` + `interrupt${byCaller ? '' : ` after ${timeoutMs} ms`}`;
        this.child.kill('SIGKILL');
        await this.child.exited;
        if (byCaller)
          return {
            status: 'interrupted',
            error: cellInterrupted(this.pid, 'it ignored the interrupt, so the kernel was killed'),
            ...ran(),
          };
        return {
          status: 'timeout',
          error: cellTimedOut(this.pid, timeoutMs, 'it ignored the interrupt, so the kernel was killed'),
          ...ran(),
        };
      }
      if (byCaller) return { status: 'interrupted', error: cellInterrupted(this.pid, 'it was interrupted'), ...ran() };
      if (interrupted)
        return { status: 'timeout', error: cellTimedOut(this.pid, timeoutMs, 'it was interrupted'), ...ran() };
      if (cell.reply?.status === 'ok') return { status: 'ok', ...ran() };
      // A Ctrl-C reaches the kernel too when it shares the terminal: the cell then ends on its own, interrupted.
      if (cell.reply?.status === 'error' && signal?.aborted)
        return { status: 'interrupted', error: cellInterrupted(this.pid, 'it was interrupted'), ...ran() };
      if (cell.reply?.status === 'error') return { status: 'error', error: cell.error(), ...ran() };
      await sleep(ABORT_RETRY_MS);
    }
  }
}
