import { describe, expect, it } from 'vitest';
import { raisesMatch } from '../../../src/notebook/verify/raises.ts';

// The error text the runner builds for a DockbookError tslab printed: name, value, traceback.
const NOT_FOUND = "DockbookError\n[inspect] container \"web\": No such container: web.\nDockbookError: [inspect] container \"web\": No such container: web.\n    at inspect (file:///x/dist/inspect.js:1:1) {\n  code: 'NOT_FOUND'\n}";

describe('raisesMatch', () => {
  it('matches an error code as a whole word of the error text', () => {
    expect(raisesMatch('NOT_FOUND', NOT_FOUND)).toEqual({ ok: true });
    expect(raisesMatch('NOT_FOUND', 'code NOT_FOUND')).toEqual({ ok: true });
    expect(raisesMatch('CONFLICT_RUNNING', NOT_FOUND)).toEqual({ ok: false });
    expect(raisesMatch('FOUND', NOT_FOUND)).toEqual({ ok: false });
    expect(raisesMatch('NOT_FOUND', "code: 'NOT_FOUND_X'")).toEqual({ ok: false });
  });

  it('matches an error name or a phrase the same way, regex characters taken literally', () => {
    expect(raisesMatch('DockbookError', NOT_FOUND)).toEqual({ ok: true });
    expect(raisesMatch('No such container', NOT_FOUND)).toEqual({ ok: true });
    expect(raisesMatch('Error', NOT_FOUND)).toEqual({ ok: false });
    expect(raisesMatch('web.', NOT_FOUND)).toEqual({ ok: true });
    expect(raisesMatch('(web)', NOT_FOUND)).toEqual({ ok: false });
  });

  it('reads /pattern/flags as a regex over the error text', () => {
    expect(raisesMatch('/no such (container|image): web/i', NOT_FOUND)).toEqual({ ok: true });
    expect(raisesMatch('/no such container/', NOT_FOUND)).toEqual({ ok: false });
    expect(raisesMatch('/^\\[inspect\\]/m', NOT_FOUND)).toEqual({ ok: true });
  });

  it('never matches a malformed regex, and says why', () => {
    const judged = raisesMatch('/(unclosed/', NOT_FOUND);
    expect(judged.ok).toBe(false);
    expect(judged.problem).toMatch(/^raises=\/\(unclosed\/ is not a valid regex: .*Unterminated group/);
  });
});
