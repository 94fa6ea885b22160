import type { Readable } from 'node:stream';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { shellQuote } from '../display/shell.ts';
import { engineCall, type CallOptions } from '../core/call.ts';
import { daemonMessage } from '../core/classify.ts';
import { DockbookError } from '../errors.ts';
import type { Context, ProgressEvent } from '../core/context.ts';
import { parseTagRef } from '../input/reference.ts';
import { checkContext, packContext } from './build-context.ts';
import { stageEntries } from './first-steps.ts';
import { BuildResult, stepListing } from './build-result.ts';
import { buildLabels } from './build-labels.ts';
import { BuildRecorder } from './build-steps.ts';
import { streamEvents } from '../core/json-stream.ts';
import { inspectImageSettled } from '../core/vanished.ts';
import { duringBuild } from './image-gate.ts';
import { labels, tags } from '../validate/common.ts';
import { boolean, func, nonEmptyString, recordOf, string } from '../validate/shape.ts';
import { CALL_OPTIONS, checkArgs, signature } from '../validate/signature.ts';

/** How long a build waits for its turn on the engine before its progress says it is waiting. */
const WAITING_NOTICE_MS = 500;

export interface BuildOptions extends CallOptions {
  /** `-t`, once per name; a name without a tag means `:latest`. */
  tags?: string[];
  /** `-f`: the Dockerfile's path inside the context. */
  dockerfile?: string;
  /** `--build-arg`. */
  buildArgs?: Record<string, string>;
  /** `--no-cache`: run every step again. */
  noCache?: boolean;
  /** `--label`, besides the session's labels (which always win). */
  labels?: Record<string, string>;
  /** Receives each line of build output and each pull progress event. */
  onProgress?: (event: ProgressEvent) => void;
}

function buildLine(contextDir: string, tags: string[], dockerfile: string, options: BuildOptions): string {
  const words = ['docker', 'build'];
  for (const tag of tags) words.push('-t', tag);
  if (dockerfile !== 'Dockerfile') words.push('-f', dockerfile);
  for (const [key, value] of Object.entries(options.buildArgs ?? {})) words.push('--build-arg', `${key}=${value}`);
  for (const [key, value] of Object.entries(options.labels ?? {})) words.push('--label', `${key}=${value}`);
  if (options.noCache) words.push('--no-cache');
  words.push(contextDir);
  return words.map((word, i) => (i < 2 ? word : shellQuote(word))).join(' ');
}

interface Failure {
  message: string;
  /** False when the engine did not say it (then it is not the daemon's message). */
  fromEngine?: boolean;
  cause?: unknown;
  hint?: string;
}

/** The BUILD_FAILED error: the step that failed, why (the engine's words, read by its grammar), and the log's end. */
export function buildFailed(
  contextDir: string,
  command: string,
  recorder: BuildRecorder,
  failure: Failure,
): DockbookError {
  const {
    message,
    fromEngine = true,
    cause,
    hint = 'Fix the instruction that failed (its output is in the log), then build again.',
  } = failure;
  const step = recorder.current;
  const read = step && fromEngine ? recorder.grammar.failure(message.trim(), step.instruction) : undefined;
  const what = step
    ? read?.exitCode !== undefined
      ? `step ${step.index} (${step.instruction}) failed with exit code ${read.exitCode}`
      : `step ${step.index} (${step.instruction}) failed: ${read?.reason ?? message}`
    : message;
  const log = recorder.log.trim() ? `. The log ends:\n${recorder.tail()}\n` : '';
  return new DockbookError({
    code: 'BUILD_FAILED',
    operation: 'build',
    target: contextDir,
    reason: `${what}${log}`,
    hint,
    command,
    ...(fromEngine ? { daemonMessage: message } : {}),
    ...(cause === undefined ? {} : { cause }),
  });
}

/**
 * Sends the context and records the build's stream; a build the engine refuses outright (e.g. an unparsable Dockerfile)
 * is a failure too.
 */
async function send(
  ctx: Context,
  tar: Readable,
  buildOptions: object,
  recorder: BuildRecorder,
  fail: (failure: Failure) => DockbookError,
): Promise<void> {
  let stream: NodeJS.ReadableStream;
  try {
    stream = await ctx.docker.buildImage(tar, buildOptions);
  } catch (error) {
    const status = (error as { statusCode?: number }).statusCode;
    throw status === 400 || status === 500 ? fail({ message: daemonMessage(error as Error), cause: error }) : error;
  }
  for await (const event of streamEvents(stream)) recorder.add(event);
}

/** What build() takes, checked at its entry. */
export const BUILD_SIGNATURE = signature({
  operation: 'build',
  ctx: true,
  params: [{ name: 'contextDir', shape: nonEmptyString, example: '.' }],
  options: {
    ...CALL_OPTIONS,
    tags,
    dockerfile: nonEmptyString,
    buildArgs: recordOf(string, 'a record of build args { NAME: "value" }'),
    noCache: boolean,
    labels,
    onProgress: func,
  },
  command: 'docker build [OPTIONS] PATH',
  flags: {
    tags: '--tag web:1',
    dockerfile: '--file Dockerfile',
    buildArgs: '--build-arg NAME=value',
    noCache: '--no-cache',
    labels: '--label key=value',
  },
});

