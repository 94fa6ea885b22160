import type Docker from 'dockerode';
import { inspect } from 'node:util';
import { shortId } from '../display/ids.ts';
import { humanSize } from '../display/units.ts';
import { engineCall, type CallOptions } from '../core/call.ts';
import { resolveImage, type ImageLike } from '../core/resolve.ts';
import { inspectImageSettled } from '../core/vanished.ts';
import { familiarRef } from '../input/reference.ts';
import type { Context } from '../core/context.ts';
import { CALL_OPTIONS, checkArgs, imageLike, signature } from '../validate/signature.ts';

/** The container configuration an image carries (what `run` starts from). */
export interface ImageConfig {
  cmd: string[] | null;
  entrypoint: string[] | null;
  env: string[];
  workingDir: string;
  /** e.g. `['80/tcp']`. */
  exposedPorts: string[];
  labels: Record<string, string>;
  volumes: string[];
}

/** What an ImageDetails is made of: its fields. */
export type ImageDetailsFields = Pick<
  ImageDetails,
  'id' | 'repoTags' | 'repoDigests' | 'created' | 'os' | 'architecture' | 'size' | 'config' | 'layers' | 'raw'
>;

/** What `docker image inspect` says about an image, as plain fields, plus the raw answer. */
export class ImageDetails {
  /** The full ID, `sha256:…`. */
  readonly id: string;
  readonly repoTags: string[];
  readonly repoDigests: string[];
  readonly created: Date;
  readonly os: string;
  readonly architecture: string;
  /** Bytes. */
  readonly size: number;
  readonly config: ImageConfig;
  /** The filesystem layers (RootFS.Layers), base first. */
  readonly layers: string[];
  readonly raw: Docker.ImageInspectInfo;

  /**
   * From one named object, as execa builds its results.
   *
   * @example
   * new ImageDetails({ id: raw.Id, repoTags: ['web:v1'], repoDigests: [], created: new Date(raw.Created),
   *   os: 'linux', architecture: 'amd64', size: 4_194_304, config, layers: ['sha256:…'], raw });
   */
  constructor(fields: ImageDetailsFields) {
    this.id = fields.id;
    this.repoTags = fields.repoTags;
    this.repoDigests = fields.repoDigests;
    this.created = fields.created;
    this.os = fields.os;
    this.architecture = fields.architecture;
    this.size = fields.size;
    this.config = fields.config;
    this.layers = fields.layers;
    this.raw = fields.raw;
  }

  toString(): string {
    const names = this.repoTags.length ? ` (${this.repoTags.join(', ')})` : '';
    const { cmd, entrypoint, workingDir, exposedPorts } = this.config;
    return [
      `${shortId(this.id)}${names} ${this.os}/${this.architecture} ${humanSize(this.size)}, ${this.layers.length} ` +
        `layers, created ${this.created.toISOString()}`,
      `entrypoint ${JSON.stringify(entrypoint)} cmd ${JSON.stringify(cmd)} workdir ${JSON.stringify(workingDir)} ` +
        `ports [${exposedPorts.join(', ')}]`,
    ].join('\n');
  }

  [inspect.custom](): string {
    return this.toString();
  }
}

/** What inspectImage() takes, checked at its entry. */
export const INSPECT_IMAGE_SIGNATURE = signature({
  operation: 'inspectImage',
  ctx: true,
  params: [{ name: 'ref', shape: imageLike, example: 'busybox' }],
  options: CALL_OPTIONS,
  command: 'docker image inspect IMAGE',
});

/**
 * Inspects an image (a name, an ID or unique ID prefix): ID, names, creation time, OS and
 * architecture, size, its container configuration and its layers.
 *
 * @example
 * const image = await inspectImage(ctx, 'web:v1');
 * image.config.exposedPorts; // ['80/tcp']
 */
export async function inspectImage(ctx: Context, ref: ImageLike, options: CallOptions = {}): Promise<ImageDetails> {
  checkArgs(INSPECT_IMAGE_SIGNATURE, arguments);
  const target = await resolveImage(ctx, ref, 'image inspect', options);
  const meta = { operation: 'image inspect', target, command: `docker image inspect ${target}` };
  const raw = await engineCall(options, ctx.timeoutMs, meta, (signal) =>
    inspectImageSettled(ctx.docker, target, { signal }),
  );
  const c = raw.Config;
  const config: ImageConfig = {
    cmd: c.Cmd ?? null,
    entrypoint: (c.Entrypoint as string[] | null | undefined) ?? null,
    env: c.Env ?? [],
    workingDir: c.WorkingDir ?? '',
    exposedPorts: Object.keys(c.ExposedPorts ?? {}),
    labels: c.Labels ?? {},
    volumes: Object.keys(c.Volumes ?? {}),
  };
  return new ImageDetails({
    id: raw.Id,
    repoTags: (raw.RepoTags ?? []).map(familiarRef),
    repoDigests: (raw.RepoDigests ?? []).map(familiarRef),
    created: new Date(raw.Created),
    os: raw.Os,
    architecture: raw.Architecture,
    size: raw.Size,
    config,
    layers: raw.RootFS.Layers ?? [],
    raw,
  });
}
