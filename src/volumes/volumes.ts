import type Docker from 'dockerode';
import { engineCall, type CallOptions } from '../core/call.ts';
import { printable, type Printable } from '../display/printable.ts';
import { Listing } from '../display/table.ts';
import { humanSize } from '../display/units.ts';
import { compareApiVersions } from '../core/connect.ts';
import type { Context } from '../core/context.ts';
import { sessionFilter } from '../core/labels.ts';
import { checkVolumeName } from '../input/names.ts';
import { toVolume, type Volume } from './value.ts';
import { labels as labelsShape } from '../validate/common.ts';
import { anyOf, arrayOf, boolean, nonEmptyString, oneOf } from '../validate/shape.ts';
import { CALL_OPTIONS, checkArgs, signature } from '../validate/signature.ts';

export interface CreateVolumeOptions extends CallOptions {
  /** `--label`, on top of the session's labels (which every volume carries). */
  labels?: Record<string, string>;
}

/** What createVolume() takes, checked at its entry. */
export const CREATE_VOLUME_SIGNATURE = signature({
  operation: 'createVolume',
  ctx: true,
  params: [{ name: 'name', shape: nonEmptyString, optional: true, example: 'data' }],
  options: { ...CALL_OPTIONS, labels: labelsShape },
  command: 'docker volume create [OPTIONS] [VOLUME]',
  flags: { labels: '--label key=value' },
});

/**
 * Creates a named volume (or, without a name, one the engine names with 64 hex characters),
 * as `docker volume create`, always carrying the session's labels. As with the engine, a name
 * that already exists gives back that volume unchanged.
 *
 * @example
 * const v = await createVolume(ctx, 'feedback'); // docker volume create feedback
 * v.mountpoint; // '/var/lib/docker/volumes/feedback/_data'
 */
export async function createVolume(
  ctx: Context,
  name?: string,
  options: CreateVolumeOptions = {},
): Promise<Printable<Volume>> {
  checkArgs(CREATE_VOLUME_SIGNATURE, arguments);
  const { labels = {} } = options;
  if (name !== undefined) checkVolumeName(name);
  const flags = Object.entries(labels)
    .map(([k, v]) => ` --label ${k}=${v}`)
    .join('');
  const command = `docker volume create${flags}${name ? ` ${name}` : ''}`;
  const info = await engineCall(
    options,
    ctx.timeoutMs,
    { operation: 'volume create', target: `volume "${name ?? '(anonymous)'}"`, command },
    (signal) =>
      ctx.docker
        .createVolume({ ...(name ? { Name: name } : {}), Labels: { ...labels, ...ctx.labels }, abortSignal: signal })
        .then((volume) => volume.inspect({ abortSignal: signal })),
  );
  return toVolume(info);
}

export interface VolumesOptions extends CallOptions {
  /** `session` (default): only this session's volumes; `all`: every volume on the engine. */
  scope?: 'session' | 'all';
}

/** What volumes() takes, checked at its entry. */
export const VOLUMES_SIGNATURE = signature({
  operation: 'volumes',
  ctx: true,
  params: [],
  options: { ...CALL_OPTIONS, scope: oneOf('session', 'all') },
  command: 'docker volume ls [OPTIONS]',
});

/**
 * Lists volumes with the columns of `docker volume ls` (DRIVER, VOLUME NAME), this session's
 * only unless `scope: 'all'`.
 *
 * @example
 * (await volumes(ctx)).map((v) => v.name) // docker volume ls --filter label=dockbook.session=…
 */
export async function volumes(ctx: Context, options: VolumesOptions = {}): Promise<Listing<Volume>> {
  checkArgs(VOLUMES_SIGNATURE, arguments);
  const { scope = 'session' } = options;
  const filters: Record<string, string[]> = scope === 'session' ? sessionFilter(ctx.session) : {};
  const command = `docker volume ls${filters.label ? ` --filter label=${filters.label[0]}` : ''}`;
  const answer = await engineCall(options, ctx.timeoutMs, { operation: 'volume ls', command }, (signal) =>
    ctx.docker.listVolumes({ filters, abortSignal: signal }),
  );
  const rows = (answer.Volumes ?? [])
    .map((v) => toVolume(v as Docker.VolumeInspectInfo))
    .sort((a, b) => a.name.localeCompare(b.name));
  return Listing.create(
    [
      { header: 'DRIVER', value: (v) => v.driver },
      { header: 'VOLUME NAME', value: (v) => v.name },
    ],
    rows,
  );
}

export interface RmVolumeOptions extends CallOptions {
  /** `-f`: a volume that does not exist is not an error. A volume in use is refused even so. Default false. */
  force?: boolean;
}

export interface RmVolumeResult {
  removed: string[];
}

