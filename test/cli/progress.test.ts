import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { progressMode, resultLine, RunProgress, TICK_MS, type ProgressOptions } from '../../src/cli/progress.ts';
import type { CellReport } from '../../src/notebook/run/report.ts';

const NOTEBOOK = 'notebooks/03-build.md';
const ERASE = '\r\x1b[2K';
const ESC = '\x1b[';

function cell(index: number, status: CellReport['status'], extra: Partial<CellReport> = {}): CellReport {
  return {
    index,
    location: `${NOTEBOOK}:${10 * index}`,
    concepts: ['C07'],
    status,
    actual: '',
    outputs: [],
    durationMs: 1234,
    ...extra,
  };
}

const CELLS = [
  cell(1, 'passed'),
  cell(2, 'skipped', { reason: 'skip', message: 'needs a registry', durationMs: 0, concepts: [] }),
  cell(3, 'failed', { reason: 'output', message: 'the output differs', diff: '- a\n+ b', durationMs: 35_000 }),
];

/** What the runner printed before this module: the same lines, byte for byte. */
const PLAIN =
  `  ✓ ${NOTEBOOK} cell 1/3 C07 1.2s\n` +
  `  - ${NOTEBOOK} cell 2/3 0.0s (marked skip: needs a registry)\n` +
  `  ✗ ${NOTEBOOK} cell 3/3 C07 35.0s\n` +
  `    ${NOTEBOOK}:30: cell 3 (C07) failed: the output differs\n` +
  `    - a\n` +
  `    + b\n`;

/** A stream that keeps what is written, and a clock the test moves. */
function fake(options: Partial<ProgressOptions> & { isTTY?: boolean } = {}) {
  let written = '';
  let time = 1_000_000;
  const stream = { write: (text: string) => (written += text), isTTY: options.isTTY ?? false, columns: 100 };
  const progress = new RunProgress({ env: {}, now: () => time, ...options, stream });
  return {
    progress,
    written: () => written,
    advance(ms: number) {
      time += ms;
      vi.advanceTimersByTime(ms);
    },
  };
}

/** Runs the three cells, each taking its duration on the clock. */
function runAll(f: ReturnType<typeof fake>): void {
  for (const c of CELLS) {
    f.progress.cellStarted(NOTEBOOK, c.index, CELLS.length, c.concepts);
    f.advance(c.durationMs);
    f.progress.cellEnded(NOTEBOOK, CELLS.length, c);
  }
  f.progress.dispose();
}

beforeEach(() => vi.useFakeTimers());
afterEach(() => vi.useRealTimers());

describe('progressMode', () => {
  it('draws a live line and colours only in a terminal that is not CI nor dumb', () => {
    expect(progressMode(true, {})).toEqual({ live: true, colour: true });
    expect(progressMode(false, {})).toEqual({ live: false, colour: false });
    expect(progressMode(true, { CI: 'true' })).toEqual({ live: false, colour: false });
    expect(progressMode(true, { CI: '1' })).toEqual({ live: false, colour: false });
    expect(progressMode(true, { CI: 'false' })).toEqual({ live: true, colour: true });
    expect(progressMode(true, { CI: '' })).toEqual({ live: true, colour: true });
    expect(progressMode(true, { TERM: 'dumb' })).toEqual({ live: false, colour: false });
  });

  it('NO_COLOR (any non-empty value) turns colour off, but not the live line', () => {
    expect(progressMode(true, { NO_COLOR: '1' })).toEqual({ live: true, colour: false });
    expect(progressMode(true, { NO_COLOR: 'false' })).toEqual({ live: true, colour: false });
    expect(progressMode(true, { NO_COLOR: '' })).toEqual({ live: true, colour: true });
  });

  it('FORCE_COLOR forces colour (even piped, under CI, or with NO_COLOR), never a live line; 0 turns it off', () => {
    expect(progressMode(false, { FORCE_COLOR: '1' })).toEqual({ live: false, colour: true });
    expect(progressMode(true, { FORCE_COLOR: '1', CI: 'true' })).toEqual({ live: false, colour: true });
    expect(progressMode(true, { FORCE_COLOR: '3', NO_COLOR: '1' })).toEqual({ live: true, colour: true });
    expect(progressMode(true, { FORCE_COLOR: '0' })).toEqual({ live: true, colour: false });
    expect(progressMode(false, { FORCE_COLOR: '' })).toEqual({ live: false, colour: false });
  });
});

