import { inspect } from 'node:util';

/** A layer of a pushed image and what the push did with it. */
export interface PushedLayer {
  /** The short layer ID the engine reports. */
  id: string;
  /** `pushed`: uploaded; `exists`: the repository had it; `mounted`: the registry copied it from another repository. */
  status: 'pushed' | 'exists' | 'mounted';
  /** The repository a mounted layer came from. */
  from?: string;
}

/** What a PushResult is made of: its fields. */
export type PushResultFields = Pick<PushResult, 'ref' | 'digest' | 'layers'>;

/** What `push` gives back: the reference, the manifest digest the registry stored, and each layer. */
export class PushResult {
  /** The reference pushed, with its tag (`127.0.0.1:5001/web:v1`). */
  readonly ref: string;
  /** The manifest digest, `sha256:…`: the same a pull of the reference reports. */
  readonly digest: string;
  readonly layers: PushedLayer[];

  /**
   * From one named object, as execa builds its results.
   *
   * @example
   * new PushResult({ ref: '127.0.0.1:5001/web:v1', digest: 'sha256:…',
   *   layers: [{ id: 'a3ed95caeb02', status: 'pushed' }] });
   */
  constructor(fields: PushResultFields) {
    this.ref = fields.ref;
    this.digest = fields.digest;
    this.layers = fields.layers;
  }

  /** How many layers were uploaded, already there, or mounted. */
  get counts(): Record<PushedLayer['status'], number> {
    const counts = { pushed: 0, exists: 0, mounted: 0 };
    for (const layer of this.layers) counts[layer.status] += 1;
    return counts;
  }

  toString(): string {
    const words = (l: PushedLayer) =>
      l.status === 'pushed' ? 'Pushed' : l.status === 'exists' ? 'Layer already exists' : `Mounted from ${l.from}`;
    return [...this.layers.map((l) => `${l.id}: ${words(l)}`), `${this.ref}: digest: ${this.digest}`].join('\n');
  }

  [inspect.custom](): string {
    return this.toString();
  }
}
