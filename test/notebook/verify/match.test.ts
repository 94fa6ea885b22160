import { describe, expect, it } from 'vitest';
import { isDockbookError } from '../../../src/errors.ts';
import { matchOutput } from '../../../src/notebook/verify/match.ts';

const ok = (expected: string, actual: string) => matchOutput(expected, actual).ok;
const HEADER = '--- expected (from the notebook)\n+++ actual (from the engine)\n';

describe('matchOutput', () => {
  it('matches equal text, ignoring trailing whitespace on lines and trailing blank lines', () => {
    expect(ok('hello\nworld\n', 'hello   \nworld\n\n\n')).toBe(true);
    expect(ok('hello\n\n', 'hello')).toBe(true);
    expect(ok('', '\n\n')).toBe(true);
    expect(ok('hello\r\nworld\r\n', 'hello\nworld\n')).toBe(true);
    expect(ok('hello\n', 'Hello\n')).toBe(false);
    expect(ok('\nhello\n', 'hello\n')).toBe(false);
    expect(ok('  hello\n', 'hello\n')).toBe(false);
    expect(ok('', 'printed\n')).toBe(false);
  });

  it('matches volatile values by their rules, across the whole cell', () => {
    expect(ok('3f2a1c9d8e7b   brave_turing   Up 2 seconds\n', '9a8b7c6d5e4f   zen_mayer   Up 3 seconds\n')).toBe(true);
    expect(ok('first 3f2a1c9d8e7b\nsecond 3f2a1c9d8e7b\n', 'first 0a1b2c3d4e5f\nsecond 0a1b2c3d4e5f\n')).toBe(true);
    expect(ok('first 3f2a1c9d8e7b\nsecond 3f2a1c9d8e7b\n', 'first 0a1b2c3d4e5f\nsecond 9f8e7d6c5b4a\n')).toBe(false);
    expect(ok('first 3f2a1c9d8e7b\nsecond 9f8e7d6c5b4a\n', 'first 0a1b2c3d4e5f\nsecond 0a1b2c3d4e5f\n')).toBe(false);
    expect(ok('Exited (0) 3 seconds ago\n', 'Exited (1) 3 seconds ago\n')).toBe(false);
    expect(ok('image 119MB\n', 'image 1190MB\n')).toBe(false);
  });

  it('carries identities across a `...`: a value bound before it stays bound after it', () => {
    expect(
      ok('built 3f2a1c9d8e7b\n...\nrunning 3f2a1c9d8e7b\n', 'built 0a1b2c3d4e5f\nstep\nrunning 0a1b2c3d4e5f\n'),
    ).toBe(true);
    expect(
      ok('built 3f2a1c9d8e7b\n...\nrunning 3f2a1c9d8e7b\n', 'built 0a1b2c3d4e5f\nstep\nrunning 9f8e7d6c5b4a\n'),
    ).toBe(false);
  });

  it('keeps the distances between the times of a cell: the first may be any time, the others follow it', () => {
    const expected =
      'built at Sun Nov 22 07:39:39 UTC 2026\nstarted at 2026-11-22T07:39:41.958Z\n' +
      'again at Sun Nov 22 07:39:39 UTC 2026\n';
    const actual =
      'built at Fri Dec  4 06:00:10 UTC 2026\nstarted at 2026-12-04T06:00:12.300Z\n' +
      'again at Fri Dec  4 06:00:10 UTC 2026\n';
    expect(matchOutput(expected, actual).ok).toBe(true);
    expect(
      matchOutput(
        expected.replace('2026\nagain', '2027\nagain').replace('07:39:39 UTC 2026\n', '07:39:39 UTC 2027\n'),
        actual,
      ).ok,
    ).toBe(false);
    const yearLater = matchOutput(expected.replace('2026-11-22T07:39:41', '2027-11-22T07:39:41'), actual);
    expect(yearLater.ok).toBe(false);
    expect(yearLater.problem).toMatch(
      /is 2\.3 s from the cell's first time, where the expected block has 2027-11-22T07:39:41\.958Z/,
    );
    expect(matchOutput('created 2026-11-22T07:33:57.720Z\n', 'created 2026-12-04T06:00:00.000Z\n').ok).toBe(true);
    // A busy machine stretches the seconds between steps (46 s seen under load): not a claim. An hour is.
    expect(matchOutput(expected, actual.replace('06:00:12.300Z', '06:00:58.000Z')).ok).toBe(true);
    expect(matchOutput(expected, actual.replace('06:00:12.300Z', '07:00:12.300Z')).ok).toBe(false);
  });

  it("counts only the run's own session ids as sessions", () => {
    const sessions = new Set(['91bc0e44']);
    expect(matchOutput('web-3f2a1c9d\ndb-3f2a1c9d\n', 'web-91bc0e44\ndb-91bc0e44\n', { sessions }).ok).toBe(true);
    expect(matchOutput('web-3f2a1c9d\n', 'web-91bc0e44\n').ok).toBe(false);
    expect(matchOutput('tag app-20261204\n', 'tag app-20261205\n', { sessions }).ok).toBe(false);
  });

  it("applies the notebook's normalizers to both sides first, and refuses one that rewrites an exit status", () => {
    expect(matchOutput('took #1\n', 'took #2\n', { normalizers: [{ pattern: '#\\d', replacement: '#n' }] }).ok).toBe(
      true,
    );
    expect(() =>
      matchOutput('[exit 0]\n', '[exit 137]\n', { normalizers: [{ pattern: 'exit \\d+', replacement: 'exit N' }] }),
    ).toThrow(/\[normalize\] \/exit \\d\+\/: this notebook normalizer rewrites "\[exit 0\]"/);
    try {
      matchOutput('a\n', 'a\n', { normalizers: [{ pattern: 'NOT_FOUND', replacement: 'X' }] });
      expect.unreachable();
    } catch (error) {
      expect(isDockbookError(error, 'INVALID_ARGUMENT')).toBe(true);
    }
  });
});

