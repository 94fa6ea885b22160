import { inspect } from 'node:util';

/** A layer of a pulled image and where its pull ended (`Pull complete`, `Already exists`). */
export interface PulledLayer {
  id: string;
  status: string;
}

/** What `pull` gives back: the image, its digest, whether anything changed, and each layer. */
export class PullResult {
  constructor(
    /** The reference pulled, with its tag (`localhost:5000/web:v1`). */
    readonly ref: string,
    /** The full image ID, `sha256:…`. */
    readonly id: string,
    /** The manifest digest the registry served, `sha256:…`. */
    readonly digest: string,
    /** `pulled` when the local image changed, `up to date` when it was already the registry's. */
    readonly status: 'pulled' | 'up to date',
    readonly layers: PulledLayer[],
  ) {}

  toString(): string {
    const status = this.status === 'pulled' ? 'Downloaded newer image' : 'Image is up to date';
    return [
      ...this.layers.map((l) => `${l.id}: ${l.status}`),
      `Digest: ${this.digest}`,
      `Status: ${status} for ${this.ref}`,
    ].join('\n');
  }

  [inspect.custom](): string {
    return this.toString();
  }
}
