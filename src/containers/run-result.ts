import { inspect } from 'node:util';
import { lines } from '../docker/streams.ts';

/** What an attached `run` (or `start -a`) gives back: the exit code and everything the container printed. */
export class RunResult {
  readonly lines: string[];

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
  ) {
    this.lines = lines(output);
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
