import { engineCall, type CallOptions } from '../core/call.ts';
import type { CallMeta } from '../core/classify.ts';
import type { DockbookError } from '../errors.ts';
import { courseRegistryHosts } from '../registry/config.ts';
import { blobTraffic, courseRegistryLog, hasManifestPut, logMark, requestsSince } from '../registry/access-log.ts';
import { registryManifestLayers } from '../registry/api.ts';
import { sessionAuth } from '../registry/session-auth.ts';
import type { Context, ProgressEvent, RegistryAuth } from '../core/context.ts';
import { invalid } from '../input/invalid.ts';
import { parseImageRef } from '../input/reference.ts';
import { streamError, streamEvents, type StreamEvent } from '../core/json-stream.ts';
import { inspectImageSettled } from '../core/vanished.ts';
import { PushResult, type PushedLayer } from './push-result.ts';
import { registryError } from './registry-error.ts';
import { registryAuth } from '../validate/common.ts';
import { func, nonEmptyString } from '../validate/shape.ts';
import { CALL_OPTIONS, checkArgs, signature } from '../validate/signature.ts';

export interface PushOptions extends CallOptions {
  /** Credentials for the registry. Default the session's login to the reference's registry, if any. */
  auth?: RegistryAuth;
  /** Receives each progress event of the push. */
  onProgress?: (event: ProgressEvent) => void;
}

const HINTS = {
  UNAUTHORIZED: 'The registry wants a login: call login(registry, { username, password }) first.',
  NOT_FOUND: 'There is no local image by that name: tag it first, e.g. tag(image, "127.0.0.1:5001/name:tag").',
  fallback: 'The registry did not take the image: check that it runs (`dockbook registry status`) and has disk space.',
};

function pushError(ref: string, message: string, cause?: unknown): DockbookError {
  return registryError('push', ref, message, HINTS, cause);
}

function layerStatus(event: StreamEvent): Omit<PushedLayer, 'id'> | undefined {
  if (event.status === 'Pushed') return { status: 'pushed' };
  if (event.status === 'Layer already exists') return { status: 'exists' };
  const mounted = /^Mounted from (.+)$/.exec(event.status ?? '');
  return mounted ? { status: 'mounted', from: mounted[1]! } : undefined;
}

/** What push() takes, checked at its entry. */
export const PUSH_SIGNATURE = signature({
  operation: 'push',
  ctx: true,
  params: [{ name: 'ref', shape: nonEmptyString, example: '127.0.0.1:5000/web:1' }],
  options: { ...CALL_OPTIONS, auth: registryAuth, onProgress: func },
  command: 'docker push NAME[:TAG]',
});

/**
 * Pushes an image to its registry, like `docker push`, following the progress to the end: an
 * error in the stream is a failure (UNAUTHORIZED without a valid login, NOT_FOUND for a name
 * with no local image, PUSH_FAILED otherwise). The result lists each layer as pushed, already
 * there, or mounted from another repository, and gives the manifest digest. An engine that streams no layer while it
 * pushes (Podman's Docker-compatible push) is read from the registry's side: for the course's own registries, what
 * their access log shows the push did with each layer; a push elsewhere then lists no layer (nothing is known).
 * Defaults: tag `latest`, auth the session's login for the registry, timeoutMs 600000,
 * onProgress ctx.onProgress. What it pushes to the course's own registries (127.0.0.1:5000 and
 * :5001) is deleted from them again by the session's cleanup; a push anywhere else is never.
 *
 * @example
 * await login(ctx, '127.0.0.1:5001', credentials);
 * const pushed = await push(ctx, '127.0.0.1:5001/web:v1');
 * pushed.counts; // { pushed: 1, exists: 1, mounted: 0 }
 */
