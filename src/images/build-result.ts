import { inspect } from 'node:util';
import { DockbookError } from '../errors.ts';
import { shortId } from '../display/ids.ts';
import { Listing } from '../display/table.ts';
import { nonEmptyString } from '../validate/shape.ts';
import { checkArgs, signature } from '../validate/signature.ts';
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

/** What BuildResult.step() takes, checked at its entry. */
export const STEP_SIGNATURE = signature({
  operation: 'BuildResult.step',
  ctx: false,
  params: [{ name: 'instruction', shape: nonEmptyString, example: 'RUN npm install' }],
  command: "docker build … | grep '^Step'",
});

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

  /**
   * The image's first tag, the name `-t` gave it: what a later `run` or `FROM` uses. A build
   * without tags has none: that is NOT_FOUND, saying to tag it or to use its `id`.
   *
   * @example
   * const web = await docker.build('apps/goals', { tags: ['goals'] }); // docker build -t goals apps/goals
   * web.tag; // 'goals:latest'
   */
  get tag(): string {
    const [first] = this.tags;
    if (first !== undefined) return first;
    throw new DockbookError({
      code: 'NOT_FOUND',
      operation: 'BuildResult.tag',
      target: `image ${this.shortId}`,
      reason: 'it was built without a tag',
      hint: "Build it with tags: ['name'] (docker build -t name …), or use its id.",
      command: 'docker build -t NAME PATH',
    });
  }

  /**
   * The step of an instruction, as the build echoed it (`RUN npm install`) or by its start
   * (`RUN`, `COPY .`): NOT_FOUND when no step has it, AMBIGUOUS_PREFIX when several do; both
   * name the build's steps.
   *
   * @example
   * (await docker.build('apps/goals')).step('RUN npm install').cached; // true: "Using cache"
   */
  step(instruction: string): BuildStep {
    checkArgs(STEP_SIGNATURE, arguments);
    const exact = this.steps.filter((s) => s.instruction === instruction);
    const found = exact.length > 0 ? exact : this.steps.filter((s) => s.instruction.startsWith(instruction));
    if (found.length === 1) return found[0]!;
    const list = (steps: readonly BuildStep[]) => steps.map((s) => `${s.index} ${s.instruction}`).join('; ');
    throw new DockbookError({
      code: found.length === 0 ? 'NOT_FOUND' : 'AMBIGUOUS_PREFIX',
      operation: 'BuildResult.step',
      target: `step "${instruction}"`,
      reason:
        found.length === 0
          ? `no step of the build of ${this.shortId} has that instruction; its steps: ${list(this.steps)}`
          : `${found.length} steps of the build of ${this.shortId} have that instruction: ${list(found)}`,
      hint:
        found.length === 0
          ? 'Give the instruction as the build echoed it, or its start.'
          : 'Give more of the instruction, or take the step by its place: steps[n - 1].',
      command: STEP_SIGNATURE.command,
    });
  }

  toString(): string {
    const tagged = this.tags.length ? ` as ${this.tags.join(', ')}` : '';
    return `${this.steps}\nbuilt ${this.shortId}${tagged} in ${seconds(this.durationMs)}`;
  }

  [inspect.custom](): string {
    return this.toString();
  }
}
