import type Docker from 'dockerode';
import { shortId } from '../display/ids.ts';
import { Listing } from '../display/table.ts';
import { humanDuration, humanSize } from '../display/units.ts';
import { engineCall, type CallOptions } from '../core/call.ts';
import type { Context } from '../core/context.ts';
import { sessionFilter } from '../core/labels.ts';
import { listImagesSettled } from '../core/list-images.ts';
import { familiarRef } from '../input/reference.ts';
import { boolean, oneOf, string } from '../validate/shape.ts';
import { CALL_OPTIONS, checkArgs, signature } from '../validate/signature.ts';

/** One row of `docker images`: one repository:tag of an image (an untagged one shows `<none>`). */
export interface ImageRow {
  /** The full ID, `sha256:…`. */
  id: string;
  /** The 12 hex characters the CLI shows. */
  shortId: string;
  repository: string;
  tag: string;
  /** `repository:tag`, or the full ID for an untagged image: what to pass to other operations. */
  ref: string;
  created: Date;
  /** Bytes. */
  size: number;
  labels: Record<string, string>;
}

export interface ImagesOptions extends CallOptions {
  /** `session`: the images this session built; `all`: every image on the engine. */
  scope?: 'session' | 'all';
  /** Only images whose name matches, like `docker images node` (a `*` pattern works too). */
  reference?: string;
  /** true: only dangling images (`-f dangling=true`); false: none of them. */
  dangling?: boolean;
}

const COLUMNS = [
  { header: 'REPOSITORY', value: (r: ImageRow) => r.repository },
  { header: 'TAG', value: (r: ImageRow) => r.tag },
  { header: 'IMAGE ID', value: (r: ImageRow) => r.shortId },
  { header: 'CREATED', value: (r: ImageRow) => `${humanDuration(Date.now() - r.created.getTime())} ago` },
  { header: 'SIZE', value: (r: ImageRow) => humanSize(r.size) },
];

/** Splits `host:5000/team/app:v1` at the tag's colon, not the port's. */
function splitRef(repoTag: string): [string, string] {
  const colon = repoTag.lastIndexOf(':');
  return colon > repoTag.lastIndexOf('/') ? [repoTag.slice(0, colon), repoTag.slice(colon + 1)] : [repoTag, '<none>'];
}

/**
 * Go's path.Match for a reference pattern: `*` any characters but `/`, `?` one of them, `[…]` (`[^…]`) a class.
 *
 * @example
 * globMatch('web*', 'web:v1') // true
 */
export function globMatch(pattern: string, text: string): boolean {
  const literal = (part: string) => part.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  const source = pattern.replace(/\\(.)|\[\^?(?:\\.|[^\]])*\]|[\s\S]/g, (part, escaped?: string) =>
    escaped !== undefined
      ? literal(escaped)
      : part === '*'
        ? '[^/]*'
        : part === '?'
          ? '[^/]'
          : part.length > 1
            ? part
            : literal(part),
  );
  return new RegExp(`^${source}$`).test(text);
}

/**
 * Whether a name matches `docker images REFERENCE` as Docker's reference filter has it (distribution/reference's
 * FamiliarMatch): the pattern against the familiar name with its tag, or against the repository alone.
 */
function matchesReference(pattern: string, repoTag: string): boolean {
  return globMatch(pattern, repoTag) || globMatch(pattern, splitRef(repoTag)[0]);
}

function rows(image: Docker.ImageInfo, reference: string | undefined): ImageRow[] {
  // Podman names Docker Hub images in full (`docker.io/library/app:latest`): the rows show them as Docker does.
  const named = (image.RepoTags ?? []).filter((t) => t !== '<none>:<none>').map(familiarRef);
  // Docker's reference filter keeps an image's matching names only; Podman's (4.3) keeps every name of an image one of
  // whose names matches. A row per matching name either way, and none for an image left with no name.
  const tags = reference === undefined ? named : named.filter((t) => matchesReference(reference, t));
  if (reference !== undefined && tags.length === 0) return [];
  const base = {
    id: image.Id,
    shortId: shortId(image.Id),
    created: new Date(image.Created * 1000),
    size: image.Size,
    labels: image.Labels ?? {},
  };
  if (tags.length === 0) return [{ ...base, repository: '<none>', tag: '<none>', ref: image.Id }];
  return tags.map((repoTag) => {
    const [repository, tag] = splitRef(repoTag);
    return { ...base, repository, tag, ref: repoTag };
  });
}

/** What images() takes, checked at its entry. */
export const IMAGES_SIGNATURE = signature({
  operation: 'images',
  ctx: true,
  params: [],
  options: { ...CALL_OPTIONS, scope: oneOf('session', 'all'), reference: string, dangling: boolean },
  command: 'docker images [OPTIONS] [REPOSITORY[:TAG]]',
  flags: { dangling: '--filter dangling=true' },
});

/**
 * Lists images the way `docker images` does: one row per repository:tag, untagged ones as
 * `<none>`, newest first. Defaults: scope 'session', no reference filter, dangling and tagged alike.
 *
 * @example
 * const list = await images(ctx, { reference: 'web' });
 * list.map((row) => row.ref); // ['web:v2', 'web:v1']
 */
export async function images(ctx: Context, options: ImagesOptions = {}): Promise<Listing<ImageRow>> {
  checkArgs(IMAGES_SIGNATURE, arguments);
  const { scope = 'session', reference, dangling, timeoutMs, signal } = options;
  const filters: Record<string, string[]> = {
    ...(scope === 'session' ? sessionFilter(ctx.session) : {}),
    ...(reference ? { reference: [reference] } : {}),
    ...(dangling === undefined ? {} : { dangling: [String(dangling)] }),
  };
  const flags = Object.entries(filters)
    .filter(([key]) => key !== 'reference')
    .flatMap(([key, values]) => values.map((value) => `-f ${key}=${value}`));
  const command = ['docker images', ...flags, reference].filter(Boolean).join(' ');
  const list = await engineCall({ timeoutMs, signal }, ctx.timeoutMs, { operation: 'images', command }, (abortSignal) =>
    listImagesSettled(ctx.docker, { filters, abortSignal }),
  );
  // Docker lists the newest first; Podman (4.3) the oldest first. Equal times keep the engine's order.
  return Listing.create(
    COLUMNS,
    [...list].sort((a, b) => b.Created - a.Created).flatMap((image) => rows(image, reference)),
  );
}
