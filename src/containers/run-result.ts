import { inspect } from 'node:util';
import { lastLines, lines } from '../core/streams.ts';
import type { DockbookError } from '../errors.ts';

/** What an attached `run` (or `start -a`) gives back: the exit code and everything the container printed. */
export class RunResult {
  readonly lines: string[];
  /** stdout exactly as the container wrote it: binary output survives here (the text fields decode it as UTF-8). */
  readonly stdoutBytes: Buffer;
  /** stderr exactly as the container wrote it. */
  readonly stderrBytes: Buffer;

  constructor(
    readonly id: string,
    readonly name: string,
    readonly image: string,
    /** The equivalent docker command. */
    readonly command: string,
    readonly exitCode: number,
    readonly stdout: string,
    readonly stderr: string,
    /**
     * stdout and stderr interleaved as they arrived (all of it is stdout with a TTY). They are
     * separate pipes, so lines written close together may arrive in either order.
     */
    readonly output: string,
    readonly durationMs: number,
    /** What `run` printed while pulling a missing image (empty when the image was there). */
    readonly pullLog: string[] = [],
    /** True when `--rm` removed the container. */
    readonly removed = false,
    /** The raw bytes of stdout and stderr. Default: the text encoded as UTF-8 (exact for text output only). */
    bytes?: { stdout: Buffer; stderr: Buffer },
  ) {
    this.lines = lines(output);
    this.stdoutBytes = bytes?.stdout ?? Buffer.from(stdout);
    this.stderrBytes = bytes?.stderr ?? Buffer.from(stderr);
  }

  /** True when the image was pulled because it was missing locally. */
  get pulled(): boolean {
    return this.pullLog.length > 0;
  }

  toString(): string {
    return `${[...this.pullLog, ...this.lines].join('\n')}${this.lines.length || this.pulled ? '\n' : ''}[exit ${this.exitCode}]`;
  }

  [inspect.custom](): string {
    return this.toString();
  }
}

/** How many lines of its output a failed run's error carries. */
export const LOG_TAIL_LINES = 20;

/** The error of a run that failed after its container was made: it carries how the container's output ended. */
export type RunFailure = DockbookError & {
  /** The last LOG_TAIL_LINES lines the container printed (stdout and stderr as they arrived); empty when it printed nothing. */
  readonly logTail: string[];
};

/**
 * Gives a failed run's error the tail of the container's output, as docker-py's ContainerError
 * does: in `logTail`, and after the message's first line (all of it when it is short, said so).
 * An error that already has a tail keeps it.
 */
export function withLogTail(error: DockbookError, output: string): RunFailure {
  if ('logTail' in error) return error as RunFailure;
  const tail = lastLines(output, LOG_TAIL_LINES + 1);
  const logTail = tail.slice(-LOG_TAIL_LINES);
  Object.defineProperty(error, 'logTail', { value: logTail, enumerable: true });
  if (logTail.length) {
    const heading = tail.length > LOG_TAIL_LINES ? `The last ${LOG_TAIL_LINES} lines of its output:` : 'Its output:';
    const before = error.message;
    error.message = `${before}\n${heading}\n${logTail.map((line) => `  ${line}`).join('\n')}`;
    // The stack was written with the first message: it shows the tail too.
    if (error.stack?.includes(before)) error.stack = error.stack.replace(before, () => error.message);
  }
  return error as RunFailure;
}
