import { inspect } from 'node:util';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { DockbookError } from '../../src/errors.ts';

const error = () =>
  new DockbookError({
    code: 'CONFLICT_RUNNING',
    operation: 'rm',
    target: 'container "web"',
    reason: 'it is running',
    hint: 'Stop it first, or rm("web", { force: true }).',
    command: 'docker rm -f web',
    cause: new Error('the engine said 409'),
  });

afterEach(() => vi.unstubAllEnvs());

describe('a DockbookError as console.log, Jupyter and an uncaught error print it', () => {
  it('is three short lines: what failed and why, the hint, the command; no stack, no field dump', () => {
    expect(inspect(error())).toBe(
      [
        'DockbookError [CONFLICT_RUNNING]: [rm] container "web": it is running.',
        '  hint: Stop it first, or rm("web", { force: true }).',
        '  $ docker rm -f web',
      ].join('\n'),
    );
  });

  it('says nothing twice: a hint that only repeats the reason, or a command already said, is left out', () => {
    const repeated = new DockbookError({
      code: 'NOT_FOUND',
      operation: 'inspect',
      target: 'docker inspect web',
      reason: 'no such container',
      hint: 'No such container.',
      command: 'docker inspect web',
    });
    expect(inspect(repeated)).toBe('DockbookError [NOT_FOUND]: [inspect] docker inspect web: no such container.');
  });

  it('keeps the whole message, stack and cause for code to read', () => {
    const thrown = error();
    expect(thrown.message).toBe(
      '[rm] container "web": it is running. Stop it first, or rm("web", { force: true }). (docker rm -f web)',
    );
    expect(thrown.stack).toMatch(/\n\s+at /);
    expect((thrown.cause as Error).message).toBe('the engine said 409');
  });

  it.each(['1', 'yes'])('prints whole, stack, fields and cause included, with DOCKBOOK_DEBUG=%s', (value) => {
    vi.stubEnv('DOCKBOOK_DEBUG', value);
    const printed = inspect(error());
    expect(printed).toMatch(/^DockbookError: \[rm\] container "web": it is running\./);
    expect(printed).toMatch(/\n\s+at /);
    expect(printed).toContain("code: 'CONFLICT_RUNNING'");
    expect(printed).toContain('[cause]: Error: the engine said 409');
  });

  it.each(['', '0'])('stays short with DOCKBOOK_DEBUG=%j', (value) => {
    vi.stubEnv('DOCKBOOK_DEBUG', value);
    expect(inspect(error()).split('\n')).toHaveLength(3);
  });
});
