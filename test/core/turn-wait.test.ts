import { afterEach, describe, expect, it, vi } from 'vitest';
import { forgetTurnWaits, turnWaitedMs, waitForTurn } from '../../src/core/turn-wait.ts';

afterEach(() => {
  vi.useRealTimers();
  forgetTurnWaits(process.pid);
});

describe("a process's waits for other sessions' turns", () => {
  it('are counted while under way and once ended, overlapping waits once', () => {
    vi.useFakeTimers({ now: 1_000_000, toFake: ['Date'] });
    const before = turnWaitedMs(process.pid);
    const first = waitForTurn();
    vi.setSystemTime(1_002_000);
    expect(turnWaitedMs(process.pid) - before).toBe(2000);
    // A second wait beside the first: the process waits once.
    const second = waitForTurn();
    vi.setSystemTime(1_003_000);
    first.end();
    first.end();
    vi.setSystemTime(1_004_000);
    expect(turnWaitedMs(process.pid) - before).toBe(4000);
    second.end();
    vi.setSystemTime(1_010_000);
    // Ended: the time after it is not a wait.
    expect(turnWaitedMs(process.pid) - before).toBe(4000);
    const third = waitForTurn();
    vi.setSystemTime(1_010_500);
    third.end();
    expect(turnWaitedMs(process.pid) - before).toBe(4500);
  });

  it('read as 0 for a process with no record, and a forgotten one', () => {
    expect(turnWaitedMs(2 ** 22 + 12345)).toBe(0);
    waitForTurn().end();
    forgetTurnWaits(process.pid);
    expect(turnWaitedMs(process.pid)).toBe(0);
  });
});
