import { execa } from 'execa';
import { describe, expect, it } from 'vitest';
import { attach } from '../../src/containers/attach.ts';
import { exec } from '../../src/containers/exec.ts';
import { logs } from '../../src/containers/logs.ts';
import { create, run } from '../../src/containers/run.ts';
import { start } from '../../src/containers/start.ts';
import { useContext } from '../support/context.ts';

const t = useContext('output-bytes');

/** 1000 random bytes, then a CRLF and a byte that is never UTF-8: text would change all three. */
const MAKE_DATA = "head -c 1000 /dev/urandom > /v/data && printf '\\r\\n\\377' >> /v/data";

/** What the docker CLI writes to its stdout, as bytes. */
async function cliBytes(args: string[]): Promise<Buffer> {
  const { stdout } = await execa('docker', args, { encoding: 'buffer' });
  return Buffer.from(stdout);
}

describe('output stays complete as bytes', () => {
  it('run and exec keep binary output byte for byte, as the docker CLI prints it', async () => {
    const volume = `bytes-${t.ctx.session}`;
    const volumes = [`${volume}:/v`];
    await run(t.ctx, 'busybox', MAKE_DATA, { rm: true, volumes });
    const expected = await cliBytes(['run', '--rm', '-v', `${volume}:/v`, 'busybox', 'cat', '/v/data']);
    expect(expected.length).toBe(1003);

    const ran = await run(t.ctx, 'busybox', ['cat', '/v/data'], { rm: true, volumes });
    expect(ran.stdoutBytes.equals(expected)).toBe(true);
    expect(ran.stderrBytes.length).toBe(0);
    const toStderr = await run(t.ctx, 'busybox', 'cat /v/data >&2', { rm: true, volumes });
    expect(toStderr.stderrBytes.equals(expected)).toBe(true);

    const box = await run(t.ctx, 'busybox', 'sleep 600', { detach: true, volumes });
    const executed = await exec(t.ctx, box.id, ['cat', '/v/data']);
    expect(executed.stdoutBytes.equals(expected)).toBe(true);
    expect(executed.stdoutBytes.equals(await cliBytes(['exec', box.id, 'cat', '/v/data']))).toBe(true);

    // start -a keeps them too (the same container's output, second time round).
    const made = await create(t.ctx, 'busybox', ['cat', '/v/data'], { volumes });
    const started = await start(t.ctx, made.id, { attach: true });
    expect(started.stdoutBytes.equals(expected)).toBe(true);
    expect(started.stderrBytes.length).toBe(0);
  });

  it('logs and attach keep them too', async () => {
    const volumes = [`bytes-logs-${t.ctx.session}:/v`];
    await run(t.ctx, 'busybox', MAKE_DATA, { rm: true, volumes });
    const expected = await cliBytes(['run', '--rm', '-v', volumes[0]!, 'busybox', 'cat', '/v/data']);
    const box = await run(t.ctx, 'busybox', 'sleep 2; cat /v/data', { detach: true, volumes });
    // attach is there before it prints, and returns when it stops.
    const attached = await attach(t.ctx, box.id);
    expect(attached.ended).toBe(true);
    expect(attached.stdoutBytes.equals(expected)).toBe(true);
    // The json-file log driver stores lines as JSON strings (invalid UTF-8 does not survive it): logs gives what
    // `docker logs` gives.
    const logged = await logs(t.ctx, box.id);
    expect(logged.stdoutBytes.equals(await cliBytes(['logs', box.id]))).toBe(true);
  });

  it('text results print as before: the bytes are not in what a notebook shows', async () => {
    const r = await run(t.ctx, 'busybox', 'printf "hello\\r\\n"', { rm: true });
    expect(r.stdout).toBe('hello\n');
    expect(r.stdoutBytes.toString()).toBe('hello\r\n');
    expect(String(r)).toBe('hello\n[exit 0]');
    const box = await run(t.ctx, 'busybox', 'echo hi; sleep 600', { detach: true });
    const e = await exec(t.ctx, box.id, 'echo there');
    expect(String(e)).toBe('there\n[exit 0]');
    expect(String(await logs(t.ctx, box.id))).toBe('hi');
  });
});
