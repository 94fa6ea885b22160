import { inspect } from 'node:util';
import { engineCall, type CallOptions } from '../core/call.ts';
import { resolveImage, type ImageLike } from '../core/resolve.ts';
import { DockbookError, isDockbookError } from '../errors.ts';
import type { Context } from '../core/context.ts';
import { removingImages } from './image-gate.ts';
import { fullImageId } from '../display/ids.ts';
import { familiarRef } from '../input/reference.ts';
import { anyOf, arrayOf, boolean } from '../validate/shape.ts';
import { CALL_OPTIONS, checkArgs, imageLike, signature } from '../validate/signature.ts';

export interface RmiOptions extends CallOptions {
  /** `-f`: remove it even when a container uses it or it has several names. */
  force?: boolean;
}

/** What an RmiResult is made of: its fields. */
export type RmiResultFields = Pick<RmiResult, 'untagged' | 'deleted'>;

/** The names removed and the images (and their untagged parents) deleted, as `docker rmi` reports them. */
export class RmiResult {
  readonly untagged: string[];
  /** Full image IDs. */
  readonly deleted: string[];

  /**
   * From one named object, as execa builds its results.
   *
   * @example
   * new RmiResult({ untagged: ['web:v1'], deleted: ['sha256:…'] });
   */
  constructor(fields: RmiResultFields) {
    this.untagged = fields.untagged;
    this.deleted = fields.deleted;
  }

  toString(): string {
    return [...this.untagged.map((ref) => `Untagged: ${ref}`), ...this.deleted.map((id) => `Deleted: ${id}`)].join(
      '\n',
    );
  }

  [inspect.custom](): string {
    return this.toString();
  }
}

const IN_USE =
  'A container uses it, and a stopped one counts: remove that container first (rm), or force it with { force: true }.';
const SEVERAL_NAMES = 'It has several names: remove them by name, or force it with { force: true }.';

/** The engine's conflict, with advice that fits it: a container uses the image, or it has several names. */
function withConflictHint(error: unknown): unknown {
  if (!isDockbookError(error, 'IMAGE_IN_USE')) return error;
  const { code, operation, target, reason, command, daemonMessage, statusCode, cause } = error;
  // Docker: `image is referenced in multiple repositories`; Podman: `by ID with more than one tag`.
  const hint = /multiple repositories|more than one tag/.test(daemonMessage ?? '') ? SEVERAL_NAMES : IN_USE;
  return new DockbookError({
    code,
    operation,
    ...(target ? { target } : {}),
    reason,
    hint,
    command,
    ...(daemonMessage ? { daemonMessage } : {}),
    ...(statusCode ? { statusCode } : {}),
    cause,
  });
}

/** What rmi() takes, checked at its entry. */
export const RMI_SIGNATURE = signature({
  operation: 'rmi',
  ctx: true,
  params: [
    {
      name: 'refs',
      shape: anyOf(
        [imageLike, arrayOf(imageLike)],
        'an image (reference, ID or a value with an id) or an array of them',
      ),
      example: 'web:1',
    },
  ],
  options: { ...CALL_OPTIONS, force: boolean },
  command: 'docker rmi [OPTIONS] IMAGE [IMAGE...]',
  flags: { force: '--force' },
});

/**
 * Removes one or several images, like `docker rmi`: a name is untagged, and the image is
 * deleted once no name is left. Stops at the first that fails: an image a container uses
 * (even a stopped one) fails with IMAGE_IN_USE. Default `force` false.
 *
 * @example
 * const removed = await rmi(ctx, ['web:v1', 'web:v2']);
 * removed.untagged; // ['web:v1', 'web:v2']
 */
export async function rmi(ctx: Context, refs: ImageLike | ImageLike[], options: RmiOptions = {}): Promise<RmiResult> {
  checkArgs(RMI_SIGNATURE, arguments);
  const { force = false } = options;
  const result = new RmiResult({ untagged: [], deleted: [] });
  for (const ref of [refs].flat()) {
    const target = await resolveImage(ctx, ref, 'rmi', options);
    const command = `docker rmi${force ? ' -f' : ''} ${target}`;
    const meta = { operation: 'rmi', target, command };
    const report = await removingImages(ctx.docker, (prune) =>
      engineCall(options, ctx.timeoutMs, meta, (signal) =>
        ctx.docker.getImage(target).remove({ force, noprune: !prune, abortSignal: signal }),
      ),
    ).catch((error: unknown) => {
      throw withConflictHint(error);
    });
    // Podman: full names (docker.io/library/…), IDs without `sha256:`, and the deleted before the untagged.
    const entries = report as Array<{ Untagged?: string; Deleted?: string }>;
    for (const entry of entries) if (entry.Untagged) result.untagged.push(familiarRef(entry.Untagged));
    for (const entry of entries) if (entry.Deleted) result.deleted.push(fullImageId(entry.Deleted));
  }
  for (const ref of result.untagged) ctx.addedImageRefs.delete(ref);
  return result;
}
