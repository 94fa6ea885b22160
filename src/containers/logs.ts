import type { Readable } from 'node:stream';
import type Docker from 'dockerode';
import { DockbookError } from '../errors.ts';
import { abortError, deadline, engineCall, raceAbort, type CallOptions } from '../core/call.ts';
import { classify } from '../core/classify.ts';
import { resolveContainer, type ContainerRef } from '../core/resolve.ts';
import { demuxer, lastLines, lines, OutputBuffer, type Until } from '../core/streams.ts';
import { printable, type Printable } from '../display/printable.ts';
import type { Context } from '../core/context.ts';
import { containerTarget, refText } from './ref.ts';
import { LOGS_SIGNATURE } from '../validate/containers.ts';
import { checkArgs } from '../validate/signature.ts';

export interface LogsOptions extends CallOptions {
  /** `-f`: keep reading new output until the container stops. Default false (past output only). */
  follow?: boolean;
  /** Follow (implies `follow`) until the output so far matches: a substring, a RegExp or a predicate. */
  until?: Until;
  /** `--tail`: only the last N lines. Default `'all'`. */
  tail?: number | 'all';
  /** `--since`: only output after this time (a Date, or Unix seconds). */
  since?: Date | number;
  /** `-t`: prefix every line with its RFC 3339 timestamp. Default false. */
  timestamps?: boolean;
}

export interface LogsResult {
  stdout: string;
  stderr: string;
  /** stdout and stderr interleaved as they arrived (all of it is stdout for a TTY container). */
  output: string;
  lines: string[];
  /**
   * True when the log stream ended (the container stopped, or the past output was read); false when it stopped at
   * `until` or at the deadline.
   */
  ended: boolean;
  /** stdout exactly as the container wrote it (binary output survives here). */
  stdoutBytes: Buffer;
  /** stderr exactly as the container wrote it. */
  stderrBytes: Buffer;
}

/** Opens the log stream; always as a stream, so that output that happens to be JSON is never parsed. */
function openLogs(docker: Docker, id: string, query: Record<string, unknown>, signal: AbortSignal): Promise<Readable> {
  return new Promise((resolve, reject) => {
    docker.modem.dial(
      {
        path: `/containers/${id}/logs?`,
        method: 'GET',
        isStream: true,
        abortSignal: signal,
        options: query,
        statusCodes: { 200: true, 404: 'no such container', 500: 'server error' },
      },
      (error, stream) => (error ? reject(error) : resolve(stream as Readable)),
    );
  });
}

function flags({
  follow,
  tail,
  since,
  timestamps,
}: {
  follow: boolean;
  tail: number | 'all';
  since: number | undefined;
  timestamps: boolean;
}): string {
  return (
    `${follow ? ' -f' : ''}${tail === 'all' ? '' : ` --tail ${tail}`}` +
    `${since === undefined ? '' : ` --since ${since}`}${timestamps ? ' -t' : ''}`
  );
}

/**
 * A container's output, as `docker logs`. Without `follow`, the output so far. With `follow`
 * (or `until`), new output as it comes, until the container stops (`ended: true`) or the output
 * matches `until` (`ended: false`). At the deadline (`timeoutMs`, default the session's),
 * waiting for `until` fails with TIMEOUT, naming what was awaited and how the output ended;
 * following without `until` returns what came so far with `ended: false`, like
 * `timeout 5 docker logs -f`. The stream is always closed before this returns.
 *
 * @example
 * await logs(ctx, 'web');                                               // docker logs web
 * await logs(ctx, 'web', { until: /listening on \d+/, timeoutMs: 10_000 }); // docker logs -f web, until it matches
 */
export async function logs(ctx: Context, ref: ContainerRef, options: LogsOptions = {}): Promise<Printable<LogsResult>> {
  checkArgs(LOGS_SIGNATURE, arguments);
  const { until, follow = false, tail = 'all', timestamps = false } = options;
  const following = follow || until !== undefined;
  const since = options.since instanceof Date ? Math.floor(options.since.getTime() / 1000) : options.since;
  const { signal, timeoutMs } = deadline(options, ctx.timeoutMs);
  const meta = {
    operation: 'logs',
    target: containerTarget(ref),
    command: `docker logs${flags({ follow: following, tail, since, timestamps })} ${refText(ref)}`,
  };
  const id = await resolveContainer(ctx, ref, 'logs', { signal, timeoutMs });
  const query = {
    stdout: true,
    stderr: true,
    follow: following,
    tail: String(tail),
    timestamps,
    ...(since === undefined ? {} : { since }),
  };
  // Whether it has a TTY (raw output, or multiplexed) is asked while the log stream opens: it stays paused until read.
  const { tty, stream } = await engineCall({ signal, timeoutMs }, ctx.timeoutMs, meta, async (s) => {
    const opening = openLogs(ctx.docker, id, query, signal);
    try {
      const [info, opened] = await Promise.all([ctx.docker.getContainer(id).inspect({ abortSignal: s }), opening]);
      return { tty: info.Config.Tty, stream: opened };
    } catch (error) {
      void opening.then(
        (opened) => opened.destroy(),
        () => undefined,
      );
      throw error;
    }
  });
  const buffer = new OutputBuffer();
  stream.on(
    'data',
    tty ? (chunk: Buffer) => buffer.write('stdout', chunk) : demuxer((name, data) => buffer.write(name, data)),
  );
  const streamEnd = new Promise<boolean>((resolve) => {
    // The buffer's last test of `until` comes first: output that matched in the last chunk counts as a match.
    for (const event of ['end', 'close', 'error'])
      stream.on(event, () => {
        buffer.end();
        resolve(true);
      });
  });
  let ended: boolean;
  try {
    const matched = until === undefined ? [] : [buffer.waitFor(until, signal).then(() => false)];
    ended = await raceAbort(Promise.race([streamEnd, ...matched]), signal);
  } catch (error) {
    if (!signal.aborted) throw classify(error, meta);
    const timedOut = (signal.reason as Error | undefined)?.name === 'TimeoutError';
    if (timedOut && until !== undefined) throw untilTimeout(meta, until, buffer.output, timeoutMs, signal.reason);
    if (!timedOut || !following) throw abortError(signal.reason, meta, timeoutMs);
    ended = false;
  } finally {
    stream.destroy();
  }
  const output = buffer.output;
  const result = {
    stdout: buffer.stdout,
    stderr: buffer.stderr,
    output,
    lines: lines(output),
    ended,
    stdoutBytes: buffer.stdoutBytes,
    stderrBytes: buffer.stderrBytes,
  };
  return printable(result, (r) => r.output.replace(/\n$/, ''));
}

function untilTimeout(
  meta: { operation: string; target: string; command: string },
  until: Until,
  output: string,
  timeoutMs: number,
  cause: unknown,
): DockbookError {
  const awaited =
    typeof until === 'function'
      ? 'the awaited output'
      : String(until instanceof RegExp ? until : JSON.stringify(until));
  const last = lastLines(output, 3).join(' ⏎ ');
  return new DockbookError({
    code: 'TIMEOUT',
    ...meta,
    reason:
      `its output did not match ${awaited} within ${timeoutMs / 1000}s ` +
      `(${last ? `last lines: ${last}` : 'it printed nothing'})`,
    hint: 'Check that the container prints what you wait for, or pass a longer timeoutMs.',
    cause,
  });
}
