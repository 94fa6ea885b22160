import { basename } from 'node:path';
import { describeFailure, describeSkip, type CellReport } from '../notebook/run/report.ts';

/** The mark of a finished cell's line. */
export const MARK = { passed: '✓', failed: '✗', skipped: '-' } as const;

/** The mark of the live line, for the cell that is running. */
const RUNNING = '▸';

/** The colour of each mark (ANSI foreground: green, red, yellow, cyan), and the code that ends it. */
const COLOUR = { passed: '\x1b[32m', failed: '\x1b[31m', skipped: '\x1b[33m', running: '\x1b[36m' } as const;
const END_COLOUR = '\x1b[39m';

/** Back to the line's start and erase it: how the live line is replaced. */
const ERASE = '\r\x1b[2K';

/** How often the live line's elapsed time is redrawn, ms. */
export const TICK_MS = 250;

/** Where the runner's lines go: process.stderr, or a fake stream in tests. */
export interface ProgressStream {
  write(text: string): unknown;
  isTTY?: boolean;
  /** The terminal's width, when it is one. */
  columns?: number;
}

export interface ProgressOptions {
  stream: ProgressStream;
  /** Whether the stream is a terminal. Default: the stream's `isTTY`. */
  isTTY?: boolean;
  /** Where CI, NO_COLOR, FORCE_COLOR and TERM are read. Default: process.env. */
  env?: NodeJS.ProcessEnv;
  /** The terminal's width in characters. Default: the stream's `columns`, read at each redraw (80 without one). */
  columns?: number;
  /** The clock, ms. Default: Date.now. */
  now?: () => number;
  /**
   * Streams whose other writers (a Node warning, a library's console.error, stdout) must not land on the live line:
   * until dispose, a write to one of them erases it first (it is drawn again at the next tick). Only in a terminal;
   * `stream` itself may be one of them.
   */
  guard?: ProgressStream[];
  /**
   * Keep each notebook's lines until notebookEnded, then print them together: for runs of several notebooks at once,
   * whose cells end interleaved. Default false: each line as its cell ends.
   */
  grouped?: boolean;
}

/** How the runner's lines look on a stream: whether a live line is drawn, and whether marks are coloured. */
export interface ProgressMode {
  live: boolean;
  colour: boolean;
}

const set = (value: string | undefined) => value !== undefined && value !== '';

/**
 * How the runner writes to a stream. A live line needs a terminal that is not CI's (`CI` set, to anything but `false`
 * or `0`) nor a dumb one (`TERM=dumb`). Colour follows the terminal the same way, except that `NO_COLOR` (set, not
 * empty: no-color.org) turns it off, and `FORCE_COLOR` decides when set: on, even when piped, unless it is `0`.
 *
 * @example
 * progressMode(false, { FORCE_COLOR: '1' }); // { live: false, colour: true }
 */
export function progressMode(isTTY: boolean, env: NodeJS.ProcessEnv): ProgressMode {
  const ci = set(env.CI) && env.CI !== 'false' && env.CI !== '0';
  const live = isTTY && !ci && env.TERM !== 'dumb';
  const colour = set(env.FORCE_COLOR) ? env.FORCE_COLOR !== '0' : live && !set(env.NO_COLOR);
  return { live, colour };
}

/**
 * A finished cell's line, without its newline: `  ✓ notebooks/01-images.md cell 3/12 C01 1.2s`, a skipped cell's
 * with why. Marks are coloured when `colour` is.
 */
export function resultLine(notebook: string, total: number, cell: CellReport, colour = false): string {
  const concepts = cell.concepts.length ? ` ${cell.concepts.join(',')}` : '';
  const why = cell.status === 'skipped' ? ` (${describeSkip(cell)})` : '';
  const mark = colour ? `${COLOUR[cell.status]}${MARK[cell.status]}${END_COLOUR}` : MARK[cell.status];
  return `  ${mark} ${notebook} cell ${cell.index}/${total}${concepts} ${(cell.durationMs / 1000).toFixed(1)}s${why}`;
}