/** DELETE /volumes/{name}?force=…: dockerode's Volume.remove drops its query, and with it `force`. */
function removeVolume(ctx: Context, name: string, force: boolean, signal: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    ctx.docker.modem.dial(
      {
        path: `/volumes/${encodeURIComponent(name)}?`,
        method: 'DELETE',
        options: { force },
        abortSignal: signal,
        statusCodes: { 204: true, 404: 'no such volume', 409: 'conflict', 500: 'server error' },
      },
      (error) => (error ? reject(error) : resolve()),
    );
  });
}

/** What rmVolume() takes, checked at its entry. */
export const RM_VOLUME_SIGNATURE = signature({
  operation: 'rmVolume',
  ctx: true,
  params: [
    {
      name: 'names',
      shape: anyOf([nonEmptyString, arrayOf(nonEmptyString)], 'a volume name (a non-empty string) or an array of them'),
      example: 'data',
    },
  ],
  options: { ...CALL_OPTIONS, force: boolean },
  command: 'docker volume rm [OPTIONS] VOLUME [VOLUME...]',
  flags: { force: '--force' },
});

/**
 * Removes one or several volumes, as `docker volume rm`. A volume that a container (even a
 * stopped one) mounts is refused with VOLUME_IN_USE; remove that container first. Each volume
 * is tried in turn and the first failure is thrown after the others were tried, as the CLI does.
 *
 * @example
 * await rmVolume(ctx, ['feedback', 'cache']); // docker volume rm feedback cache
 */
export async function rmVolume(
  ctx: Context,
  names: string | string[],
  options: RmVolumeOptions = {},
): Promise<Printable<RmVolumeResult>> {
  checkArgs(RM_VOLUME_SIGNATURE, arguments);
  const { force = false } = options;
  const removed: string[] = [];
  const failures: unknown[] = [];
  for (const name of Array.isArray(names) ? names : [names]) {
    const hints = {
      VOLUME_IN_USE:
        'A container (running or stopped) still mounts it: remove that container first (rm), then the volume.',
    };
    const meta = {
      operation: 'volume rm',
      target: `volume "${name}"`,
      command: `docker volume rm${force ? ' -f' : ''} ${name}`,
      hints,
    };
    try {
      await engineCall(options, ctx.timeoutMs, meta, (signal) => removeVolume(ctx, name, force, signal));
      removed.push(name);
    } catch (error) {
      failures.push(error);
    }
  }
  if (failures.length) throw failures[0];
  return printable({ removed }, (r) => `removed ${r.removed.length ? r.removed.join(', ') : 'no volume'}`);
}

export interface PruneVolumesOptions extends CallOptions {
  /**
   * `session` (default): this session's volumes; `all`: the volumes of every dockbook session. Never any other volume.
   */
  scope?: 'session' | 'all';
}

export interface PruneVolumesResult {
  deleted: string[];
  /** Bytes freed, as the engine counts them. */
  spaceReclaimed: number;
}

/** What pruneVolumes() takes, checked at its entry. */
export const PRUNE_VOLUMES_SIGNATURE = signature({
  operation: 'pruneVolumes',
  ctx: true,
  params: [],
  options: { ...CALL_OPTIONS, scope: oneOf('session', 'all') },
  command: 'docker volume prune [OPTIONS]',
});

/**
 * Removes the unused volumes (no container, running or stopped, mounts them), as
 * `docker volume prune`, but only volumes dockbook labelled: this session's, or with
 * `scope: 'all'` every session's. The user's own volumes are never touched. Named and
 * anonymous volumes alike, on every API version.
 *
 * @example
 * const r = await pruneVolumes(ctx); // docker volume prune -f --filter label=dockbook.session=…
 * r.deleted; // ['feedback']
 */
export async function pruneVolumes(
  ctx: Context,
  options: PruneVolumesOptions = {},
): Promise<Printable<PruneVolumesResult>> {
  checkArgs(PRUNE_VOLUMES_SIGNATURE, arguments);
  const { scope = 'session' } = options;
  const label = sessionFilter(scope === 'session' ? ctx.session : undefined).label;
  // From API 1.42 prune keeps named volumes unless asked for all; 1.41 has no such filter and prunes all.
  const all = compareApiVersions(ctx.engine.apiVersion, '1.42') >= 0;
  const filters: Record<string, string[]> = { label, ...(all ? { all: ['true'] } : {}) };
  const command = `docker volume prune -f${all ? ' -a' : ''} --filter label=${label[0]}`;
  const answer = await engineCall(options, ctx.timeoutMs, { operation: 'volume prune', command }, (signal) =>
    ctx.docker.pruneVolumes({ filters, abortSignal: signal }),
  );
  const result = { deleted: answer.VolumesDeleted ?? [], spaceReclaimed: answer.SpaceReclaimed ?? 0 };
  return printable(
    result,
    (r) =>
      `deleted ${r.deleted.length} ` +
      `volume${r.deleted.length === 1 ? '' : 's'}${r.deleted.length ? ` (${r.deleted.join(', ')})` : ''}, ` +
      `reclaimed ${humanSize(r.spaceReclaimed)}`,
  );
}
