import { inspect } from 'node:util';

/** A layer of a pulled image and where its pull ended (`Pull complete`, `Already exists`). */
export interface PulledLayer {
  id: string;
  status: string;
}

/** What a PullResult is made of: its fields. */
export type PullResultFields = Pick<PullResult, 'ref' | 'id' | 'digest' | 'status' | 'layers'>;

/** What `pull` gives back: the image, its digest, whether anything changed, and each layer. */
export class PullResult {
  /** The reference pulled, with its tag (`localhost:5000/web:v1`). */
  readonly ref: string;
  /** The full image ID, `sha256:…`. */
  readonly id: string;
  /**
   * The manifest digest the registry served, `sha256:…`; '' where the engine does not say which (Podman, for an image
   * known by several manifest digests: see pull).
   */
  readonly digest: string;
  /** `pulled` when the local image changed, `up to date` when it was already the registry's. */
  readonly status: 'pulled' | 'up to date';
  readonly layers: PulledLayer[];

  /**
   * From one named object, as execa builds its results.
   *
   * @example
   * new PullResult({ ref: 'localhost:5000/web:v1', id: 'sha256:…', digest: 'sha256:…', status: 'pulled',
   *   layers: [{ id: 'a3ed95caeb02', status: 'Pull complete' }] });
   */
  constructor(fields: PullResultFields) {
    this.ref = fields.ref;
    this.id = fields.id;
    this.digest = fields.digest;
    this.status = fields.status;
    this.layers = fields.layers;
  }

  toString(): string {
    const status = this.status === 'pulled' ? 'Downloaded newer image' : 'Image is up to date';
    return [
      ...this.layers.map((l) => `${l.id}: ${l.status}`),
      ...(this.digest ? [`Digest: ${this.digest}`] : []),
      `Status: ${status} for ${this.ref}`,
    ].join('\n');
  }

  [inspect.custom](): string {
    return this.toString();
  }
}