export async function push(ctx: Context, ref: string, options: PushOptions = {}): Promise<PushResult> {
  checkArgs(PUSH_SIGNATURE, arguments);
  const parsed = parseImageRef(ref, 'push');
  if (parsed.digest)
    throw invalid(
      'push',
      ref,
      'a push names a tag, not a digest',
      'Push name:tag, e.g. 127.0.0.1:5001/web:v1.',
      `docker push ${ref}`,
    );
  const {
    auth = sessionAuth(ctx, parsed.registry ?? 'docker.io'),
    onProgress = ctx.onProgress,
    timeoutMs = 600_000,
    signal,
  } = options;
  const meta: CallMeta = {
    operation: 'push',
    target: parsed.full,
    command: `docker push ${parsed.full}`,
    hints: HINTS,
  };
  const repository = parsed.registry ? `${parsed.registry}/${parsed.repository}` : parsed.repository;
  const layers = new Map<string, PushedLayer>();
  let digest = '';
  let failure: string | undefined;
  const log = parsed.registry ? courseRegistryLog(parsed.registry) : undefined;
  const mark = log === undefined ? undefined : logMark(log);
  await engineCall({ timeoutMs, signal }, ctx.timeoutMs, meta, async (abortSignal) => {
    // The engine wants an auth header even for an anonymous push: an empty one then.
    const stream = await ctx.docker
      .getImage(repository)
      .push({ tag: parsed.tag ?? 'latest', authconfig: auth ?? {}, abortSignal } as object);
    for await (const event of streamEvents(stream)) {
      failure ??= streamError(event);
      if (event.status === undefined) continue;
      onProgress({
        operation: 'push',
        status: event.status,
        ...(event.id ? { id: event.id } : {}),
        ...(event.progress ? { progress: event.progress } : {}),
      });
      const done = layerStatus(event);
      if (event.id && done) layers.set(event.id, { id: event.id, ...done });
      digest = /digest: (sha256:[0-9a-f]{64})/.exec(event.status)?.[1] ?? digest;
    }
  }).finally(() => onProgress({ operation: 'push', status: '', done: true }));
  if (failure) throw pushError(parsed.full, failure);
  // An engine that streamed no layer (Podman's Docker-compatible push): what the course's registry saw, if it is one.
  const reported =
    layers.size === 0 && digest && log !== undefined && mark !== undefined
      ? await layersFromRegistry(ctx, parsed, { digest, auth, log, mark })
      : [...layers.values()];
  // Only the course's own registries: cleanup never deletes what is pushed anywhere else.
  if (digest && parsed.registry && courseRegistryHosts().includes(parsed.registry)) {
    ctx.pushed.push({ registry: parsed.registry, repository: parsed.repository, digest });
  }
  return new PushResult({ ref: parsed.full, digest, layers: reported });
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Each layer of a pushed image as the course's registry saw the push, from its access log since `mark`: uploaded,
 * mounted from another repository, or found there already; by its short layer ID (the diff ID, as Docker's push names
 * it). Empty when the log does not show the push's end (its manifest PUT) within a few seconds, or the manifest cannot
 * be read: then nothing is known, and nothing is claimed.
 */
async function layersFromRegistry(
  ctx: Context,
  parsed: ReturnType<typeof parseImageRef>,
  push: { digest: string; auth: RegistryAuth | undefined; log: string; mark: number },
): Promise<PushedLayer[]> {
  const { digest, auth, log, mark } = push;
  const registry = parsed.registry!;
  const tag = parsed.tag ?? 'latest';
  let requests = requestsSince(log, mark);
  for (const deadline = Date.now() + 3000; !hasManifestPut(requests, parsed.repository, tag);) {
    if (Date.now() > deadline) return [];
    await sleep(25);
    requests = requestsSince(log, mark);
  }
  // With the push's own credentials (a private registry's manifests are read with a login).
  const blobs = await registryManifestLayers(registry, parsed.repository, digest, auth).catch(() => undefined);
  if (!blobs) return [];
  const diffIds: string[] =
    (await inspectImageSettled(ctx.docker, parsed.full)
      .then((image) => image.RootFS?.Layers)
      .catch(() => undefined)) ?? [];
  const traffic = blobTraffic(requests, parsed.repository);
  return blobs.map((blob, i) => {
    const id = (diffIds.length === blobs.length ? diffIds[i]! : blob).replace(/^sha256:/, '').slice(0, 12);
    return { id, ...(traffic.get(blob) ?? { status: 'exists' as const }) };
  });
}
