import { inspect } from 'node:util';
import type Docker from 'dockerode';
import { fullImageId } from '../display/ids.ts';
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
  /** Full IDs (`sha256:…`, on every engine) of the deleted images, and of their untagged parents. */
  readonly deleted: string[];
  /**
   * Bytes freed, as the engine counts them: Docker the layers it deleted, Podman (4.3) the whole size of every image it
   * deleted, shared layers counted once per image.
   */
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

/** What an engine's prune answer comes to: the deleted IDs (`sha256:…`) and the bytes it counts as freed. */
interface PruneReport {
  deleted: string[];
  spaceReclaimed: number;
}

/** The Engine API's prune (`POST /images/prune`); `dangling: ["false"]` makes Docker's prune every unused image. */
async function dockerPrune(
  docker: Docker,
  filters: Record<string, string[]>,
  signal: AbortSignal,
): Promise<PruneReport> {
  const report = await docker.pruneImages({ filters, abortSignal: signal });
  return {
    // Podman's compat prune gives the IDs without `sha256:`.
    deleted: (report.ImagesDeleted ?? []).flatMap((entry) => (entry.Deleted ? [fullImageId(entry.Deleted)] : [])),
    spaceReclaimed: report.SpaceReclaimed ?? 0,
  };
}

/**
 * Podman's own prune of every unused image (`POST /libpod/images/prune?all=true`): its Docker-compatible prune (4.3)
 * always adds `dangling=true` to the filters it is given, so it never prunes a tagged image, and refuses Docker's
 * `dangling=false` ("specifying "dangling" filter more than once with different values is not supported").
 */
async function podmanPruneAll(
  docker: Docker,
  filters: Record<string, string[]>,
  signal: AbortSignal,
): Promise<PruneReport> {
  const reports = await new Promise<Array<{ Id: string; Size?: number; Err?: unknown }> | null>((resolve, reject) => {
    docker.modem.dial(
      {
        path: '/libpod/images/prune?',
        method: 'POST',
        abortSignal: signal,
        statusCodes: { 200: true, 400: 'bad parameter', 500: 'server error' },
        options: { all: true, filters: JSON.stringify(filters) },
      },
      (error: unknown, data: unknown) => (error ? reject(error) : resolve(data as never)),
    );
  });
  const failed = (reports ?? []).filter((r) => r.Err);
  if (failed.length) throw new Error(failed.map((r) => `${r.Id}: ${JSON.stringify(r.Err)}`).join('; '));
  return {
    deleted: (reports ?? []).map((r) => fullImageId(r.Id)),
    spaceReclaimed: (reports ?? []).reduce((sum, r) => sum + (r.Size ?? 0), 0),
  };
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
      all && ctx.engine.kind === 'podman'
        ? podmanPruneAll(ctx.docker, sessionFilter(scope === 'session' ? ctx.session : undefined), signal)
        : dockerPrune(ctx.docker, filters, signal),
    ),
  );
  return new PruneResult(report);
}