/**
 * The build's entries for the image gate: each stage's base image ID (or its reference, when
 * the engine does not have it yet) and first instruction. Undefined if the Dockerfile cannot be read.
 */
async function buildEntries(
  ctx: Context,
  dockerfile: string,
  buildArgs: Record<string, string>,
): Promise<string[] | undefined> {
  let text: string;
  try {
    text = readFileSync(dockerfile, 'utf8');
  } catch {
    return undefined;
  }
  const stages = stageEntries(text, buildArgs);
  if (!stages) return undefined;
  return Promise.all(
    stages.map(async ({ base, instruction }) => {
      const id = await inspectImageSettled(ctx.docker, base).then(
        (image) => image.Id,
        () => base,
      );
      return `${id}|${instruction}`;
    }),
  );
}

/**
 * Builds an image with the classic builder from a context folder (resolved against ctx.cwd),
 * sent as a tar that honours `.dockerignore`. The image carries the session's labels. A stream
 * that reports an error is a BUILD_FAILED, never a success.
 *
 * Defaults: `dockerfile` 'Dockerfile', no tags, no build args, cache used, timeoutMs 600000,
 * onProgress ctx.onProgress.
 *
 * @example
 * const result = await build(ctx, './app', { tags: ['web:v1'], buildArgs: { NODE_ENV: 'production' } });
 * result.steps.every((step) => step.cached); // true on an unchanged rebuild
 */
export async function build(ctx: Context, contextDir: string, options: BuildOptions = {}): Promise<BuildResult> {
  checkArgs(BUILD_SIGNATURE, arguments);
  const {
    tags = [],
    dockerfile = 'Dockerfile',
    buildArgs = {},
    noCache = false,
    labels = {},
    onProgress = ctx.onProgress,
    timeoutMs = 600_000,
    signal,
  } = options;
  const refs = tags.map((tag) => parseTagRef(tag, 'build').full);
  const context = checkContext(ctx.cwd, contextDir, dockerfile);
  const command = buildLine(contextDir, refs, dockerfile, options);
  const allLabels = { ...labels, ...ctx.labels };
  const recorder = new BuildRecorder(onProgress, Object.keys(allLabels).length, ctx.engine.kind);
  const fail = (failure: Failure) => buildFailed(contextDir, command, recorder, failure);
  let started = performance.now();
  // Recorded as in flight, so that no session's image removal prunes the cached layers it stands on;
  // a no-cache build takes the session's lease until its cleanup (see duringBuild).
  // Its time starts once it may run: waiting for another session's removal is not the build's.
  // Builds on one engine take turns: say so when this one waits (another run's build), instead of showing nothing.
  const waiting = setTimeout(
    () => onProgress({ operation: 'build', status: 'waiting for another build on this engine to finish…' }),
    WAITING_NOTICE_MS,
  );
  await duringBuild(
    ctx.docker,
    () => {
      clearTimeout(waiting);
      started = performance.now();
      return engineCall(
        { timeoutMs, signal },
        ctx.timeoutMs,
        { operation: 'build', target: contextDir, command },
        async (abortSignal) => {
          const stop = new AbortController();
          const tar = packContext(context);
          // A context file that cannot be read must end the build, not leave the engine waiting for the rest.
          const unreadable = new Promise<never>((_, reject) =>
            tar.once('error', (error: Error) => {
              stop.abort();
              reject(
                fail({
                  message: `the build context could not be read: ${error.message}`,
                  fromEngine: false,
                  cause: error,
                  hint: 'Check that every file in the context is readable and not being written to.',
                }),
              );
            }),
          );
          // The typings allow one `t`; the engine takes it repeated. Version 1 is the classic builder.
          const buildOptions = {
            t: refs,
            dockerfile: context.dockerfile,
            buildargs: buildArgs,
            labels: buildLabels(ctx.engine.kind, allLabels),
            nocache: noCache,
            rm: true,
            forcerm: true,
            version: '1',
            abortSignal: AbortSignal.any([abortSignal, stop.signal]),
          };
          await Promise.race([unreadable, send(ctx, tar, buildOptions, recorder, fail)]);
        },
      );
    },
    {
      noCache,
      session: ctx.session,
      entries: await buildEntries(ctx, join(context.dir, context.dockerfile), buildArgs),
    },
  ).finally(() => {
    clearTimeout(waiting);
    onProgress({ operation: 'build', status: '', done: true });
  });
  recorder.finish();
  if (recorder.error) throw fail({ message: recorder.error });
  if (!recorder.id) throw fail({ message: 'the engine ended the build without reporting an image', fromEngine: false });
  return new BuildResult({
    id: recorder.id,
    tags: refs,
    steps: stepListing(recorder.dockerfileSteps()),
    durationMs: performance.now() - started,
    log: recorder.log,
  });
}
