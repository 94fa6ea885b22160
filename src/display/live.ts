import { tslabModule } from './show.ts';

/** A progress event as operations report it (core/context.ts's ProgressEvent has this shape). */
export interface LiveEvent {
  operation: string;
  /** A layer's ID: its line is replaced, not added. */
  id?: string;
  /** A line of progress; for `run`, a chunk of the container's output. */
  status: string;
  progress?: string;
  /** The operation ended. */
  done?: boolean;
}

/** What live progress needs of tslab: a display that one call replaces in place. */
export interface UpdatableDisplay {
  text(text: string): void;
}

/** How many lines of a build's or container's output the live display keeps (the last ones). */
const KEPT_LINES = 12;
/** The display is redrawn at most this often (the first event draws at once). */
const REDRAW_MS = 100;

/**
 * Whether this process is a Jupyter kernel a learner runs (not one of dockbook's runner, whose
 * cells' output is verified text): Jupyter sets JPY_PARENT_PID, and tslab is the main script.
 */
export function inJupyter(env: NodeJS.ProcessEnv = process.env, argv: readonly string[] = process.argv): boolean {
  if (env.DOCKBOOK_RUN !== undefined) return false;
  return env.JPY_PARENT_PID !== undefined || argv.some((arg) => arg.endsWith('tslab'));
}

/** A build step's first line: Docker's classic builder, or Podman's (`[2/2] STEP 1/6: …` in a multi-stage build). */
const STEP_LINE = /^(Step \d+\/\d+ :|(\[\d+\/\d+\] )?STEP \d+\/\d+:)/;

/**
 * Renders the progress of builds, pulls, pushes and attached runs into one display that updates
 * in place: each layer's line replaced as its bars move, a build's steps and the last lines of
 * its output, a running container's last lines. An operation of another kind, or the next one
 * after a run ended, starts a new display. A run's display is emptied when it ends: its result
 * prints the output.
 *
 * Live progress is for the learner's eyes only. dockbook's runner never creates one (its
 * kernels have DOCKBOOK_RUN set), so nothing of it is ever part of a verified output.
 *
 * @example
 * const live = new LiveProgress(() => tslab.newDisplay());
 * live.event({ operation: 'pull', id: 'a1b2', status: 'Downloading', progress: '[==>  ] 2MB/9MB' });
 */
export class LiveProgress {
  #display: UpdatableDisplay | undefined;
  #operation: string | undefined;
  #layers = new Map<string, string>();
  /** A build's step lines (Docker's `Step N/M : …`, Podman's `STEP N/M: …`), all kept. */
  #steps: string[] = [];
  #lines: string[] = [];
  #partial = '';
  #timer: NodeJS.Timeout | undefined;
  #drawnAt = 0;

  constructor(
    private readonly newDisplay: () => UpdatableDisplay | undefined,
    private readonly now: () => number = () => performance.now(),
  ) {}

  /** Takes one progress event (the Context's onProgress). Never throws: progress must not fail a call. */
  event(event: LiveEvent): void {
    try {
      this.#take(event);
    } catch {
      // A display that cannot be drawn loses the progress, never the operation.
    }
  }

  #take(event: LiveEvent): void {
    if (event.operation !== this.#operation || !this.#display) this.#start(event.operation);
    if (event.done) {
      this.#draw(event.operation === 'run' ? '' : this.#text());
      this.#display = undefined;
      return;
    }
    const { id, status, progress } = event;
    if (event.operation === 'run') this.#append(status);
    else if (id) this.#layers.set(id, `${id}: ${status}${progress ? ` ${progress}` : ''}`);
    else if (STEP_LINE.test(status)) {
      // A new step: the output shown is the running step's.
      this.#steps.push(status.trimEnd());
      this.#lines = [];
      this.#partial = '';
    } else this.#append(`${status.trimEnd()}\n`);
    this.#schedule();
  }

  #start(operation: string): void {
    this.#flushTimer();
    this.#display = this.newDisplay();
    this.#operation = operation;
    this.#layers.clear();
    this.#steps = [];
    this.#lines = [];
    this.#partial = '';
    this.#drawnAt = 0;
  }

  #append(text: string): void {
    const parts = (this.#partial + text.replace(/\r\n/g, '\n')).split('\n');
    this.#partial = parts.pop() ?? '';
    this.#lines.push(...parts);
    if (this.#lines.length > KEPT_LINES * 4) this.#lines = this.#lines.slice(-KEPT_LINES);
  }

  /** The layers' lines, the build's steps, then the last lines of output (a build's: its running step's, indented). */
  #text(): string {
    const output = [...this.#lines, ...(this.#partial ? [this.#partial] : [])].slice(-KEPT_LINES);
    const indent = this.#steps.length > 0 ? '  ' : '';
    return [...this.#layers.values(), ...this.#steps, ...output.map((line) => indent + line)].join('\n');
  }

  #schedule(): void {
    const wait = this.#drawnAt === 0 ? 0 : REDRAW_MS - (this.now() - this.#drawnAt);
    if (wait <= 0) return this.#draw(this.#text());
    this.#timer ??= setTimeout(() => {
      this.#timer = undefined;
      this.#draw(this.#text());
    }, wait);
    this.#timer.unref?.();
  }

  #flushTimer(): void {
    if (this.#timer) clearTimeout(this.#timer);
    this.#timer = undefined;
  }

  #draw(text: string): void {
    this.#flushTimer();
    this.#drawnAt = this.now();
    this.#display?.text(text);
  }
}

/**
 * The Context's default onProgress in a learner's Jupyter kernel: a LiveProgress on tslab's
 * displays. Undefined anywhere else (a terminal, a script, dockbook's runner).
 */
export function liveProgress(env: NodeJS.ProcessEnv = process.env): ((event: LiveEvent) => void) | undefined {
  if (!inJupyter(env)) return undefined;
  const live = new LiveProgress(() => tslabModule()?.newDisplay());
  return (event) => live.event(event);
}
