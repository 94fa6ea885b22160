import type Docker from 'dockerode';
import { abortError, deadline, raceAbort } from '../core/call.ts';
import { classify, type CallMeta } from '../core/classify.ts';
import { resolveImage, type ImageLike } from '../core/resolve.ts';
import { isDockbookError } from '../errors.ts';
import { pull } from '../images/pull.ts';
import type { Context, ProgressEvent } from '../core/context.ts';
import { dockerRunLine } from './command-line.ts';
import { checkBindSources } from './bind-sources.ts';
import { bindSources, createConfig, namedVolumes, type Command, type CreateOptions } from './create.ts';
import { OutputBuffer } from '../core/streams.ts';
import { startAttached, type Input } from './io.ts';
import { RunResult, withLogTail } from './run-result.ts';
import { toContainer, type Container } from './value.ts';
import { CREATE_SIGNATURE, RUN_SIGNATURE } from '../validate/containers.ts';
import { checkArgs } from '../validate/signature.ts';

export interface RunOptions extends CreateOptions {
  /** `-d`: start it and return at once with the container. */
  detach?: boolean;
  /** Scripted stdin for `-i`: sent as it is, or step by step after expected output. */
  input?: Input;
  /** `--pull`: `missing` (default) pulls an image that is not local, `never` fails, `always` pulls first. */
  pull?: 'missing' | 'never' | 'always';
}

const HINTS: CallMeta['hints'] = {
  NAME_IN_USE: 'Choose another name (session.name() makes unique ones), or remove the container that has it.',
  PORT_IN_USE: 'That host port is taken: choose another, or publish to a random free one ("0:80").',
  NOT_FOUND: 'Build or pull the image first, or check its name and tag.',
};

async function ensureVolumes(ctx: Context, names: string[], signal: AbortSignal): Promise<void> {
  for (const name of names) {
    const exists = await ctx.docker
      .getVolume(name)
      .inspect({ abortSignal: signal })
      .then(
        () => true,
        () => false,
      );
    if (!exists) await ctx.docker.createVolume({ Name: name, Labels: ctx.labels, abortSignal: signal } as object);
  }
}

async function pullMissing(ctx: Context, ref: string, signal: AbortSignal): Promise<string[]> {
  const log = [`Unable to find image '${ref}' locally`];
  const seen = new Set<string>();
  const onProgress = (event: ProgressEvent) => {
    ctx.onProgress(event);
    if (event.done || event.progress) return;
    const line = event.id ? `${event.id}: ${event.status}` : event.status;
    if (!seen.has(line)) (log.push(line), seen.add(line));
  };
  await pull(ctx, ref, { onProgress, signal });
  return log;
}

/**
 * Creates the container. The request itself is never cut off: an engine that got it makes the
 * container whatever the client does. When the call times out or is aborted first, it fails at
 * once, and the container the engine still makes is removed as soon as it exists (cleanup waits
 * for that removal).
 */
function createOnce(
  ctx: Context,
  config: Docker.ContainerCreateOptions,
  signal: AbortSignal,
): Promise<Docker.Container> {
  const creating = ctx.docker.createContainer(config);
  return raceAbort(creating, signal).catch((error: unknown) => {
    if (signal.aborted) removeWhenMade(ctx, creating);
    throw error;
  });
}

/** Removes a container once a create still in flight has made it; tracked in ctx.pending. */
export function removeWhenMade(ctx: Context, creating: Promise<Docker.Container>): void {
  const removal = creating.then((container) => container.remove({ force: true, v: true })).catch(() => undefined);
  ctx.pending.add(removal);
  void removal.finally(() => ctx.pending.delete(removal));
}

async function createContainer(
  ctx: Context,
  config: Docker.ContainerCreateOptions,
  policy: RunOptions['pull'],
  signal: AbortSignal,
): Promise<{ container: Docker.Container; pullLog: string[] }> {
  let pullLog: string[] = [];
  if (policy === 'always') pullLog = await pullMissing(ctx, config.Image!, signal);
  try {
    return { container: await createOnce(ctx, config, signal), pullLog };
  } catch (error) {
    const missing =
      (error as { statusCode?: number }).statusCode === 404 && /no such image/i.test(String((error as Error).message));
    if (!missing || policy !== 'missing') throw error;
  }
  pullLog = await pullMissing(ctx, config.Image!, signal);
  return { container: await createOnce(ctx, config, signal), pullLog };
}

/**
 * `docker run`: creates a container with the session's labels, pulling a missing image, then
 * either returns it running (`detach`) or attaches, waits, and returns its exit code and output.
 * The order is the CLI's: create, attach and register the wait (at once, with the inspect that
 * learns the engine's name for an unnamed container), then start — so a fast-exiting or `--rm`
 * container never loses output or races. Its output is kept as bytes too (`stdoutBytes`).
 *
 * A non-zero exit is a result, as the CLI prints it (`[exit 3]`). A run that throws — the start
 * fails (a missing executable), the deadline passes (TIMEOUT), the signal aborts (ABORTED) —
 * throws a DockbookError whose `logTail` holds the last 20 lines the container printed, which
 * its message shows too (as docker-py's ContainerError carries the container's output).
 *
 * @example
 * const r = await run(ctx, 'busybox', 'echo hello', { rm: true });
 * r.exitCode; // 0
 * r.stdout;   // 'hello\n'
 */