describe('matchOutput on a mismatch', () => {
  it('gives a diff of the shown lines, and no problem for plain text', () => {
    expect(matchOutput('Up 2 seconds\nhello\n', 'Up 3 seconds\nhullo\n')).toEqual({
      ok: false,
      diff: `${HEADER}@@ -1,2 +1,2 @@\n  Up 3 seconds\n- hello\n+ hullo`,
    });
    expect(matchOutput('a\n', 'a\n')).toEqual({ ok: true });
  });

  it('numbers identities by first appearance per side in the diff, so a broken identity shows', () => {
    expect(matchOutput('a 3f2a1c9d8e7b\nb 3f2a1c9d8e7b\n', 'a 0a1b2c3d4e5f\nb 9f8e7d6c5b4a\n')).toEqual({
      ok: false,
      diff: `${HEADER}@@ -1,2 +1,2 @@\n  a <short-id-1>\n- b <short-id-1>\n+ b <short-id-2>`,
      problem: 'line 2: 3f2a1c9d8e7b stood for another value earlier in the cell, not 9f8e7d6c5b4a',
    });
    expect(matchOutput('a 3f2a1c9d8e7b\nb 9f8e7d6c5b4a\n', 'a 0a1b2c3d4e5f\nb 0a1b2c3d4e5f\n')).toEqual({
      ok: false,
      diff: `${HEADER}@@ -1,2 +1,2 @@\n  a <short-id-1>\n- b <short-id-2>\n+ b <short-id-1>`,
      problem: 'line 2: 0a1b2c3d4e5f already stood for another value of the expected block than 9f8e7d6c5b4a',
    });
  });

  it('numbers sessions, times and ports; a time that should have stayed equal shows as <time-2>', () => {
    const sessions = new Set(['91bc0e44', '5e6f7a8b']);
    const result = matchOutput(
      'web-3f2a1c9d at 2026-11-22T06:15:38Z\ndb-3f2a1c9d at 2026-11-22T06:15:38Z\n',
      'web-91bc0e44 at 2026-12-04T05:00:00Z\ndb-5e6f7a8b at 2026-12-04T05:00:01Z\n',
      { sessions },
    );
    expect(result.ok).toBe(false);
    expect(result.diff).toBe(
      `${HEADER}@@ -1,2 +1,2 @@\n  web-<session-1> at <time-1>\n- db-<session-1> at <time-1>\n` +
        `+ db-<session-2> at <time-2>`,
    );
    expect(result.problem).toBe('line 2: 3f2a1c9d stood for another value earlier in the cell, not 5e6f7a8b');
  });

  it('names the value and the tolerance a size or duration broke', () => {
    expect(matchOutput('image 119MB\n', 'image 1190MB\n').problem).toBe(
      'line 1: the size 1190MB is not within ×2 of the expected 119MB',
    );
    expect(matchOutput('done\ntook 8.6s\n', 'done\ntook 86s\n').problem).toBe(
      'line 2: the duration 86s is not within 0.5 s or ×5 of the expected 8.6s',
    );
    expect(matchOutput('Up Less than a second\n', 'Up 6 seconds\n').diff).toBe(
      `${HEADER}@@ -1 +1 @@\n- Up Less than a second\n+ Up 6 seconds`,
    );
  });

  it('names a fixed value that changed: a dated tag, a random port that came out fixed', () => {
    expect(matchOutput('tag app-20261204\n', 'tag app-20261205\n', { sessions: new Set(['91bc0e44']) }).problem).toBe(
      'line 1: 20261205 is not 20261204',
    );
    expect(matchOutput('0.0.0.0:32768->80\n', '0.0.0.0:10000->80\n').problem).toBe('line 1: 10000 is not 32768');
  });

  it(
    'shows a line that matches as context, even with typed ' + 'placeholders, a dated tag or a size within tolerance',
    () => {
      const result = matchOutput(
        'id <short-id>\nUp <duration>\ntag app-20261204\nsize 100MB\nhello\n',
        'id 3f2a1c9d8e7b\nUp 3 seconds\ntag app-20261204\nsize 150MB\nhullo\n',
      );
      expect(result.diff).toBe(`${HEADER}@@ -3,3 +3,3 @@\n  tag app-20261204\n  size 150MB\n- hello\n+ hullo`);
      const numbered = matchOutput('<id-2> made\nhello\n', `${'ab12'.repeat(16)} made\nhullo\n`);
      expect(numbered.diff).toBe(`${HEADER}@@ -1,2 +1,2 @@\n  <id-1> made\n- hello\n+ hullo`);
    },
  );

  it('says why a block of only `...` fails', () => {
    expect(matchOutput('...\n', 'anything\n').problem).toMatch(
      /^its expected block is only `\.\.\.`, which claims nothing/,
    );
  });
});
