import type { ProgressEvent } from '../core/context.ts';
import { streamError, type StreamEvent } from '../core/json-stream.ts';

/** One Dockerfile instruction as the classic builder ran it. */
export interface BuildStep {
  /** 1-based, as in `Step 2/5`. */
  index: number;
  /** The instruction as the engine echoed it, e.g. `RUN npm install`. */
  instruction: string;
  /**
   * True when the engine reused a layer: `Using cache`, or a FROM whose base image was
   * already local (nothing pulled).
   */
  cached: boolean;
  /** From this step's `Step` line to the next one (or the end of the build). */
  durationMs: number;
  /** What the step itself printed (e.g. a RUN command's output), without the builder's own markers. */
  output: string;
}

const STEP = /^Step (\d+)\/(\d+) : (.*)$/;
const USING_CACHE = /^ ---> Using cache$/;
// The builder's bookkeeping, which is not a step's own output.
const MARKERS = /^( ---> |Removing intermediate container |Successfully (built|tagged) )/;
const BUILT = /^Successfully built /;

interface OpenStep {
  step: BuildStep;
  started: number;
  pulled: boolean;
}

/**
 * Turns the classic builder's JSON stream into steps, the whole log text, the image ID and the
 * first error. Step lines arrive split across events, so text is cut into whole lines first.
 */
export class BuildRecorder {
  readonly steps: BuildStep[] = [];
  log = '';
  id: string | undefined;
  error: string | undefined;
  /** M of `Step N/M`: the instructions the engine runs, including the LABEL steps it appends. */
  total = 0;
  #partial = '';
  #open: OpenStep | undefined;

  /**
   * `appended`: how many LABEL steps the engine appends for the labels option (dockbook's own
   * labels among them). Progress shows the Dockerfile's steps only, numbered as `docker build`
   * of that Dockerfile numbers them; the log keeps what the engine printed.
   */
  constructor(
    private readonly onProgress: (event: ProgressEvent) => void,
    private readonly appended = 0,
    private readonly now: () => number = () => performance.now(),
  ) {}

  /**
   * A line as progress shows it: `Step N/M` counts the Dockerfile's steps; lines of the appended
   * steps are left out.
   */
  #progress(line: string, step: RegExpExecArray | null): void {
    const own = this.total - this.appended;
    if (step) {
      if (Number(step[1]) > own) return;
      this.onProgress({ operation: 'build', status: `Step ${step[1]}/${own} : ${step[3]}` });
    } else if (!this.#open || this.#open.step.index <= own || BUILT.test(line) || /^Successfully tagged /.test(line)) {
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

  /** The Dockerfile's own steps: without the last `appended` ones (the engine's LABEL steps for the labels option). */
  dockerfileSteps(appended: number): BuildStep[] {
    return this.steps.filter((step) => step.index <= this.total - appended);
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
    const step = STEP.exec(line);
    if (step) this.total = Number(step[2]);
    this.#progress(line, step);
    if (step) {
      this.#close();
      const open: OpenStep = {
        step: { index: Number(step[1]), instruction: step[3]!, cached: false, durationMs: 0, output: '' },
        started: this.now(),
        pulled: false,
      };
      this.steps.push(open.step);
      this.#open = open;
    } else if (USING_CACHE.test(line) && this.#open) {
      this.#open.step.cached = true;
    } else if (BUILT.test(line)) {
      this.#close();
    } else if (!MARKERS.test(line) && this.#open) {
      this.#open.step.output += `${line}\n`;
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
