import { describe, expect, it } from 'vitest';
import { check, CheckFailure } from '../src/check.ts';
import { DockbookError } from '../src/errors.ts';

/** The CheckFailure message a failing check throws. */
function failure(run: () => unknown): string {
  try {
    run();
  } catch (error) {
    expect(error).toBeInstanceOf(CheckFailure);
    expect((error as Error).name).toBe('CheckFailure');
    return (error as Error).message;
  }
  throw new Error('the check passed');
}

const message = (claim: string, expected: string, actual: string) =>
  `claim failed: ${claim}\n  expected: ${expected}\n  actual:   ${actual}`;
const notFound = () =>
  new DockbookError({
    code: 'NOT_FOUND',
    operation: 'rm',
    target: 'container "web"',
    reason: 'No such container: web',
    hint: 'List them with `docker ps -a`.',
    command: 'docker rm web',
  });

describe('check', () => {
  it('ok: passes a truthy value, and narrows its type', () => {
    const value: string | undefined = 'web';
    expect(check.ok(value, 'it has a name')).toBeUndefined();
    expect(value.length).toBe(3);
    expect(failure(() => check.ok(0, 'the container is running'))).toBe(
      message('the container is running', 'a truthy value', '0'),
    );
  });

  it('equal and notEqual: deep strict equality, showing values with util.inspect', () => {
    expect(
      check.equal({ ports: ['80/tcp'], exitCode: 0 }, { ports: ['80/tcp'], exitCode: 0 }, 'it reports the same'),
    ).toBeUndefined();
    const [a, b] = [`sha256:${'ab'.repeat(32)}`, `sha256:${'cd'.repeat(32)}`];
    expect(failure(() => check.equal(a, b, 'both containers come from the same image'))).toBe(
      message('both containers come from the same image', `'${b}'`, `'${a}'`),
    );
    expect(failure(() => check.equal({ exitCode: '0' }, { exitCode: 0 }, 'it exits cleanly'))).toBe(
      message('it exits cleanly', '{ exitCode: 0 }', "{ exitCode: '0' }"),
    );
    expect(failure(() => check.equal([1, 2], [1, 2, 3], 'three layers'))).toBe(
      message('three layers', '[ 1, 2, 3 ]', '[ 1, 2 ]'),
    );
    expect(check.notEqual('a1', 'b2', 'each run makes a new container')).toBeUndefined();
    expect(failure(() => check.notEqual({ id: 'a1' }, { id: 'a1' }, 'each run makes a new container'))).toBe(
      message('each run makes a new container', "anything but { id: 'a1' }", "{ id: 'a1' }"),
    );
  });

  it('shortens long values, and lines up the lines of a multi-line one', () => {
    const long = 'x'.repeat(300);
    expect(failure(() => check.equal(long, 'y', 'short'))).toBe(message('short', "'y'", `'${'x'.repeat(120)}…'`));
    const table = { [Symbol.for('nodejs.util.inspect.custom')]: () => 'NAME   STATUS\nweb    Up' };
    expect(failure(() => check.equal<unknown>(table, 'db', 'ps shows db'))).toBe(
      message('ps shows db', "'db'", 'NAME   STATUS\n            web    Up'),
    );
  });

  it('match: returns the match, for its groups; a global regex never carries state between checks', () => {
    const pattern = /listening on (\d+)/g;
    expect(check.match('listening on 3000', pattern, 'it says where it listens')[1]).toBe('3000');
    expect(check.match('listening on 3000', pattern, 'it says where it listens')[1]).toBe('3000');
    expect(failure(() => check.match('starting', /listening on (\d+)/, 'it says where it listens'))).toBe(
      message('it says where it listens', 'a text matching /listening on (\\d+)/', "'starting'"),
    );
  });

  it('includes and notIncludes: a substring of a string, a deep-equal item of an array', () => {
    check.includes('hello from web', 'from web', 'the page names the container');
    check.includes([{ name: 'web' }, { name: 'db' }], { name: 'db' }, 'ps lists db');
    check.notIncludes(['web'], 'db', 'db was removed');
    expect(failure(() => check.includes(['web'], 'db', 'ps lists db'))).toBe(
      message('ps lists db', "an array including 'db'", "[ 'web' ]"),
    );
    expect(failure(() => check.includes('hello', 'bye', 'it says bye'))).toBe(
      message('it says bye', "a string including 'bye'", "'hello'"),
    );
    expect(failure(() => check.notIncludes('a\nb\n', 'b', 'b is gone'))).toBe(
      message('b is gone', "a string not including 'b'", "'a\\nb\\n'"),
    );
  });

  it('lessThan, greaterThan and between (inclusive)', () => {
    check.lessThan(1, 2, 'faster');
    check.greaterThan(2n, 1n, 'bigger');
    check.between(5, 5, 10, 'in range');
    check.between(10, 5, 10, 'in range');
    expect(failure(() => check.lessThan(900, 450, 'the cached build takes under half the time'))).toBe(
      message('the cached build takes under half the time', 'less than 450', '900'),
    );
    expect(failure(() => check.greaterThan(0, 0, 'the image has content'))).toBe(
      message('the image has content', 'greater than 0', '0'),
    );
    expect(failure(() => check.between(11, 5, 10, 'in range'))).toBe(message('in range', 'between 5 and 10', '11'));
    expect(failure(() => check.lessThan(Number.NaN, 1, 'a number'))).toBe(message('a number', 'less than 1', 'NaN'));
  });

  it('rejects: resolves to the DockbookError with the code, or the Error whose message matches', async () => {
    const error = notFound();
    await expect(check.rejects(Promise.reject(error), 'NOT_FOUND', 'rm of a missing container fails')).resolves.toBe(
      error,
    );
    await expect(
      check.rejects(
        async () => {
          throw error;
        },
        /no such container/i,
        'it says so',
      ),
    ).resolves.toBe(error);
    await expect(
      check.rejects(
        () => {
          throw new TypeError('bad port');
        },
        /port/,
        'a bad port is refused',
      ),
    ).resolves.toBeInstanceOf(TypeError);
  });

  it('rejects: fails on success, on another code, on a non-matching message, on a non-Error', async () => {
    const claim = 'a running container cannot be removed';
    const wanted = 'a DockbookError with code CONFLICT_RUNNING';
    await expect(check.rejects(Promise.resolve({ removed: ['web'] }), 'CONFLICT_RUNNING', claim)).rejects.toThrow(
      message(claim, wanted, "it succeeded, with { removed: [ 'web' ] }"),
    );
    await expect(check.rejects(Promise.reject(notFound()), 'CONFLICT_RUNNING', claim)).rejects.toThrow(
      message(
        claim,
        wanted,
        'DockbookError NOT_FOUND: \'[rm] container "web": No such container: web. List them with `docker ps -a`. ' +
          "(docker rm web)'",
      ),
    );
    await expect(check.rejects(Promise.reject(new Error('boom')), 'CONFLICT_RUNNING', claim)).rejects.toThrow(
      message(claim, wanted, "Error: 'boom'"),
    );
    await expect(check.rejects(Promise.reject(new Error('boom')), /busy/, claim)).rejects.toThrow(
      message(claim, 'an error whose message matches /busy/', "Error: 'boom'"),
    );
    await expect(check.rejects(Promise.reject('busy'), /busy/, claim)).rejects.toThrow(
      message(claim, 'an error whose message matches /busy/', "a thrown 'busy'"),
    );
    await expect(check.rejects(Promise.reject(notFound()), 'NOT_FOUND', claim)).resolves.toBeInstanceOf(DockbookError);
  });

  it('requires a claim', async () => {
    expect(() => check.ok(true, '')).toThrow(/every check needs a claim/);
    expect(() => (check.equal as unknown as (a: unknown, b: unknown) => void)(1, 1)).toThrow(TypeError);
    await expect(
      (check.rejects as unknown as (p: Promise<unknown>, c: string) => Promise<unknown>)(
        Promise.reject(notFound()),
        'NOT_FOUND',
      ),
    ).rejects.toThrow(/every check needs a claim/);
  });

  it('CheckFailure carries the claim, expected and actual', () => {
    const failed = new CheckFailure('it runs', 'true', 'false');
    expect(failed).toBeInstanceOf(Error);
    expect({ claim: failed.claim, expected: failed.expected, actual: failed.actual }).toEqual({
      claim: 'it runs',
      expected: 'true',
      actual: 'false',
    });
  });
});

