import { inspect } from 'node:util';
import { humanSize } from '../display/units.ts';
import { engineCall, type CallOptions } from '../core/call.ts';
import type { Context } from '../core/context.ts';
import { sessionFilter } from '../core/labels.ts';
import { removingImages } from './image-gate.ts';
import { boolean, oneOf } from '../validate/shape.ts';
import { CALL_OPTIONS, checkArgs, signature } from '../validate/signature.ts';

export interface PruneImagesOptions extends CallOptions {
  /** `-a`: every image no container uses, not only dangling ones. */
  all?: boolean;
  /** `session`: this session's images; `course`: those of every dockbook session. Never anyone else's. */
  scope?: 'session' | 'course';
}

/** What a PruneResult is made of: its fields. */
export type PruneResultFields = Pick<PruneResult, 'deleted' | 'spaceReclaimed'>;

/** What a prune removed: the deleted image IDs and the bytes freed. */
export class PruneResult {
  /** Full IDs of the deleted images (and layers), as the engine reports them. */
  readonly deleted: string[];
  readonly spaceReclaimed: number;

  /**
   * From one named object, as execa builds its results.
   *
   * @example
   * new PruneResult({ deleted: ['sha256:…'], spaceReclaimed: 4_194_304 });
   */
  constructor(fields: PruneResultFields) {
    this.deleted = fields.deleted;
    this.spaceReclaimed = fields.spaceReclaimed;
  }

  toString(): string {
    const listed = this.deleted.length
      ? `Deleted Images:\n${this.deleted.map((id) => `deleted: ${id}`).join('\n')}\n\n`
      : '';
    return `${listed}Total reclaimed space: ${humanSize(this.spaceReclaimed)}`;
  }

  [inspect.custom](): string {
    return this.toString();
  }
}

/** What pruneImages() takes, checked at its entry. */
export const PRUNE_IMAGES_SIGNATURE = signature({
  operation: 'pruneImages',
  ctx: true,
  params: [],
  options: { ...CALL_OPTIONS, all: boolean, scope: oneOf('session', 'course') },
  command: 'docker image prune [OPTIONS]',
  flags: { all: '--all' },
});

/**
 * Removes unused images, like `docker image prune`, but only those labelled by this session
 * (or, with scope 'course', by any dockbook session): without `all`, only dangling images;
 * with `all`, every such image no container uses, stopped ones included.
 * Defaults: all false, scope 'session'.
 *
 * @example
 * const pruned = await pruneImages(ctx, { all: true });
 * pruned.spaceReclaimed; // bytes freed
 */
export async function pruneImages(ctx: Context, options: PruneImagesOptions = {}): Promise<PruneResult> {
  checkArgs(PRUNE_IMAGES_SIGNATURE, arguments);
  const { all = false, scope = 'session' } = options;
  // The engine prunes dangling images by default; `dangling=false` makes it prune every unused one.
  const filters = {
    ...sessionFilter(scope === 'session' ? ctx.session : undefined),
    ...(all ? { dangling: ['false'] } : {}),
  };
  const command = `docker image prune${all ? ' -a' : ''} -f --filter label=${filters.label[0]}`;
  const report = await removingImages(ctx.docker, () =>
    engineCall(options, ctx.timeoutMs, { operation: 'image prune', command }, (signal) =>
      ctx.docker.pruneImages({ filters, abortSignal: signal }),
    ),
  );
  const deleted = (report.ImagesDeleted ?? []).flatMap((entry) => (entry.Deleted ? [entry.Deleted] : []));
  return new PruneResult({ deleted, spaceReclaimed: report.SpaceReclaimed ?? 0 });
}