describe('resultLine', () => {
  it('is the runner line, its mark coloured when asked', () => {
    expect(resultLine(NOTEBOOK, 3, CELLS[0]!)).toBe(`  ✓ ${NOTEBOOK} cell 1/3 C07 1.2s`);
    expect(resultLine(NOTEBOOK, 3, CELLS[0]!, true)).toBe(`  \x1b[32m✓\x1b[39m ${NOTEBOOK} cell 1/3 C07 1.2s`);
    expect(resultLine(NOTEBOOK, 3, CELLS[1]!, true)).toMatch(/^ {2}\x1b\[33m-\x1b\[39m /);
    expect(resultLine(NOTEBOOK, 3, CELLS[2]!, true)).toMatch(/^ {2}\x1b\[31m✗\x1b\[39m /);
  });
});

describe('RunProgress', () => {
  it('piped: the plain lines, byte for byte, no escape codes, no timer', () => {
    const f = fake({ isTTY: false });
    f.progress.cellStarted(NOTEBOOK, 1, 3, ['C07']);
    expect(vi.getTimerCount()).toBe(0);
    f.progress.dispose();
    const g = fake({ isTTY: false });
    runAll(g);
    expect(g.written()).toBe(PLAIN);
  });

  it('in a terminal under CI, or a dumb one: the same plain lines', () => {
    for (const env of [{ CI: 'true' }, { TERM: 'dumb' }]) {
      const f = fake({ isTTY: true, env });
      runAll(f);
      expect(f.written()).toBe(PLAIN);
    }
  });

  it('in a terminal: a live line (notebook, cell N/M, concepts, seconds so far), erased before the result', () => {
    const f = fake({ isTTY: true, env: { NO_COLOR: '1' } });
    f.progress.cellStarted(NOTEBOOK, 3, 3, ['C07', 'C08']);
    expect(f.written()).toBe(`${ERASE}  ▸ ${NOTEBOOK} cell 3/3 C07,C08 0.0s`);
    f.advance(TICK_MS);
    expect(f.written().endsWith(`${ERASE}  ▸ ${NOTEBOOK} cell 3/3 C07,C08 0.3s`)).toBe(true);
    f.advance(12_000);
    expect(f.written().endsWith(`${ERASE}  ▸ ${NOTEBOOK} cell 3/3 C07,C08 12.3s`)).toBe(true);
    const before = f.written().length;
    f.progress.cellEnded(NOTEBOOK, 3, CELLS[2]!);
    expect(f.written().slice(before)).toBe(ERASE + PLAIN.slice(PLAIN.indexOf('  ✗')));
    expect(vi.getTimerCount()).toBe(0);
    f.advance(5 * TICK_MS);
    expect(f.written().length).toBe(before + ERASE.length + PLAIN.length - PLAIN.indexOf('  ✗'));
  });

  it('a whole run in a terminal: every result line as when piped once the live lines are taken out', () => {
    const f = fake({ isTTY: true, env: { NO_COLOR: '1' } });
    runAll(f);
    // Each live line is drawn after an erase and erased again before the next write.
    const withoutLive = f
      .written()
      .replace(/\r\x1b\[2K {2}▸ [^\r\n]*/g, '')
      .replaceAll(ERASE, '');
    expect(withoutLive).toBe(PLAIN);
    expect(f.written()).toContain(`${ERASE}  ▸ ${NOTEBOOK} cell 3/3 C07 35.0s${ERASE}  ✗ `);
    expect(vi.getTimerCount()).toBe(0);
  });

  it('redraws only when the text changes', () => {
    const f = fake({ isTTY: true, env: { NO_COLOR: '1' } });
    f.progress.cellStarted(NOTEBOOK, 1, 3, []);
    const drawn = f.written();
    vi.advanceTimersByTime(10 * TICK_MS); // the clock stands still
    expect(f.written()).toBe(drawn);
    f.progress.dispose();
  });

  it('never draws the live line wider than the terminal (one column short of it), cell N/M and the time kept', () => {
    const at = (columns: number, concepts = ['C01', 'C02', 'C03'], env: NodeJS.ProcessEnv = { NO_COLOR: '1' }) => {
      const f = fake({ isTTY: true, env, columns });
      f.progress.cellStarted(NOTEBOOK, 12, 34, concepts);
      f.progress.dispose();
      const line = f.written().slice(ERASE.length, -ERASE.length);
      if (!env.FORCE_COLOR) expect(length(line)).toBeLessThanOrEqual(columns - 1);
      return line;
    };
    const length = (text: string) => [...text].length;
    // 4 + 21 + 11 + 12 + 5 characters in full.
    expect(at(54)).toBe(`  ▸ ${NOTEBOOK} cell 12/34 C01,C02,C03 0.0s`);
    expect(at(53)).toBe(`  ▸ ${NOTEBOOK} cell 12/34 C01,C02,C… 0.0s`);
    expect(at(46)).toBe(`  ▸ ${NOTEBOOK} cell 12/34 C0… 0.0s`);
    expect(at(45)).toBe(`  ▸ ${NOTEBOOK} cell 12/34 C… 0.0s`);
    expect(at(44)).toBe(`  ▸ ${NOTEBOOK} cell 12/34 0.0s`);
    expect(at(42)).toBe(`  ▸ ${NOTEBOOK} cell 12/34 0.0s`);
    expect(at(41)).toBe(`  ▸ …tebooks/03-build.md cell 12/34 0.0s`);
    expect(at(30)).toBe(`  ▸ …build.md cell 12/34 0.0s`);
    expect(at(23)).toBe(`  ▸ …d cell 12/34 0.0s`);
    expect(at(22)).toBe(`  ▸ cell 12/34 0.0s`);
    expect(at(12)).toBe(`  ▸ cell 1…`);
    expect(at(4)).toBe(`  …`);
    expect(at(1)).toBe('');
    // The colour codes take no column.
    expect(at(30, ['C01'], { FORCE_COLOR: '1' })).toBe(`  \x1b[36m▸\x1b[39m …build.md cell 12/34 0.0s`);
  });

  it("follows the stream's width as the terminal is resized", () => {
    let written = '';
    const stream = { write: (text: string) => (written += text), isTTY: true, columns: 25 };
    let time = 0;
    const progress = new RunProgress({ stream, env: { NO_COLOR: '1' }, now: () => time });
    progress.cellStarted(NOTEBOOK, 1, 3, []);
    expect(written).toBe(`${ERASE}  ▸ …ld.md cell 1/3 0.0s`);
    stream.columns = 200;
    time += 1000;
    vi.advanceTimersByTime(TICK_MS);
    expect(written.endsWith(`${ERASE}  ▸ ${NOTEBOOK} cell 1/3 1.0s`)).toBe(true);
    progress.dispose();
  });

  it('colours the marks in a terminal; NO_COLOR wins over the terminal; FORCE_COLOR colours when piped', () => {
    const tty = fake({ isTTY: true });
    runAll(tty);
    expect(tty.written()).toContain(`${ERASE}  \x1b[36m▸\x1b[39m ${NOTEBOOK} cell 1/3 C07 0.0s`);
    expect(tty.written()).toContain(`  \x1b[32m✓\x1b[39m ${NOTEBOOK} cell 1/3 C07 1.2s\n`);
    expect(tty.written()).toContain(`  \x1b[33m-\x1b[39m ${NOTEBOOK} cell 2/3 0.0s`);
    expect(tty.written()).toContain(`  \x1b[31m✗\x1b[39m ${NOTEBOOK} cell 3/3 C07 35.0s\n`);

    const noColour = fake({ isTTY: true, env: { NO_COLOR: '1' } });
    runAll(noColour);
    expect(noColour.written().replaceAll(ERASE, '')).not.toContain(ESC);

    const forced = fake({ isTTY: false, env: { FORCE_COLOR: '1' } });
    runAll(forced);
    expect(forced.written()).not.toContain('\r');
    expect(forced.written()).not.toContain('▸');
    expect(forced.written().replace(/\x1b\[\d+m/g, '')).toBe(PLAIN);
    expect(forced.written()).toContain(`  \x1b[32m✓\x1b[39m ${NOTEBOOK} cell 1/3`);

    const forcedOff = fake({ isTTY: true, env: { FORCE_COLOR: '0' } });
    runAll(forcedOff);
    expect(forcedOff.written().replaceAll(ERASE, '')).not.toContain(ESC);
  });

  it('say: erases the live line, prints the line, and draws the live line again at the next tick', () => {
    const f = fake({ isTTY: true, env: { NO_COLOR: '1' } });
    f.progress.cellStarted(NOTEBOOK, 1, 3, []);
    f.progress.say('dockbook: SIGINT: interrupting the running cell');
    expect(f.written()).toBe(
      `${ERASE}  ▸ ${NOTEBOOK} cell 1/3 0.0s${ERASE}dockbook: SIGINT: interrupting the running cell\n`,
    );
    f.advance(TICK_MS);
    expect(f.written().endsWith(`\n${ERASE}  ▸ ${NOTEBOOK} cell 1/3 0.3s`)).toBe(true);
    f.progress.dispose();
    expect(f.written().endsWith(`0.3s${ERASE}`)).toBe(true);
    expect(vi.getTimerCount()).toBe(0);
  });

  it('say with no live line, or piped, is the line alone', () => {
    const tty = fake({ isTTY: true });
    tty.progress.say('connecting');
    expect(tty.written()).toBe('connecting\n');
    const piped = fake({ isTTY: false });
    piped.progress.cellStarted(NOTEBOOK, 1, 3, []);
    piped.progress.say('connecting');
    expect(piped.written()).toBe('connecting\n');
  });

  it('dispose mid-cell (the run threw) stops the timer and leaves no live line', () => {
    const f = fake({ isTTY: true });
    f.progress.cellStarted(NOTEBOOK, 1, 3, []);
    expect(vi.getTimerCount()).toBe(1);
    f.progress.dispose();
    expect(vi.getTimerCount()).toBe(0);
    expect(f.written().endsWith(ERASE)).toBe(true);
    f.progress.dispose();
    expect(f.written().endsWith(ERASE)).toBe(true);
  });

  it('its timer does not keep the process alive', () => {
    vi.useRealTimers();
    const stream = { write: () => true, isTTY: true, columns: 80 };
    const progress = new RunProgress({ stream, env: {} });
    progress.cellStarted(NOTEBOOK, 1, 3, []);
    const timer = (progress as unknown as { timer: NodeJS.Timeout }).timer;
    expect(timer.hasRef()).toBe(false);
    progress.dispose();
  });
});

describe('RunProgress grouped (notebooks run at once)', () => {
  const OTHER = 'notebooks/04-run.md';
  const other = (index: number): CellReport => ({ ...cell(index, 'passed'), location: `${OTHER}:${10 * index}` });
  const line = (notebook: string, c: CellReport, total: number) => `${resultLine(notebook, total, c)}\n`;

  /** Two notebooks whose cells end interleaved; the other one ends first. */
  function interleaved(f: ReturnType<typeof fake>): void {
    f.progress.cellStarted(NOTEBOOK, 1, 3, ['C07']);
    f.progress.cellStarted(OTHER, 1, 2, ['C07']);
    f.advance(1000);
    f.progress.cellEnded(NOTEBOOK, 3, CELLS[0]!);
    f.progress.cellStarted(NOTEBOOK, 2, 3, []);
    f.progress.cellEnded(NOTEBOOK, 3, CELLS[1]!);
    f.progress.cellEnded(OTHER, 2, other(1));
    f.progress.cellStarted(NOTEBOOK, 3, 3, ['C07']);
    f.progress.cellStarted(OTHER, 2, 2, []);
    f.progress.cellEnded(OTHER, 2, other(2));
    f.progress.notebookEnded(OTHER);
    f.advance(1000);
    f.progress.cellEnded(NOTEBOOK, 3, CELLS[2]!);
    f.progress.notebookEnded(NOTEBOOK);
    f.progress.dispose();
  }

  it("piped: each notebook's lines together, printed when it ends, in the order notebooks end", () => {
    const f = fake({ isTTY: false, grouped: true });
    interleaved(f);
    expect(f.written()).toBe(line(OTHER, other(1), 2) + line(OTHER, other(2), 2) + PLAIN);
  });

  it('holds nothing back when not grouped: each line as its cell ends', () => {
    const f = fake({ isTTY: false });
    interleaved(f);
    expect(f.written()).toBe(
      PLAIN.slice(0, PLAIN.indexOf('  ✗')) +
        line(OTHER, other(1), 2) +
        line(OTHER, other(2), 2) +
        PLAIN.slice(PLAIN.indexOf('  ✗')),
    );
  });

  it('in a terminal: the live line shows every running cell (its file name), in the order notebooks started', () => {
    const f = fake({ isTTY: true, env: { NO_COLOR: '1' }, grouped: true, columns: 120 });
    f.progress.cellStarted(NOTEBOOK, 1, 3, ['C07']);
    f.progress.cellStarted(OTHER, 1, 2, []);
    expect(f.written().split(ERASE).at(-1)).toBe(`  ▸ 03-build.md cell 1/3 C07 0.0s · 04-run.md cell 1/2 0.0s`);
    f.advance(TICK_MS);
    // The first notebook's cell ends: held, and the live line goes on with the other's.
    f.progress.cellEnded(NOTEBOOK, 3, CELLS[0]!);
    expect(f.written().split(ERASE).at(-1)).toBe(`  ▸ ${OTHER} cell 1/2 0.3s`);
    expect(f.written()).not.toContain('✓');
    expect(vi.getTimerCount()).toBe(1);
    f.progress.cellStarted(NOTEBOOK, 2, 3, []);
    expect(f.written().split(ERASE).at(-1)).toBe(`  ▸ 03-build.md cell 2/3 0.0s · 04-run.md cell 1/2 0.3s`);
    f.progress.dispose();
    expect(vi.getTimerCount()).toBe(0);
  });

  it('in a terminal, a whole run: the piped lines once the live lines are taken out; never wider than it', () => {
    const f = fake({ isTTY: true, env: { NO_COLOR: '1' }, grouped: true, columns: 60 });
    interleaved(f);
    const drawn = f.written().match(/\r\x1b\[2K {2}▸ [^\r\n]*/g) ?? [];
    expect(drawn.length).toBeGreaterThan(0);
    for (const live of drawn) expect([...live.slice(ERASE.length)].length).toBeLessThanOrEqual(59);
    const withoutLive = f
      .written()
      .replace(/\r\x1b\[2K {2}▸ [^\r\n]*/g, '')
      .replaceAll(ERASE, '');
    expect(withoutLive).toBe(line(OTHER, other(1), 2) + line(OTHER, other(2), 2) + PLAIN);
  });

  it('dispose prints the lines of a notebook that never ended (the run threw)', () => {
    const f = fake({ isTTY: false, grouped: true });
    f.progress.cellStarted(NOTEBOOK, 1, 3, ['C07']);
    f.progress.cellEnded(NOTEBOOK, 3, CELLS[0]!);
    expect(f.written()).toBe('');
    f.progress.dispose();
    expect(f.written()).toBe(line(NOTEBOOK, CELLS[0]!, 3));
  });
});

describe('RunProgress guard', () => {
  function streams(isTTY: boolean) {
    let written = '';
    const tty = {
      isTTY,
      columns: 80,
      write(text: string) {
        written += text;
        return true;
      },
    };
    const stdout = {
      write(text: string) {
        written += `[out]${text}`;
        return true;
      },
    };
    return { tty, stdout, written: () => written };
  }

  it("erases the live line before anyone else's write, to either stream, and draws it again at the next tick", () => {
    const s = streams(true);
    const { write: ownWrite } = s.tty;
    let time = 0;
    const progress = new RunProgress({
      stream: s.tty,
      env: { NO_COLOR: '1' },
      now: () => time,
      guard: [s.tty, s.stdout],
    });
    progress.cellStarted(NOTEBOOK, 1, 3, []);
    s.tty.write('(node:1) Warning: something\n');
    s.stdout.write('hello\n');
    time += 1000;
    vi.advanceTimersByTime(TICK_MS);
    expect(s.written()).toBe(
      `${ERASE}  ▸ ${NOTEBOOK} cell 1/3 0.0s${ERASE}(node:1) Warning: something\n[out]hello\n` +
        `${ERASE}  ▸ ${NOTEBOOK} cell 1/3 1.0s`,
    );
    progress.cellEnded(NOTEBOOK, 3, CELLS[0]!);
    s.tty.write('after\n');
    expect(s.written().endsWith(`1.0s${ERASE}  ✓ ${NOTEBOOK} cell 1/3 C07 1.2s\nafter\n`)).toBe(true);
    progress.dispose();
    expect(s.tty.write).toBe(ownWrite);
  });

  it('leaves the streams alone when there is no live line', () => {
    const s = streams(false);
    const { write: ownWrite } = s.tty;
    const progress = new RunProgress({ stream: s.tty, env: {}, guard: [s.tty, s.stdout] });
    expect(s.tty.write).toBe(ownWrite);
    progress.dispose();
  });
});
