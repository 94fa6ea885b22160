import { describe, expect, it } from 'vitest';
import { matchLine, NO_BINDINGS, type Bindings } from '../../../src/notebook/verify/line-match.ts';
import type { Sessions } from '../../../src/notebook/verify/values.ts';

const NONE: Sessions = new Set();

/**
 * Matches expected lines against actual ones in order, carrying the bindings: the first failure's index and problem, or
 * ok.
 */
function lines(
  expected: string[],
  actual: string[],
  sessions: Sessions = NONE,
): { ok: true } | { ok: false; at: number; problem?: string } {
  let bindings: Bindings = NO_BINDINGS;
  for (const [i, line] of expected.entries()) {
    const result = matchLine(line, actual[i]!, bindings, sessions);
    if (!result.ok) return { ok: false, at: i, ...(result.problem ? { problem: result.problem } : {}) };
    bindings = result.bindings;
  }
  return { ok: true };
}
const ok = (expected: string, actual: string, sessions: Sessions = NONE) =>
  matchLine(expected, actual, NO_BINDINGS, sessions).ok;

describe('matchLine: text', () => {
  it('needs the text around values to be equal; a run of 2+ spaces matches any run of 2+ spaces', () => {
    expect(ok('hello world', 'hello world')).toBe(true);
    expect(ok('hello world', 'hello  world')).toBe(false);
    expect(ok('NAME  STATUS', 'NAME      STATUS')).toBe(true);
    expect(ok('NAME    STATUS', 'NAME STATUS')).toBe(false);
    expect(ok('a.b*c', 'aXb*c')).toBe(false);
    expect(ok('exit code 0', 'exit code 1')).toBe(false);
    expect(ok('[exit 137]', '[exit 0]')).toBe(false);
  });

  it('keeps the bindings it is given untouched, and returns new ones', () => {
    const first = matchLine('a 3f2a1c9d8e7b', 'a 0a1b2c3d4e5f', NO_BINDINGS, NONE);
    expect(first.ok).toBe(true);
    expect(NO_BINDINGS.forward.size).toBe(0);
    expect(first.ok && first.bindings.forward.get('hex:3f2a1c9d8e7b')).toBe('hex:0a1b2c3d4e5f');
  });
});

