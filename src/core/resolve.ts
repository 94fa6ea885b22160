import { DockbookError } from '../errors.ts';
import { listImagesSettled } from './list-images.ts';
import type { Context } from './context.ts';
import { familiarRef, parseImageRef } from '../input/reference.ts';
import { engineCall, type CallOptions } from './call.ts';

const HEX = /^(?:sha256:)?[0-9a-f]{1,64}$/;

/** Anything that names a container: a name, an ID or unique ID prefix, or a value with an `id`. */
export type ContainerRef = string | { id: string };
/** Anything that names an image: `name[:tag]`, an ID or unique ID prefix, or a value with an `id`. */
export type ImageLike = string | { id: string };

function pick(operation: string, kind: string, ref: string, matches: string[], command: string): string {
  if (matches.length === 1) return matches[0]!;
  if (matches.length === 0) {
    throw new DockbookError({
      code: 'NOT_FOUND',
      operation,
      target: `${kind} "${ref}"`,
      reason: `no ${kind} has that name or ID`,
      hint: `List them with \`docker ${kind === 'image' ? 'images' : 'ps -a'}\`.`,
      command,
    });
  }
  const shown = matches
    .slice(0, 5)
    .map((id) => id.replace('sha256:', '').slice(0, 12))
    .join(', ');
  throw new DockbookError({
    code: 'AMBIGUOUS_PREFIX',
    operation,
    target: `${kind} "${ref}"`,
    reason: `the prefix matches ${matches.length} ${kind}s (${shown}${matches.length > 5 ? ', …' : ''})`,
    hint: 'Give more characters of the ID, or the name.',
    command,
  });
}

/**
 * Resolves a container name, full ID or unique ID prefix to its full ID. An ambiguous prefix
 * fails with AMBIGUOUS_PREFIX listing the candidates; an unknown one with NOT_FOUND.
 */
export async function resolveContainer(
  ctx: Context,
  ref: ContainerRef,
  operation: string,
  options: CallOptions = {},
): Promise<string> {
  if (typeof ref !== 'string') return ref.id;
  const command = `docker ${operation} ${ref}`;
  if (!HEX.test(ref) || ref.length === 64) return ref;
  const all = await engineCall(options, ctx.timeoutMs, { operation, target: ref, command }, (signal) =>
    ctx.docker.listContainers({ all: true, abortSignal: signal }),
  );
  const named = all.find((c) => c.Names.includes(`/${ref}`));
  if (named) return named.Id;
  return pick(
    operation,
    'container',
    ref,
    all.filter((c) => c.Id.startsWith(ref)).map((c) => c.Id),
    command,
  );
}

/**
 * Resolves an image reference to what the engine should be given: a name gets `:latest` when
 * it has no tag (and is validated first); an ID or unique ID prefix becomes the full ID.
 */
export async function resolveImage(
  ctx: Context,
  ref: ImageLike,
  operation: string,
  options: CallOptions = {},
): Promise<string> {
  if (typeof ref !== 'string') return ref.id;
  if (!HEX.test(ref)) return parseImageRef(ref, operation).full;
  const command = `docker ${operation} ${ref}`;
  const images = await engineCall(options, ctx.timeoutMs, { operation, target: ref, command }, (signal) =>
    listImagesSettled(ctx.docker, { all: true, abortSignal: signal }),
  );
  // A hex-looking name (e.g. an image tagged "cafe") wins over an ID prefix, as in the CLI.
  if (images.some((image) => image.RepoTags?.map(familiarRef).includes(`${ref}:latest`))) return `${ref}:latest`;
  const prefix = ref.startsWith('sha256:') ? ref : `sha256:${ref}`;
  return pick(
    operation,
    'image',
    ref,
    [...new Set(images.filter((i) => i.Id.startsWith(prefix)).map((i) => i.Id))],
    command,
  );
}