/** `text` cut to `width` characters, its end replaced by `…` when cut. */
function fit(text: string, width: number): string {
  const chars = [...text];
  if (chars.length <= width) return text;
  return width <= 0 ? '' : `${chars.slice(0, width - 1).join('')}…`;
}

const length = (text: string) => [...text].length;

/**
 * The live line's text in `width` characters. What goes first when it is too wide: the end of the concepts, then
 * the start of the notebook's path (`…03-build.md`), so that `cell N/M` and the seconds stay in view; then the end.
 */
function liveText(running: Running, seconds: string, width: number): string {
  const concepts = running.concepts.length ? ` ${running.concepts.join(',')}` : '';
  const tail = ` cell ${running.index}/${running.total}`;
  const time = ` ${seconds}s`;
  const whole = `${running.notebook}${tail}${concepts}${time}`;
  if (length(whole) <= width) return whole;
  const bare = length(running.notebook) + length(tail) + length(time);
  if (bare <= width) {
    const left = width - bare;
    return `${running.notebook}${tail}${left >= 3 ? fit(concepts, left) : ''}${time}`;
  }
  const room = width - length(tail) - length(time);
  if (room >= 2) return `…${[...running.notebook].slice(-(room - 1)).join('')}${tail}${time}`;
  return fit(`${tail.slice(1)}${time}`, width);
}

interface Running {
  notebook: string;
  index: number;
  total: number;
  concepts: string[];
  startedAt: number;
}

/** Between two running cells on the live line. */
const BETWEEN = ' · ';

/**
 * The live line's text for the cells running, in `width` characters. One cell: its notebook's path. Several: each
 * notebook's file name (`03-build.md`), in an equal share each, as liveText cuts them.
 */
function liveTexts(running: Running[], now: number, width: number): string {
  const seconds = (cell: Running) => ((now - cell.startedAt) / 1000).toFixed(1);
  if (running.length === 1) return liveText(running[0]!, seconds(running[0]!), width);
  const share = Math.floor((width - BETWEEN.length * (running.length - 1)) / running.length);
  return running
    .map((cell) => liveText({ ...cell, notebook: basename(cell.notebook) }, seconds(cell), share))
    .join(BETWEEN);
}

/**
 * What `dockbook run` prints while notebooks run. Piped, or under CI, a line per finished cell (and a failure's
 * text), as always. In a terminal, the running cell also has a live line (notebook, `cell N/M`, concepts, seconds
 * so far) redrawn in place until the cell ends, when its result line replaces it; marks are coloured (see
 * progressMode). Any other line goes through `say`, or through a guarded stream's write (see `guard`): the live
 * line is erased first. Notebooks running at once (`grouped`): each one's lines are printed together when it ends,
 * and the live line shows every running cell, in the order their notebooks started.
 *
 * @example
 * const progress = new RunProgress({ stream: process.stderr });
 * progress.cellStarted('notebooks/01-images.md', 1, 12, ['C01']);
 * progress.cellEnded('notebooks/01-images.md', 12, report); // `  ✓ notebooks/01-images.md cell 1/12 C01 0.4s`
 * progress.dispose();
 */
export class RunProgress {
  readonly mode: ProgressMode;
  private readonly stream: ProgressStream;
  private readonly columns: number | undefined;
  private readonly now: () => number;
  private readonly grouped: boolean;
  /** The cell running in each notebook, by notebook, in the order the notebooks started. */
  private readonly running = new Map<string, Running | undefined>();
  /** Each running notebook's lines so far, when grouped. */
  private readonly held = new Map<string, string[]>();
  /** The live line as last drawn, '' when none is on screen. */
  private shown = '';
  private timer: ReturnType<typeof setInterval> | undefined;
  /** Writes to the stream itself, not through a guard. */
  private readonly write: (text: string) => unknown;
  /** Puts back the guarded streams' own write. */
  private readonly unguard: Array<() => void> = [];