describe('matchLine: identities are one to one across the lines', () => {
  it('IDs: equal ones made different fail, different ones made equal fail', () => {
    expect(lines(['a 3f2a1c9d8e7b', 'b 3f2a1c9d8e7b'], ['a 0a1b2c3d4e5f', 'b 0a1b2c3d4e5f'])).toEqual({ ok: true });
    expect(lines(['a 3f2a1c9d8e7b', 'b 9f8e7d6c5b4a'], ['a 0a1b2c3d4e5f', 'b 1f8e7d6c5b4a'])).toEqual({ ok: true });
    expect(lines(['a 3f2a1c9d8e7b', 'b 3f2a1c9d8e7b'], ['a 0a1b2c3d4e5f', 'b 9f8e7d6c5b4a'])).toEqual({
      ok: false,
      at: 1,
      problem: '3f2a1c9d8e7b stood for another value earlier in the cell, not 9f8e7d6c5b4a',
    });
    expect(lines(['a 3f2a1c9d8e7b', 'b 9f8e7d6c5b4a'], ['a 0a1b2c3d4e5f', 'b 0a1b2c3d4e5f'])).toEqual({
      ok: false,
      at: 1,
      problem: '0a1b2c3d4e5f already stood for another value of the expected block than 9f8e7d6c5b4a',
    });
  });

  it("a short ID sharing its full ID's first 12 hex is the same identity, in either order", () => {
    const full = (head: string) => `${head}${'5a4f'.repeat(13)}`;
    const expected = [`id ${full('3f2a1c9d8e7b')}`, 'short 3f2a1c9d8e7b'];
    expect(lines(expected, [`id ${full('0a1b2c3d4e5f')}`, 'short 0a1b2c3d4e5f'])).toEqual({ ok: true });
    expect(lines(expected, [`id ${full('0a1b2c3d4e5f')}`, 'short 0a1b2c3d4e50']).ok).toBe(false);
    expect(
      lines(
        ['short 3f2a1c9d8e7b', `digest sha256:${full('3f2a1c9d8e7b')}`],
        ['short 0a1b2c3d4e5f', `digest sha256:${full('0a1b2c3d4e5f')}`],
      ),
    ).toEqual({ ok: true });
    // A short ID that was another identity in the expected block may not become the full ID's.
    expect(
      lines([`id ${full('3f2a1c9d8e7b')}`, 'short 9a8b7c6d5e4f'], [`id ${full('0a1b2c3d4e5f')}`, 'short 0a1b2c3d4e5f'])
        .ok,
    ).toBe(false);
  });

  it('generated names, IPs and random host ports likewise', () => {
    expect(lines(['brave_turing', 'brave_turing'], ['zen_mayer', 'happy_hopper']).ok).toBe(false);
    expect(lines(['brave_turing', 'happy_einstein'], ['zen_mayer', 'zen_mayer']).ok).toBe(false);
    expect(lines(['brave_turing', 'happy_einstein'], ['zen_mayer', 'happy_hopper'])).toEqual({ ok: true });
    expect(lines(['172.17.0.2', '172.17.0.2'], ['172.17.0.5', '172.17.0.6']).ok).toBe(false);
    expect(lines(['172.17.0.2', '172.17.0.3'], ['172.17.0.5', '172.17.0.5']).ok).toBe(false);
    expect(
      lines(['0.0.0.0:32768->80', 'http://localhost:32768/'], ['0.0.0.0:40001->80', 'http://localhost:40002/']).ok,
    ).toBe(false);
    expect(lines(['0.0.0.0:32768->80', '0.0.0.0:32769->81'], ['0.0.0.0:40001->80', '0.0.0.0:40001->81']).ok).toBe(
      false,
    );
    expect(
      lines(['0.0.0.0:32768->80', 'http://localhost:32768/'], ['0.0.0.0:40001->80', 'http://localhost:40001/']),
    ).toEqual({ ok: true });
  });

  it("sessions likewise, and only the run's own session ids are sessions", () => {
    const sessions = new Set(['91bc0e44', '5e6f7a8b']);
    expect(lines(['web-3f2a1c9d', 'db-3f2a1c9d'], ['web-91bc0e44', 'db-91bc0e44'], sessions)).toEqual({ ok: true });
    expect(lines(['web-3f2a1c9d', 'db-3f2a1c9d'], ['web-91bc0e44', 'db-5e6f7a8b'], sessions).ok).toBe(false);
    expect(lines(['web-3f2a1c9d', 'db-0c0c0c0c'], ['web-91bc0e44', 'db-91bc0e44'], sessions).ok).toBe(false);
    // Another 8-hex token is compared as written.
    expect(matchLine('web-3f2a1c9d', 'web-0badf00d', NO_BINDINGS, sessions)).toEqual({
      ok: false,
      problem: '0badf00d is not 3f2a1c9d',
    });
    expect(ok('web-3f2a1c9d', 'web-91bc0e44', NONE)).toBe(false);
    expect(ok('web-3f2a1c9d', 'web-3f2a1c9d', NONE)).toBe(true);
  });

  it('a dated tag is not a session: app-20261204 does not match app-20261205', () => {
    const sessions = new Set(['91bc0e44']);
    expect(matchLine('tag app-20261204', 'tag app-20261205', NO_BINDINGS, sessions)).toEqual({
      ok: false,
      problem: '20261205 is not 20261204',
    });
    expect(ok('tag app-20261204', 'tag app-20261204', sessions)).toBe(true);
  });

  it('a fixed host port (below 32768) is compared as written', () => {
    expect(ok('http://127.0.0.1:5000/', 'http://127.0.0.1:5001/')).toBe(false);
    expect(ok('0.0.0.0:5000->80/tcp', '0.0.0.0:5001->80/tcp')).toBe(false);
    expect(ok('-p 3000:80', '-p 3001:80')).toBe(false);
    expect(ok('http://127.0.0.1:5000/', 'http://127.0.0.1:5000/')).toBe(true);
    // A random port in the block does not let a fixed one through, and a fixed one is not a random one.
    expect(matchLine('0.0.0.0:32768->80', '0.0.0.0:10000->80', NO_BINDINGS, NONE)).toEqual({
      ok: false,
      problem: '10000 is not 32768',
    });
    expect(ok('0.0.0.0:10000->80', '0.0.0.0:32768->80')).toBe(false);
  });
});

