import { describe, expect, it } from 'vitest';
import { raisesMatch } from '../../../src/notebook/verify/raises.ts';
import type { ThrownError } from '../../../src/notebook/verify/verdict.ts';

const NOT_FOUND: ThrownError = {
  name: 'DockbookError',
  code: 'NOT_FOUND',
  message: '[inspect] container "web": No such container: web.',
};
const CHECK: ThrownError = {
  name: 'CheckFailure',
  message: 'claim failed: the container is running\n  expected: running\n  actual:   exited',
};

describe('raisesMatch with an error code', () => {
  it("matches the thrown error's code exactly", () => {
    expect(raisesMatch('NOT_FOUND', NOT_FOUND)).toEqual({ ok: true });
    expect(
      raisesMatch('ERR_INVALID_ARG_TYPE', { name: 'TypeError', code: 'ERR_INVALID_ARG_TYPE', message: 'bad' }),
    ).toEqual({ ok: true });
  });

  it('does not match another code, a part of it, or a longer one', () => {
    expect(raisesMatch('CONFLICT_RUNNING', NOT_FOUND)).toEqual({
      ok: false,
      problem:
        'expected the cell to fail with the error code CONFLICT_RUNNING, but it threw DockbookError with the code ' +
        'NOT_FOUND: [inspect] container "web": No such container: web.',
    });
    expect(raisesMatch('FOUND', NOT_FOUND).ok).toBe(false);
    expect(raisesMatch('NOT_FOUND', { ...NOT_FOUND, code: 'NOT_FOUND_X' }).ok).toBe(false);
    expect(raisesMatch('not_found', NOT_FOUND).ok).toBe(false);
  });

  it('does not match an error whose message or name holds the word but that has no such code', () => {
    expect(raisesMatch('NOT_FOUND', { name: 'Error', message: 'NOT_FOUND' })).toEqual({
      ok: false,
      problem:
        'expected the cell to fail with the error code NOT_FOUND, but it threw Error with no error code: NOT_FOUND',
    });
    expect(raisesMatch('NOT_FOUND', { name: 'NOT_FOUND', message: 'code: NOT_FOUND' }).ok).toBe(false);
    expect(raisesMatch('DockbookError', NOT_FOUND).ok).toBe(false);
    expect(raisesMatch('No such container', NOT_FOUND).ok).toBe(false);
  });

  it('shows only the first line of the message in the problem', () => {
    expect(raisesMatch('NOT_FOUND', CHECK).problem).toBe(
      'expected the cell to fail with the error code NOT_FOUND, but it threw CheckFailure with no error code: claim ' +
        'failed: the container is running',
    );
  });
});

describe('raisesMatch with /regex/flags', () => {
  it('matches the thrown message only', () => {
    expect(raisesMatch('/no such (container|image): web/i', NOT_FOUND)).toEqual({ ok: true });
    expect(raisesMatch('/^\\[inspect\\]/', NOT_FOUND)).toEqual({ ok: true });
    expect(raisesMatch('/no such container/', NOT_FOUND)).toEqual({
      ok: false,
      problem:
        'expected the cell to fail with an error whose message matches /no such container/, but it threw ' +
        'DockbookError: [inspect] container "web": No such container: web.',
    });
    // Not the name, not the code.
    expect(raisesMatch('/DockbookError/', NOT_FOUND).ok).toBe(false);
    expect(raisesMatch('/NOT_FOUND/', NOT_FOUND).ok).toBe(false);
  });

  it('never matches a failed check, even when its message does', () => {
    expect(raisesMatch('/claim failed/', CHECK)).toEqual({
      ok: false,
      problem:
        'expected the cell to fail with an error matching /claim failed/, but a check failed: claim failed: the ' +
        'container is running',
    });
    expect(raisesMatch('/.*/', CHECK).ok).toBe(false);
    expect(raisesMatch('/.*/s', { name: 'Error', message: 'anything' })).toEqual({ ok: true });
  });

  it('never matches a malformed regex, and says why', () => {
    const judged = raisesMatch('/(unclosed/', NOT_FOUND);
    expect(judged.ok).toBe(false);
    expect(judged.problem).toMatch(/^raises=\/\(unclosed\/ is not a valid regex: .*Unterminated group/);
  });
});

describe('raisesMatch with nothing recorded', () => {
  it('matches no raises= when the kernel did not record what the cell threw', () => {
    for (const raises of ['NOT_FOUND', '/.*/']) {
      expect(raisesMatch(raises, undefined)).toEqual({
        ok: false,
        problem:
          `expected the cell to fail with ${raises}, but what it threw was not recorded (it did not compile, or ` +
          `threw a value that is not an Error)`,
      });
    }
  });

  it('matches no code on a thrown value that is not an Error', () => {
    expect(raisesMatch('NOT_FOUND', { name: '', message: 'NOT_FOUND' }).ok).toBe(false);
  });
});
