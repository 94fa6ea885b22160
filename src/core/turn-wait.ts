import { chmodSync, existsSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sweepDeadPids } from './pids.ts';

/**
 * How long a process has waited for other sessions' turns on an engine: the image gate's (images/image-gate.ts: builds
 * take turns, a removal waits for builds in flight, a build waits for another session's no-cache lease). Those waits
 * are bounded by the gate, and they last as long as another session's work does: notebooks run at once (`dockbook
 * run -j`), or two runs on one engine, make them long. A cell's timeout is the cell's own time, so the runner's
 * kernel client does not count them (see turnWaitedMs).
 *
 * Each process keeps its record in a file of this host's shared temporary folder (the gate's folder is there too, and
 * every process finds it whatever its TMPDIR or cache), `<tmp>/dockbook-turn-waits/<pid>.json`:
 * `{ "totalMs": …, "since": … }`, the waits that ended and when the one under way began (null when none is).
 */
const DIR = join(existsSync('/tmp') ? '/tmp' : tmpdir(), 'dockbook-turn-waits');

const file = (pid: number) => join(DIR, `${pid}.json`);

/** This process's waits: those that ended, and the ones under way (several calls can wait at once). */
const own = { totalMs: 0, since: 0, waiting: 0, recorded: false };

function record(): void {
  try {
    if (!own.recorded) {
      mkdirSync(DIR, { recursive: true, mode: 0o1777 });
      chmodSync(DIR, 0o1777);
      // This process's first record: those of processes that are gone go.
      sweepDeadPids(DIR, /^(\d+)\.json/);
      own.recorded = true;
    }
    const text = JSON.stringify({ totalMs: own.totalMs, since: own.waiting > 0 ? own.since : null });
    writeFileSync(`${file(process.pid)}.tmp`, text);
    renameSync(`${file(process.pid)}.tmp`, file(process.pid));
  } catch {
    // Only a cell's timeout reads it: a record that cannot be written leaves the timeout as it is.
  }
}

/** A wait under way: `end()` (idempotent) when the turn came, or the work gave up. */
export interface TurnWait {
  end(): void;
}

/**
 * Starts counting a wait for another session's turn (see the module's comment), until `end()`.
 *
 * @example
 * const wait = waitForTurn();
 * try { await withLock(file, async () => { wait.end(); return work(); }); } finally { wait.end(); }
 */
export function waitForTurn(): TurnWait {
  if (own.waiting++ === 0) {
    own.since = Date.now();
    record();
  }
  let ended = false;
  return {
    end: () => {
      if (ended) return;
      ended = true;
      if (--own.waiting > 0) return;
      own.totalMs += Date.now() - own.since;
      record();
    },
  };
}

/**
 * How long the process `pid` has waited for other sessions' turns so far, in ms, the wait under way included; 0 when
 * it has no record. The difference between two readings is what it waited between them.
 *
 * @example
 * const before = turnWaitedMs(kernel.pid); // … the cell runs …
 * const waited = turnWaitedMs(kernel.pid) - before;
 */
export function turnWaitedMs(pid: number, now = Date.now()): number {
  try {
    const { totalMs, since } = JSON.parse(readFileSync(file(pid), 'utf8')) as { totalMs: number; since: number | null };
    return totalMs + (since === null ? 0 : Math.max(0, now - since));
  } catch {
    return 0;
  }
}

/** Removes the record of `pid` (a kernel starting, whose pid a gone process may have had; a kernel gone). */
export function forgetTurnWaits(pid: number): void {
  rmSync(file(pid), { force: true });
}
