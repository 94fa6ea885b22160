import { engineCall, type CallOptions } from '../core/call.ts';
import { classifyCode, daemonMessage, type CallMeta } from '../core/classify.ts';
import type { DockbookError } from '../errors.ts';
import { sessionAuth } from '../registry/session-auth.ts';
import type { Context, ProgressEvent, RegistryAuth } from '../core/context.ts';
import { familiarRef, parseImageRef } from '../input/reference.ts';
import { streamError, streamEvents } from '../core/json-stream.ts';
import { inspectImageSettled } from '../core/vanished.ts';
import { PullResult, type PulledLayer } from './pull-result.ts';
import { registryError } from './registry-error.ts';
import { hubUnreachable, offlinePullError } from './pull-offline.ts';
import { registryAuth } from '../validate/common.ts';
import { func, nonEmptyString } from '../validate/shape.ts';
import { CALL_OPTIONS, checkArgs, signature } from '../validate/signature.ts';

export type { RegistryAuth } from '../core/context.ts';

export interface PullOptions extends CallOptions {
  /** Credentials for the registry. Default the session's login to the reference's registry, if any. */
  auth?: RegistryAuth;
  /** Receives each progress event of the pull. */
  onProgress?: (event: ProgressEvent) => void;
}

/** What pull() takes, checked at its entry. */
export const PULL_SIGNATURE = signature({
  operation: 'pull',
  ctx: true,
  params: [{ name: 'ref', shape: nonEmptyString, example: 'busybox' }],
  options: { ...CALL_OPTIONS, auth: registryAuth, onProgress: func },
  command: 'docker pull NAME[:TAG|@DIGEST]',
});

const HINTS = {
  NOT_FOUND: 'Check the name and tag: the registry has no such image.',
  UNAUTHORIZED: 'The registry wants credentials: pass auth, or log in first.',
  fallback:
    'The registry could not serve the image: check that it runs, is reachable from the engine and holds the image ' +
    'intact.',
};

function pullError(ref: string, message: string, cause?: unknown): DockbookError {
  return registryError('pull', ref, message, HINTS, cause);
}

/**
 * Pulls an image, like `docker pull`, following its progress to the end: an error in the
 * stream is a failure (NOT_FOUND, UNAUTHORIZED or PULL_FAILED), never a success. A name the
 * session did not have before is removed again by its cleanup.
 * Defaults: tag `latest`, auth the session's login for the registry (see login), timeoutMs
 * 600000, onProgress ctx.onProgress.
 *
 * @example
 * const result = await pull(ctx, 'localhost:5000/web:v1');
 * result.status; // 'pulled', or 'up to date' the second time
 */
export async function pull(ctx: Context, ref: string, options: PullOptions = {}): Promise<PullResult> {
  checkArgs(PULL_SIGNATURE, arguments);
  const parsed = parseImageRef(ref, 'pull');
  const {
    auth = sessionAuth(ctx, parsed.registry ?? 'docker.io'),
    onProgress = ctx.onProgress,
    timeoutMs = 600_000,
    signal,
  } = options;
  const meta: CallMeta = {
    operation: 'pull',
    target: parsed.full,
    command: `docker pull ${parsed.full}`,
    hints: HINTS,
  };
  const fromImage = parsed.registry ? `${parsed.registry}/${parsed.repository}` : parsed.repository;
  const layers = new Map<string, string>();
  let digest = '';
  let status: PullResult['status'] | undefined;
  let failure: string | undefined;
  const ended = () => onProgress({ operation: 'pull', status: '', done: true });
  const id = await engineCall({ timeoutMs, signal }, ctx.timeoutMs, meta, async (abortSignal) => {
    const before = await inspectImageSettled(ctx.docker, parsed.full, { signal: abortSignal }).then(
      (image) => image.Id,
      () => undefined,
    );
    const stream = await ctx.docker
      .createImage(auth, { fromImage, tag: parsed.digest ?? parsed.tag ?? 'latest', abortSignal })
      .catch(async (error: unknown) => {
        const code = classifyCode(error as Error);
        const message = daemonMessage(error as Error);
        // Docker Hub out of reach (the mirror lacked the image): say so, not a DNS error.
        if (hubUnreachable(parsed, message)) throw await offlinePullError(ctx.docker, parsed, message, error);
        throw code === 'ENGINE_ERROR' || code === 'INVALID_ARGUMENT' ? pullError(parsed.full, message, error) : error;
      });
    for await (const event of streamEvents(stream)) {
      failure ??= streamError(event);
      if (event.status === undefined) continue;
      onProgress({
        operation: 'pull',
        status: event.status,
        ...(event.id ? { id: event.id } : {}),
        ...(event.progress ? { progress: event.progress } : {}),
      });
      if (event.id && !event.status.startsWith('Pulling from')) layers.set(event.id, event.status);
      digest = /^Digest: (\S+)/.exec(event.status)?.[1] ?? digest;
      if (event.status.startsWith('Status: '))
        status = /^Status: Image is up to date/.test(event.status) ? 'up to date' : 'pulled';
    }
    if (failure)
      throw hubUnreachable(parsed, failure)
        ? await offlinePullError(ctx.docker, parsed, failure)
        : pullError(parsed.full, failure);
    const image = await inspectImageSettled(ctx.docker, parsed.full, { signal: abortSignal });
    if (before === undefined) ctx.addedImageRefs.add(parsed.full);
    // Podman (4.3) prints no `Digest:` and no `Status:` line. Its RepoDigests pair every name with every manifest
    // digest the image is known by, so the one served is known only when the repository has a single digest;
    // otherwise ''. The pull was up to date when the name already named this image.
    const digests = new Set(
      (image.RepoDigests ?? [])
        .filter((d) => familiarRef(d).startsWith(`${familiarRef(fromImage)}@`))
        .map((d) => d.split('@')[1]),
    );
    if (!digest && digests.size === 1) digest = [...digests][0]!;
    status ??= before === image.Id ? 'up to date' : 'pulled';
    return image.Id;
  }).finally(ended);
  const pulledLayers: PulledLayer[] = [...layers].map(([layer, last]) => ({ id: layer, status: last }));
  return new PullResult({ ref: parsed.full, id, digest, status: status ?? 'pulled', layers: pulledLayers });
}
