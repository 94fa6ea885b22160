import { inspect } from 'node:util';
import { shortId } from '../display/ids.ts';
import { Listing } from '../display/table.ts';
import type { BuildStep } from './build-steps.ts';

const seconds = (ms: number) => `${(ms / 1000).toFixed(1)}s`;

/**
 * The steps of a build as a listing: STEP, INSTRUCTION, CACHE, TIME.
 *
 * @example
 * String(stepListing(recorder.steps)) // 'STEP   INSTRUCTION    CACHE    TIME\n1      FROM busybox   cached   0.0s …'
 */
export function stepListing(steps: readonly BuildStep[]): Listing<BuildStep> {
  return Listing.create<BuildStep>(
    [
      { header: 'STEP', value: (s) => String(s.index) },
      { header: 'INSTRUCTION', value: (s) => s.instruction },
      { header: 'CACHE', value: (s) => (s.cached ? 'cached' : 'built') },
      { header: 'TIME', value: (s) => seconds(s.durationMs) },
    ],
    steps,
  );
}

/** What a BuildResult is made of: its fields. */
export type BuildResultFields = Pick<BuildResult, 'id' | 'tags' | 'steps' | 'durationMs' | 'log'>;

/** What `build` gives back: the image, its tags, each step, and the whole log. */
export class BuildResult {
  /** The full image ID, `sha256:…`. */
  readonly id: string;
  readonly tags: string[];
  /** The Dockerfile's steps; the LABEL steps the engine appends for labels are only in the log. */
  readonly steps: Listing<BuildStep>;
  readonly durationMs: number;
  /** Everything the build printed, as `docker build` shows it. */
  readonly log: string;

  /**
   * From one named object, as execa builds its results.
   *
   * @example
   * new BuildResult({ id: 'sha256:…', tags: ['web:v1'], steps: stepListing(recorder.steps), durationMs: 2310,
   *   log: recorder.log });
   */
  constructor(fields: BuildResultFields) {
    this.id = fields.id;
    this.tags = fields.tags;
    this.steps = fields.steps;
    this.durationMs = fields.durationMs;
    this.log = fields.log;
  }

  /** The 12 hex characters `docker build` reports. */
  get shortId(): string {
    return shortId(this.id);
  }

  toString(): string {
    const tagged = this.tags.length ? ` as ${this.tags.join(', ')}` : '';
    return `${this.steps}\nbuilt ${this.shortId}${tagged} in ${seconds(this.durationMs)}`;
  }

  [inspect.custom](): string {
    return this.toString();
  }
}
