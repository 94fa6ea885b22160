import { beforeAll, describe, expect, it } from 'vitest';
import { DockbookError } from '../../src/errors.ts';
import { http } from '../../src/net/http.ts';
import { Session } from '../../src/session/session.ts';
import { stop } from '../../src/containers/stop.ts';
import { unreachableContext } from './unreachable.ts';

// What a caller from JavaScript or Jupyter reads when an argument has the wrong shape.

let docker: Session;
beforeAll(async () => {
  docker = new Session(await unreachableContext());
});

async function messageOf(call: () => unknown): Promise<string> {
  try {
    await call();
  } catch (error) {
    expect(error).toBeInstanceOf(DockbookError);
    expect((error as DockbookError).code).toBe('INVALID_ARGUMENT');
    return (error as DockbookError).message;
  }
  throw new Error('it did not fail');
}

describe('argument and option shapes', () => {
  it('an env string is refused, never spread into characters', async () => {
    expect(await messageOf(() => docker.run('busybox', 'env', { env: 'A=1' as never }))).toBe(
      '[run] option env: got the string "A=1"; expected a record { KEY: "value" } or an array ["KEY=value"]. Call it ' +
        'as docker.run(image, command?, options?). (docker run --env KEY=value …)',
    );
  });

  it('an unknown option is named as a likely typo, with the known ones', async () => {
    const message = await messageOf(() => docker.run('busybox', 'true', { enviroment: { A: '1' } } as never));
    expect(message).toMatch(
      new RegExp(
        /^\[run\] option enviroment: run has no such option \(did you mean env\?\)\. /.source +
          /Its options are: timeoutMs, signal, name, env, ports,/.source,
      ),
    );
  });

  it('an unknown option with no near name is still called a likely typo', async () => {
    expect(await messageOf(() => docker.stop('web', { grace: 5 } as never))).toMatch(
      new RegExp(
        /^\[stop\] option grace: stop has no such option \(a typo\?\)\. /.source +
          /Its options are: timeoutMs, signal, timeoutSeconds\./.source,
      ),
    );
    expect(await messageOf(() => docker.stop('web', { timeout: 5 } as never))).toMatch(/did you mean timeoutMs\?/);
  });

  it('a negative or non-numeric timeout', async () => {
    expect(await messageOf(() => docker.ps({ timeoutMs: -1 }))).toMatch(
      /^\[ps\] option timeoutMs: got the number -1; expected a number of milliseconds ≥ 0\./,
    );
    expect(await messageOf(() => docker.stop('web', { timeoutSeconds: '10' as never }))).toMatch(
      /^\[stop\] option timeoutSeconds: got the string "10"; expected a number of seconds ≥ 0\./,
    );
  });

  it('undefined for a required argument, and options that are not an object', async () => {
    expect(await messageOf(() => docker.rm(undefined as never))).toMatch(
      /^\[rm\] argument refs: got undefined; expected a container/,
    );
    expect(await messageOf(() => docker.ps('all' as never))).toMatch(
      new RegExp(
        /^\[ps\] options: got the string "all"; /.source +
          /expected an object of options \{ timeoutMs, signal, all, scope, filters, size \}/.source,
      ),
    );
  });

  it('says where inside a value the wrong part is', async () => {
    expect(
      await messageOf(() => docker.run('busybox', 'cat', { input: ['a', { wait: /x/, send: 5 }] } as never)),
    ).toMatch(/^\[run\] option input\[1\]\.send: got the number 5; expected a string\./);
    expect(await messageOf(() => docker.run('busybox', 'true', { ports: [8080, '80', null] } as never))).toMatch(
      /^\[run\] option ports\[2\]: got null;/,
    );
  });

  it('never echoes a password', async () => {
    const message = await messageOf(() => docker.login('127.0.0.1:5001', 'hunter2-secret' as never));
    expect(message).not.toContain('hunter2');
    expect(message).toMatch(/got a string \(not shown\)/);
  });

  it('a plain function checks its Context too, and a sync method throws at once', async () => {
    expect(await messageOf(() => stop(undefined as never, 'web'))).toMatch(
      /^\[stop\] argument ctx: got undefined; expected a Context/,
    );
    expect(() => docker.name(7 as never)).toThrow(DockbookError);
    expect(await messageOf(() => http('http://127.0.0.1:1/', { waitMs: Number.NaN }))).toMatch(
      /^\[http\] option waitMs: got NaN;/,
    );
  });
});