  constructor(options: ProgressOptions) {
    this.stream = options.stream;
    this.mode = progressMode(options.isTTY ?? options.stream.isTTY === true, options.env ?? process.env);
    this.columns = options.columns;
    this.now = options.now ?? Date.now;
    this.grouped = options.grouped ?? false;
    const own = options.stream.write;
    this.write = (text) => own.call(options.stream, text);
    if (this.mode.live) for (const guarded of new Set(options.guard ?? [])) this.guardWrites(guarded);
  }

  /** A cell (1-based `index` of `total`) starts: in a terminal, its live line is drawn and ticks until it ends. */
  cellStarted(notebook: string, index: number, total: number, concepts: readonly string[] = []): void {
    if (!this.mode.live) return;
    this.running.set(notebook, { notebook, index, total, concepts: [...concepts], startedAt: this.now() });
    this.draw();
    if (!this.timer) {
      this.timer = setInterval(() => this.draw(), TICK_MS);
      this.timer.unref();
    }
  }

  /**
   * A cell ended: its live line is erased and its result line printed, a failure's text after it; when grouped, they
   * are kept for notebookEnded, and the live line goes on for the other notebooks' cells.
   */
  cellEnded(notebook: string, total: number, cell: CellReport): void {
    if (this.running.has(notebook)) this.running.set(notebook, undefined);
    if (![...this.running.values()].some(Boolean)) this.stop();
    let text = `${resultLine(notebook, total, cell, this.mode.colour)}\n`;
    if (cell.status === 'failed') text += `${describeFailure(cell).replace(/^/gm, '    ')}\n`;
    if (!this.grouped) return void this.write(text);
    this.held.set(notebook, [...(this.held.get(notebook) ?? []), text]);
    this.draw();
  }

  /** A notebook ended: when grouped, its lines are printed together now. */
  notebookEnded(notebook: string): void {
    this.running.delete(notebook);
    const held = this.held.get(notebook);
    this.held.delete(notebook);
    if (!held) return;
    this.erase();
    this.write(held.join(''));
    this.draw();
  }

  /**
   * Prints a line of its own (a warning, an interrupt's notice) without garbling the live line: it is erased first
   * and drawn again at the next tick, so a process that exits right after leaves no half line behind.
   */
  say(line: string): void {
    this.erase();
    this.write(`${line}\n`);
  }

  /**
   * Stops the ticking, erases the live line, prints the lines of notebooks that never ended (the run threw) and puts
   * the guarded streams back; call when the run ends.
   */
  dispose(): void {
    this.running.clear();
    this.stop();
    for (const notebook of [...this.held.keys()]) this.notebookEnded(notebook);
    for (const restore of this.unguard.splice(0)) restore();
  }

  private guardWrites(guarded: ProgressStream): void {
    const target = guarded as { write: (...args: unknown[]) => unknown };
    const original = target.write;
    const erase = () => this.erase();
    target.write = function (this: unknown, ...args: unknown[]) {
      erase();
      return original.apply(this, args);
    };
    this.unguard.push(() => (target.write = original));
  }

  private stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
    this.erase();
  }

  private erase(): void {
    if (this.shown === '') return;
    this.write(ERASE);
    this.shown = '';
  }

  private draw(): void {
    const running = [...this.running.values()].filter((cell) => cell !== undefined);
    if (running.length === 0) return;
    // One column short of the width: a line that fills it leaves the cursor waiting to wrap on some terminals.
    const width = (this.columns ?? (this.stream.columns || 80)) - 1;
    const prefix = `  ${RUNNING} `;
    const line =
      width > prefix.length
        ? (this.mode.colour ? `  ${COLOUR.running}${RUNNING}${END_COLOUR} ` : prefix) +
          liveTexts(running, this.now(), width - prefix.length)
        : fit(prefix, width);
    if (line === this.shown) return;
    this.write(`${ERASE}${line}`);
    this.shown = line;
  }
}