describe('matchLine: times', () => {
  it('equal times must stay equal; different ones may fall in the same second', () => {
    expect(
      lines(['t 2026-11-22T06:15:38Z', 'u 2026-11-22T06:15:38Z'], ['t 2026-12-01T00:00:00Z', 'u 2026-12-01T00:00:00Z']),
    ).toEqual({ ok: true });
    expect(
      lines(['t 2026-11-22T06:15:38Z', 'u 2026-11-22T06:15:38Z'], ['t 2026-12-01T00:00:00Z', 'u 2026-12-01T00:00:01Z'])
        .ok,
    ).toBe(false);
    expect(
      lines(['t 2026-11-22T06:15:38Z', 'u 2026-11-22T06:15:39Z'], ['t 2026-12-01T00:00:00Z', 'u 2026-12-01T00:00:00Z']),
    ).toEqual({ ok: true });
    expect(
      lines(
        ['built Sun Nov 22 06:15:38 UTC 2026', 'again Sun Nov 22 06:15:38 UTC 2026'],
        ['built Fri Dec  4 05:00:00 UTC 2026', 'again Fri Dec  4 05:00:01 UTC 2026'],
      ).ok,
    ).toBe(false);
  });
});

describe('matchLine: sizes and durations', () => {
  it('a size within ×2 passes, ×10 fails, zero only equals zero', () => {
    expect(ok('size 100MB', 'size 150MB')).toBe(true);
    expect(matchLine('size 119MB', 'size 1190MB', NO_BINDINGS, NONE)).toEqual({
      ok: false,
      problem: 'the size 1190MB is not within ×2 of the expected 119MB',
    });
    expect(ok('wrote 0B', 'wrote 5B')).toBe(false);
    expect(ok('wrote 0B', 'wrote 0B')).toBe(true);
  });

  it('a duration within 0.5 s or ×5 passes; ten times off fails', () => {
    expect(ok('took 0.1s', 'took 2s')).toBe(false);
    expect(ok('took 8.6s', 'took 86s')).toBe(false);
    expect(ok('took 0.2s', 'took 0.6s')).toBe(true);
    expect(ok('Up Less than a second', 'Up 3 seconds')).toBe(true);
    expect(matchLine('Up Less than a second', 'Up 6 seconds', NO_BINDINGS, NONE)).toEqual({
      ok: false,
      problem: 'the duration 6 seconds is not within 0.5 s or ×5 of the expected Less than a second',
    });
    expect(ok('Exited (0) 3 seconds ago', 'Exited (0) About a minute ago')).toBe(false);
    expect(ok('Exited (0) 3 seconds ago', 'Exited (1) 3 seconds ago')).toBe(false);
  });
});

describe('matchLine: placeholders typed by hand', () => {
  it('an unnumbered one matches any value of its kind, and claims nothing about identity', () => {
    expect(lines(['<short-id>', '<short-id>'], ['0a1b2c3d4e5f', '9f8e7d6c5b4a'])).toEqual({ ok: true });
    expect(ok('Up <duration>', 'Up About an hour')).toBe(true);
    expect(ok('<size>', '0B')).toBe(true);
    expect(ok('<ip> <ip>', '172.17.0.5 [fd00::2]')).toBe(true);
    expect(ok('<time>', 'Sun Nov 22 06:15:38 UTC 2026')).toBe(true);
    expect(ok('sha256:<digest>', `sha256:${'ab12'.repeat(16)}`)).toBe(true);
    expect(ok('sha256:<id>', `sha256:${'ab12'.repeat(16)}`)).toBe(true);
  });

  it("but only a value of its kind: not text, not a fixed port, not another run's session", () => {
    expect(ok('<short-id>', 'web')).toBe(false);
    expect(matchLine('0.0.0.0:<port>->80', '0.0.0.0:10000->80', NO_BINDINGS, NONE)).toEqual({
      ok: false,
      problem: '10000 is not a <port>',
    });
    expect(matchLine('web-<session>', 'web-91bc0e44', NO_BINDINGS, NONE)).toEqual({
      ok: false,
      problem: '91bc0e44 is not a <session>',
    });
    expect(ok('web-<session>', 'web-91bc0e44', new Set(['91bc0e44']))).toBe(true);
  });

  it('numbered ones are identities: <id-1> twice is one value, <id-1> and <id-2> are two', () => {
    const [a, b] = ['ab12'.repeat(16), 'cd34'.repeat(16)];
    expect(ok('<id-1> <id-1>', `${a} ${a}`)).toBe(true);
    expect(ok('<id-1> <id-1>', `${a} ${b}`)).toBe(false);
    expect(ok('<id-1> <id-2>', `${a} ${a}`)).toBe(false);
    expect(ok('<id-1> <short-id-1>', `${a} ab12ab12ab12`)).toBe(true);
    expect(ok('<id-1> <short-id-1>', `${a} cd34cd34cd34`)).toBe(false);
  });
});
