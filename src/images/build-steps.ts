import type { EngineKind } from '../core/connect.ts';
import type { ProgressEvent } from '../core/context.ts';
import { streamError, type StreamEvent } from '../core/json-stream.ts';
import { grammarFor, grammarOfStepLine, type BuildGrammar, type StepLine } from './build-grammar.ts';

/** One Dockerfile instruction as the builder ran it (Docker's classic builder or Podman's buildah). */
export interface BuildStep {
  /**
   * 1-based: the instruction's place among the build's steps, as in Docker's `Step 2/5`. Podman numbers steps per
   * stage (`[2/2] STEP 1/6`); here they are counted across stages, as Docker does.
   */
  index: number;
  /** The instruction as the engine echoed it, e.g. `RUN npm install`. */
  instruction: string;
  /**
   * True when the engine reused a layer: `Using cache`, or a FROM whose base image was
   * already local (nothing pulled).
   */
  cached: boolean;
  /**
   * The ID of the image the step made, as the builder printed it: ` ---> 865d7f7d8a0e` (12 hex characters) on
   * Docker, `--> 865d7f7d8a0` (11) on Podman. Undefined when it printed none: a failed step, and FROM on Podman.
   */
  id?: string;
  /** From this step's first line to the next step's (or the end of the build). */
  durationMs: number;
  /** What the step itself printed (e.g. a RUN command's output), without the builder's own markers. */
  output: string;
}

interface OpenStep {
  step: BuildStep;
  started: number;
  pulled: boolean;
}

/**
 * Turns the builder's JSON stream into steps, the whole log text, the image ID and the first
 * error. Step lines arrive split across events, so text is cut into whole lines first. Docker's
 * and Podman's builders print differently (see build-grammar.ts): the engine's kind gives the
 * grammar, and the first step line confirms it (a log in the other grammar switches to it).
 */
export class BuildRecorder {
  readonly steps: BuildStep[] = [];
  log = '';
  id: string | undefined;
  error: string | undefined;
  #grammar: BuildGrammar;
  #known = false;
  #appendedSteps = new Set<BuildStep>();
  #partial = '';
  #open: OpenStep | undefined;
  /** The steps are over (Docker's `Successfully built`, Podman's `COMMIT`): every later line is shown. */
  #ended = false;

  /**
   * `appended`: how many LABEL steps the engine appends to the last stage for the labels option
   * (dockbook's own labels among them). Progress shows the Dockerfile's steps only, numbered as the
   * engine numbers a build of that Dockerfile; the log keeps what the engine printed.
   */
  constructor(
    private readonly onProgress: (event: ProgressEvent) => void,
    private readonly appended = 0,
    kind: EngineKind = 'docker',
    private readonly now: () => number = () => performance.now(),
  ) {
    this.#grammar = grammarFor(kind);
  }

  /** How the engine printed this build. */
  get grammar(): BuildGrammar {
    return this.#grammar;
  }

  /** Whether a step is one of the LABEL steps the engine appends: the last ones of the last stage. */
  #isAppended(parsed: StepLine): boolean {
    const lastStage = !parsed.stage || parsed.stage.index === parsed.stage.count;
    return lastStage && parsed.number > parsed.total - this.appended;
  }

  /** A line as progress shows it: step lines count the Dockerfile's steps; the appended steps' lines are left out. */
  #progress(line: string, parsed: StepLine | undefined): void {
    if (parsed) {
      if (this.#isAppended(parsed)) return;
      const lastStage = !parsed.stage || parsed.stage.index === parsed.stage.count;
      const total = lastStage ? parsed.total - this.appended : parsed.total;
      this.onProgress({ operation: 'build', status: this.#grammar.progressLine(parsed, total) });
    } else if (this.#ended || !this.#open || !this.#appendedSteps.has(this.#open.step)) {
      this.onProgress({ operation: 'build', status: line });
    }
  }

  add(event: StreamEvent): void {
    this.error ??= streamError(event);
    if (event.aux?.ID) this.id = event.aux.ID;
    if (event.stream !== undefined) this.#text(event.stream);
    if (event.status !== undefined) {
      this.onProgress({
        operation: 'build',
        status: event.status,
        ...(event.id ? { id: event.id } : {}),
        ...(event.progress ? { progress: event.progress } : {}),
      });
      if (event.progress) return;
      const line = event.id ? `${event.id}: ${event.status}` : event.status;
      this.log += `${line}\n`;
      if (this.#open) {
        this.#open.pulled = true;
        this.#open.step.output += `${line}\n`;
      }
    }
  }

  /** Ends the last step and keeps an unfinished last line. */
  finish(): void {
    if (this.#partial) this.#line(this.#partial);
    this.#partial = '';
    this.#close();
  }

  /** The Dockerfile's own steps: without the LABEL steps the engine appended for the labels option. */
  dockerfileSteps(): BuildStep[] {
    return this.steps.filter((step) => !this.#appendedSteps.has(step));
  }

  /** The last lines of the log, for an error message. */
  tail(count = 10): string {
    return this.log.trimEnd().split('\n').slice(-count).join('\n');
  }

  /** The step running when the stream stopped (the failing one, after an error). */
  get current(): BuildStep | undefined {
    return this.#open?.step ?? this.steps[this.steps.length - 1];
  }

  #text(text: string): void {
    this.log += text;
    const lines = (this.#partial + text).split('\n');
    this.#partial = lines.pop()!;
    for (const line of lines) this.#line(line);
  }

  #line(line: string): void {
    if (!this.#known) {
      const other = grammarOfStepLine(line);
      if (other) {
        this.#grammar = other;
        this.#known = true;
      }
    }
    const grammar = this.#grammar;
    const parsed = grammar.step(line);
    if (!parsed && grammar.end.test(line)) this.#ended = true;
    this.#progress(line, parsed);
    const open = this.#open;
    if (parsed) {
      this.#close();
      const next: OpenStep = {
        step: {
          index: this.steps.length + 1,
          instruction: parsed.instruction,
          cached: false,
          durationMs: 0,
          output: '',
        },
        started: this.now(),
        pulled: false,
      };
      this.steps.push(next.step);
      if (this.#isAppended(parsed)) this.#appendedSteps.add(next.step);
      this.#open = next;
    } else if (grammar.end.test(line)) {
      // Docker prints the last step's ID before its end line; Podman commits first and prints the ID after.
      if (open?.step.id !== undefined) this.#close();
    } else if (!open) {
      return;
    } else if (grammar.usingCache.test(line)) {
      open.step.cached = true;
    } else if (grammar.stepId.test(line)) {
      open.step.id = grammar.stepId.exec(line)![1]!;
      if (this.#ended) this.#close();
    } else {
      // A RUN's stderr comes in colour: its reset code may start the builder's next line (`\x1b[0mRemoving …`).
      const colour = /^(?:\x1b\[[0-9;]*m)*/.exec(line)![0];
      if (grammar.marker.test(line.slice(colour.length))) {
        open.step.output += colour;
        return;
      }
      if (grammar.pulling?.test(line)) open.pulled = true;
      open.step.output += `${line}\n`;
    }
  }

  #close(): void {
    const open = this.#open;
    if (!open) return;
    open.step.durationMs = this.now() - open.started;
    if (/^FROM\s/i.test(open.step.instruction) && !open.pulled) open.step.cached = true;
    this.#open = undefined;
  }
}
