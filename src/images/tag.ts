import { inspect } from 'node:util';
import { shortId } from '../display/ids.ts';
import { engineCall, type CallOptions } from '../core/call.ts';
import { resolveImage, type ImageLike } from '../core/resolve.ts';
import { inspectImageSettled } from '../core/vanished.ts';
import type { Context } from '../core/context.ts';
import { parseTagRef } from '../input/reference.ts';
import { nonEmptyString } from '../validate/shape.ts';
import { CALL_OPTIONS, checkArgs, imageLike, signature } from '../validate/signature.ts';

/** What a TagResult is made of: its fields. */
export type TagResultFields = Pick<TagResult, 'id' | 'ref'>;

/** The new name and the image it now names. */
export class TagResult {
  /** The full ID of the image, `sha256:…`. */
  readonly id: string;
  /** The new name, with its tag (`web:v2`). */
  readonly ref: string;

  /**
   * From one named object, as execa builds its results.
   *
   * @example
   * new TagResult({ id: 'sha256:…', ref: 'web:v2' });
   */
  constructor(fields: TagResultFields) {
    this.id = fields.id;
    this.ref = fields.ref;
  }

  toString(): string {
    return `${this.ref} -> ${shortId(this.id)}`;
  }

  [inspect.custom](): string {
    return this.toString();
  }
}

/** What tag() takes, checked at its entry. */
export const TAG_SIGNATURE = signature({
  operation: 'tag',
  ctx: true,
  params: [
    { name: 'source', shape: imageLike, example: 'busybox' },
    { name: 'target', shape: nonEmptyString, example: 'web:1' },
  ],
  options: CALL_OPTIONS,
  command: 'docker tag SOURCE_IMAGE TARGET_IMAGE',
});

/**
 * Gives an image a further name, like `docker tag`: a second name for the same image, not a
 * rename. The new name is validated before any call and removed again by the session's cleanup.
 *
 * @example
 * const tagged = await tag(ctx, 'web:v1', 'localhost:5000/web:v1');
 * tagged.id === (await inspectImage(ctx, 'web:v1')).id; // true
 */
export async function tag(
  ctx: Context,
  source: ImageLike,
  target: string,
  options: CallOptions = {},
): Promise<TagResult> {
  checkArgs(TAG_SIGNATURE, arguments);
  const parsed = parseTagRef(target, 'tag');
  const from = await resolveImage(ctx, source, 'tag', options);
  const repo = parsed.registry ? `${parsed.registry}/${parsed.repository}` : parsed.repository;
  const meta = {
    operation: 'tag',
    target: typeof source === 'string' ? source : source.id,
    command: `docker tag ${from} ${parsed.full}`,
  };
  const id = await engineCall(options, ctx.timeoutMs, meta, async (signal) => {
    await ctx.docker.getImage(from).tag({ repo, tag: parsed.tag ?? 'latest', abortSignal: signal });
    return (await inspectImageSettled(ctx.docker, parsed.full, { signal })).Id;
  });
  ctx.addedImageRefs.add(parsed.full);
  return new TagResult({ id, ref: parsed.full });
}