describe('check.eventually', () => {
  /** A probe whose claim holds from its `from`-th call on; counts its calls. */
  function comesTrue(from: number) {
    const probe = async () => {
      probe.calls++;
      check.ok(probe.calls >= from, 'the container is gone');
      return probe.calls;
    };
    probe.calls = 0;
    return probe;
  }

  it('re-runs the probe until its checks hold, and resolves to what it returned', async () => {
    const probe = comesTrue(3);
    await expect(check.eventually(probe, 'the engine removes it soon', { intervalMs: 1 })).resolves.toBe(3);
    expect(probe.calls).toBe(3);
    await expect(check.eventually(() => 'at once', 'it holds at once')).resolves.toBe('at once');
  });

  it('fails a claim that never holds, stating it and the last failure', async () => {
    const probe = comesTrue(Infinity);
    const started = performance.now();
    const error = await check.eventually(probe, 'the engine removes it soon', { timeoutMs: 200, intervalMs: 20 }).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(performance.now() - started).toBeGreaterThanOrEqual(150);
    expect(error).toBeInstanceOf(CheckFailure);
    const failure = error as CheckFailure;
    expect(failure.claim).toBe('the engine removes it soon');
    expect(failure.expected).toBe('it holds within 200 ms (tried every 20 ms)');
    expect(failure.message).toMatch(
      new RegExp(
        '^claim failed: the engine removes it soon\\n' +
          '  expected: it holds within 200 ms \\(tried every 20 ms\\)\\n' +
          `  actual:   it still failed after ${probe.calls} tries in \\d+ ms; the last time:\\n` +
          ' {12}claim failed: the container is gone\\n' +
          ' {14}expected: a truthy value\\n' +
          ' {14}actual: {3}false$',
      ),
    );
    expect(probe.calls).toBeGreaterThan(3);
    expect(failure.cause).toBeInstanceOf(CheckFailure);
  });

  it('with timeoutMs 0, tries once', async () => {
    const probe = comesTrue(2);
    await expect(check.eventually(probe, 'it holds', { timeoutMs: 0 })).rejects.toThrow(
      /after 1 try in \d+ ms; the last time:/,
    );
    expect(probe.calls).toBe(1);
  });

  it('fails at once on an error that is not a failed check, and on a probe that asserts nothing', async () => {
    let calls = 0;
    const boom = () => {
      calls++;
      throw notFound();
    };
    await expect(check.eventually(boom, 'it goes away')).rejects.toBeInstanceOf(DockbookError);
    expect(calls).toBe(1);
    await expect(check.eventually(() => false, 'it goes away')).rejects.toThrow(
      /its probe returned false, which asserts nothing/,
    );
    await expect(check.eventually(async () => true, 'it goes away')).rejects.toThrow(TypeError);
  });

  it('stops when its signal aborts', async () => {
    const controller = new AbortController();
    const probe = comesTrue(Infinity);
    const pending = check.eventually(probe, 'it holds', { intervalMs: 50, signal: controller.signal });
    setTimeout(() => controller.abort(new Error('the cell was interrupted')), 120);
    await expect(pending).rejects.toThrow('the cell was interrupted');
    const calls = probe.calls;
    await new Promise((resolve) => setTimeout(resolve, 150));
    expect(probe.calls).toBe(calls);
  });

  it("stops when the cell is interrupted (the kernel's interrupt signal)", async () => {
    const key = Symbol.for('dockbook.interrupt');
    const controller = new AbortController();
    Reflect.set(globalThis, key, () => controller.signal);
    try {
      const pending = check.eventually(comesTrue(Infinity), 'it holds', { intervalMs: 20 });
      controller.abort(new Error('the cell was interrupted'));
      await expect(pending).rejects.toThrow('the cell was interrupted');
    } finally {
      Reflect.deleteProperty(globalThis, key);
    }
  });

  it('checks its arguments: a claim, a probe, known options', async () => {
    const invalid = { code: 'INVALID_ARGUMENT', operation: 'check.eventually' };
    await expect(check.eventually(() => undefined, '  ')).rejects.toMatchObject({
      ...invalid,
      target: 'argument claim',
    });
    await expect(
      (check.eventually as (p: unknown, c: string) => Promise<unknown>)('probe', 'it holds'),
    ).rejects.toMatchObject({ ...invalid, target: 'argument probe' });
    await expect(check.eventually(() => undefined, 'it holds', { timeout: 5 } as never)).rejects.toMatchObject({
      ...invalid,
      target: 'option timeout',
    });
    await expect(check.eventually(() => undefined, 'it holds', { intervalMs: -1 })).rejects.toMatchObject({
      ...invalid,
      target: 'option intervalMs',
    });
  });
});
