import { shellQuote } from './display/shell.ts';
import { classifyMessage } from './core/classify.ts';
import { lines } from './core/streams.ts';
import { printable, type Printable } from './display/printable.ts';
import { DockbookError } from './errors.ts';
import { interruptSignal, type CallOptions } from './core/call.ts';
import { sessionProxy } from './docker-proxy/session.ts';
import { sessionDockerConfig } from './registry/docker-config.ts';
import type { Context } from './core/context.ts';
import { invalid } from './input/invalid.ts';
import { anyOf, arrayOf, boolean, string } from './validate/shape.ts';
import { CALL_OPTIONS, checkArgs, signature } from './validate/signature.ts';

export interface CliOptions extends CallOptions {
  /** Text for the command's stdin. Default: none. */
  input?: string;
  /** Throw a DockbookError when the command exits non-zero. Default true. */
  reject?: boolean;
}

export interface CliResult {
  /** The command as run: `docker ps -a`. */
  command: string;
  exitCode: number;
  stdout: string;
  stderr: string;
  /** The lines of stdout. */
  lines: string[];
}

/**
 * Splits a command line into words as a shell would, for the simple cases: whitespace
 * separates words; '…' is literal; "…" and a backslash escape the next character.
 *
 * @example
 * splitArgs(`ps -a --format '{{.Names}}'`) // ['ps', '-a', '--format', '{{.Names}}']
 */
