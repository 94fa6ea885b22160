import { inspect } from 'node:util';
import { lastLines, lines } from '../core/streams.ts';
import type { DockbookError } from '../errors.ts';

/** What a RunResult is made of: its fields, the optional ones defaulted (see the constructor). */
export type RunResultFields = Pick<
  RunResult,
  'id' | 'name' | 'image' | 'command' | 'exitCode' | 'stdout' | 'stderr' | 'output' | 'durationMs'
> &
  Partial<Pick<RunResult, 'pullLog' | 'removed' | 'stdoutBytes' | 'stderrBytes'>>;

/** What an attached `run` (or `start -a`) gives back: the exit code and everything the container printed. */
export class RunResult {
  /** The container's ID. */
  readonly id: string;
  /** The container's name. */
  readonly name: string;
  /** The image, as given. */
  readonly image: string;
  /** The equivalent docker command. */
  readonly command: string;
  readonly exitCode: number;
  readonly stdout: string;
  readonly stderr: string;
  /**
   * stdout and stderr interleaved as they arrived (all of it is stdout with a TTY). They are
   * separate pipes, so lines written close together may arrive in either order.
   */
  readonly output: string;
  readonly durationMs: number;
  /** What `run` printed while pulling a missing image (empty when the image was there). */
  readonly pullLog: string[];
  /** True when `--rm` removed the container. */
  readonly removed: boolean;
  readonly lines: string[];
  /** stdout exactly as the container wrote it: binary output survives here (the text fields decode it as UTF-8). */
  readonly stdoutBytes: Buffer;
  /** stderr exactly as the container wrote it. */
  readonly stderrBytes: Buffer;

  /**
   * From one named object, as execa builds its results. Defaults: pullLog [], removed false, the
   * bytes the text encoded as UTF-8 (exact for text output only).
   *
   * @example
   * new RunResult({ id, name: 'web', image: 'busybox', command: 'docker run busybox true',
   *   exitCode: 0, stdout: '', stderr: '', output: '', durationMs: 412 });
   */
  constructor(fields: RunResultFields) {
    this.id = fields.id;
    this.name = fields.name;
    this.image = fields.image;
    this.command = fields.command;
    this.exitCode = fields.exitCode;
    this.stdout = fields.stdout;
    this.stderr = fields.stderr;
    this.output = fields.output;
    this.durationMs = fields.durationMs;
    this.pullLog = fields.pullLog ?? [];
    this.removed = fields.removed ?? false;
    this.lines = lines(fields.output);
    this.stdoutBytes = fields.stdoutBytes ?? Buffer.from(fields.stdout);
    this.stderrBytes = fields.stderrBytes ?? Buffer.from(fields.stderr);
  }

  /** True when the image was pulled because it was missing locally. */
  get pulled(): boolean {
    return this.pullLog.length > 0;
  }

  toString(): string {
    const shown = [...this.pullLog, ...this.lines].join('\n');
    return `${shown}${this.lines.length || this.pulled ? '\n' : ''}[exit ${this.exitCode}]`;
  }

  [inspect.custom](): string {
    return this.toString();
  }
}

/** How many lines of its output a failed run's error carries. */
export const LOG_TAIL_LINES = 20;

/** The error of a run that failed after its container was made: it carries how the container's output ended. */
export type RunFailure = DockbookError & {
  /**
   * The last LOG_TAIL_LINES lines the container printed (stdout and stderr as they arrived); empty when it printed
   * nothing.
   */
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