export async function run(
  ctx: Context,
  image: ImageLike,
  command: Command | undefined,
  options: RunOptions & { detach: true },
): Promise<Container>;
export async function run(ctx: Context, image: ImageLike, command?: Command, options?: RunOptions): Promise<RunResult>;
export async function run(
  ctx: Context,
  image: ImageLike,
  command?: Command,
  options: RunOptions = {},
): Promise<RunResult | Container> {
  checkArgs(RUN_SIGNATURE, arguments);
  const { detach = false, input, pull: policy = 'missing' } = options;
  const { signal, timeoutMs } = deadline(options, ctx.timeoutMs);
  const ref = await resolveImage(ctx, image, 'run', { signal });
  const line = dockerRunLine(typeof image === 'string' ? image : ref, command, options);
  const meta: CallMeta = { operation: 'run', target: `image ${ref}`, command: line, hints: HINTS };
  const interactive = options.interactive ?? input !== undefined;
  const config = createConfig(ctx, ref, command, { ...options, interactive }, !detach && interactive);
  const t0 = performance.now();
  // What an attached container prints goes to the session's live progress as it comes (Jupyter).
  const buffer = new OutputBuffer((_, text) => ctx.onProgress({ operation: 'run', status: text }));
  let created: Docker.Container | undefined;
  try {
    await checkBindSources(ctx, bindSources(options, ctx.cwd), 'run', line, signal);
    await ensureVolumes(ctx, namedVolumes(options, ctx.cwd), signal);
    const { container, pullLog } = await createContainer(ctx, config, policy, signal);
    created = container;
    if (detach) {
      await container.start({ abortSignal: signal } as object);
      return toContainer(await container.inspect({ abortSignal: signal } as object));
    }
    // A named container's name is known; the engine names the others, which takes an inspect, done
    // while the attach and the wait are set up (and before an --rm container can be gone).
    let name = options.name?.replace(/^\//, '') ?? '';
    const ready = name
      ? undefined
      : container.inspect({ abortSignal: signal } as object).then((info) => void (name = info.Name.replace(/^\//, '')));
    const { exitCode } = await startAttached(ctx.docker, container, {
      tty: options.tty ?? false,
      stdin: interactive,
      autoRemove: options.rm ?? false,
      input,
      signal,
      buffer,
      ready,
    }).finally(() => ctx.onProgress({ operation: 'run', status: '', done: true }));
    return new RunResult({
      id: container.id,
      name,
      image: ref,
      command: line,
      exitCode,
      stdout: buffer.stdout,
      stderr: buffer.stderr,
      output: buffer.output,
      durationMs: Math.round(performance.now() - t0),
      pullLog,
      removed: options.rm ?? false,
      stdoutBytes: buffer.stdoutBytes,
      stderrBytes: buffer.stderrBytes,
    });
  } catch (error) {
    // An --rm container goes; so does one whose call timed out or was aborted: the caller never got it.
    if (created && (options.rm || signal.aborted))
      await created.remove({ force: true, v: true }).catch(() => undefined);
    const failure = signal.aborted
      ? abortError(signal.reason, meta, timeoutMs)
      : isDockbookError(error)
        ? error
        : classify(error, meta);
    throw created ? withLogTail(failure, buffer.output) : failure;
  }
}

/**
 * `docker create`: a container with the session's labels, configured but not started (pulling
 * a missing image first).
 *
 * @example
 * const a = await create(ctx, 'busybox');
 * a.state; // 'created'
 */
export async function create(
  ctx: Context,
  image: ImageLike,
  command?: Command,
  options: RunOptions = {},
): Promise<Container> {
  checkArgs(CREATE_SIGNATURE, arguments);
  const { signal, timeoutMs } = deadline(options, ctx.timeoutMs);
  const ref = await resolveImage(ctx, image, 'create', { signal });
  const meta: CallMeta = {
    operation: 'create',
    target: `image ${ref}`,
    command: dockerRunLine(typeof image === 'string' ? image : ref, command, options, 'create'),
    hints: HINTS,
  };
  let made: Docker.Container | undefined;
  try {
    await checkBindSources(ctx, bindSources(options, ctx.cwd), 'create', meta.command, signal);
    await ensureVolumes(ctx, namedVolumes(options, ctx.cwd), signal);
    const config = createConfig(ctx, ref, command, options, false);
    const { container } = await createContainer(ctx, config, options.pull ?? 'missing', signal);
    made = container;
    return toContainer(await container.inspect({ abortSignal: signal } as object));
  } catch (error) {
    if (made && signal.aborted) await made.remove({ force: true, v: true }).catch(() => undefined);
    if (signal.aborted) throw abortError(signal.reason, meta, timeoutMs);
    throw isDockbookError(error) ? error : classify(error, meta);
  }
}