export function splitArgs(line: string): string[] {
  const words: string[] = [];
  let word: string | undefined;
  let quote: '"' | "'" | undefined;
  for (let i = 0; i < line.length; i++) {
    const c = line[i]!;
    if (quote === "'") {
      if (c === "'") quote = undefined;
      else word += c;
    } else if (c === '\\' && i + 1 < line.length && (quote === undefined || /["\\$`]/.test(line[i + 1]!))) {
      word = (word ?? '') + line[++i];
    } else if (quote === '"') {
      if (c === '"') quote = undefined;
      else word += c;
    } else if (c === '"' || c === "'") {
      quote = c;
      word ??= '';
    } else if (/\s/.test(c)) {
      if (word !== undefined) words.push(word);
      word = undefined;
    } else {
      word = (word ?? '') + c;
    }
  }
  if (quote)
    throw invalid(
      'cli',
      line,
      `the ${quote} quote is not closed`,
      'Close every quote, or pass the arguments as an array.',
      `docker ${line}`,
    );
  if (word !== undefined) words.push(word);
  return words;
}

function failure(
  command: string,
  code: DockbookError['code'],
  reason: string,
  hint: string,
  cause?: unknown,
): DockbookError {
  return new DockbookError({
    code,
    operation: 'cli',
    target: command,
    reason,
    hint,
    command,
    ...(cause === undefined ? {} : { cause }),
  });
}

/** What cli() takes, checked at its entry. */
export const CLI_SIGNATURE = signature({
  operation: 'cli',
  ctx: true,
  params: [
    {
      name: 'args',
      shape: anyOf([string, arrayOf(string)], 'a command line (a string) or an argv array ["ps", "-a"]'),
      example: 'version',
    },
  ],
  options: { ...CALL_OPTIONS, input: string, reject: boolean },
  command: 'docker [OPTIONS] COMMAND',
});

/**
 * Runs the real `docker` CLI against the same engine as the session, for cells that prove the
 * library agrees with the CLI. DOCKER_HOST is the session's Docker proxy (`sessionProxy`,
 * started on the first call, closed by `cleanup()`), which forwards every request to the
 * engine and adds the session's labels to what the CLI creates (containers, volumes, networks,
 * builds, commits) and records the names it tags, so `cleanup()` and the sweep remove them as
 * they do the library's own; listings are not filtered. For an ssh:// engine the CLI talks to
 * the engine directly. A failure of the proxy itself throws a DockbookError. Its DOCKER_CONFIG is the
 * session's own folder under the cache (`sessionDockerConfig`): a `docker login` run here
 * lasts for the session's later `cli()` calls, never touches ~/.docker, and is removed by
 * `cleanup()`. A non-zero exit throws a DockbookError classified from the CLI's stderr,
 * unless `reject: false`.
 *
 * @example
 * const r = await cli(ctx, `ps -a --filter label=dockbook.session=${ctx.session} --format '{{.Names}}'`);
 * r.lines; // ['web', 'db']
 */
export async function cli(
  ctx: Context,
  args: string[] | string,
  options: CliOptions = {},
): Promise<Printable<CliResult>> {
  checkArgs(CLI_SIGNATURE, arguments);
  const { input, reject = true, timeoutMs = ctx.timeoutMs, signal } = options;
  const argv = typeof args === 'string' ? splitArgs(args) : args;
  const command = ['docker', ...argv.map(shellQuote)].join(' ');
  const { host, tlsDir } = ctx.engine.endpoint;
  const proxy = await sessionProxy(ctx);
  const seen = proxy?.failures.length ?? 0;
  const engine = proxy
    ? { DOCKER_HOST: proxy.host, DOCKER_TLS_VERIFY: undefined, DOCKER_CERT_PATH: undefined }
    : { DOCKER_HOST: host, ...(tlsDir ? { DOCKER_TLS_VERIFY: '1', DOCKER_CERT_PATH: tlsDir } : {}) };
  const env = { ...engine, DOCKER_CONTEXT: undefined, DOCKER_CONFIG: sessionDockerConfig(ctx) };
  // Stopped by the caller's signal, or with its cell when the kernel interrupts it, like every library call.
  const stops = [signal, interruptSignal()].filter((s): s is AbortSignal => s !== undefined);
  const cancelSignal = stops.length > 1 ? AbortSignal.any(stops) : stops[0];
  // execa is loaded on the first cli() call, not with `import 'dockbook'`.
  const { execa } = await import('execa');
  const run = await execa('docker', argv, {
    env,
    reject: false,
    timeout: timeoutMs,
    stripFinalNewline: false,
    ...(input !== undefined ? { input } : { stdin: 'ignore' as const }),
    ...(cancelSignal ? { cancelSignal } : {}),
  });
  if (run.timedOut)
    throw failure(
      command,
      'TIMEOUT',
      `it did not finish within ${timeoutMs / 1000}s`,
      'Pass a longer timeoutMs, or find out why it is slow.',
      run,
    );
  if (run.isCanceled) throw failure(command, 'ABORTED', 'it was aborted by its signal', 'The caller aborted it.', run);
  const broken = proxy?.failures[seen];
  if (broken)
    throw failure(
      command,
      'ENGINE_ERROR',
      `the session's Docker proxy failed: ${broken.message}`,
      'This is a dockbook bug: please report it with the command.',
      broken,
    );
  if (run.exitCode === undefined)
    throw failure(
      command,
      'MISSING_DEPENDENCY',
      `the docker CLI could not run (${run.code ?? run.shortMessage})`,
      'Install the docker CLI (Debian: apt-get install docker.io).',
      run,
    );
  const result = { command, exitCode: run.exitCode, stdout: run.stdout, stderr: run.stderr, lines: lines(run.stdout) };
  if (reject && result.exitCode !== 0) {
    const usage = /(See|Run) '.*--help'/.test(result.stderr);
    const text = result.stderr.trim().replace(/^Error( response from daemon)?:\s*/, '');
    const message = (usage ? text.split('\n')[0] : text) || `exit code ${result.exitCode}`;
    throw new DockbookError({
      code: usage ? 'INVALID_ARGUMENT' : classifyMessage(message),
      operation: 'cli',
      target: command,
      reason: message,
      hint: usage
        ? `Check the arguments: ${command.split(' ').slice(0, 2).join(' ')} --help lists them.`
        : `The docker CLI exited with code ${result.exitCode}.`,
      command,
      daemonMessage: message,
    });
  }
  return printable(result, (r) =>
    [`$ ${r.command}`, r.stdout.trimEnd(), r.stderr.trimEnd()].filter(Boolean).join('\n'),
  );
}
