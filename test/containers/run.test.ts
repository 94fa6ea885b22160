import { createServer } from 'node:net';
import { describe, expect, it } from 'vitest';
import { run } from '../../src/containers/run.ts';
import { DockbookError } from '../../src/errors.ts';
import { useContext } from '../support/context.ts';

const t = useContext('run');

async function labelledCount(): Promise<number> {
  return (await t.ctx.docker.listContainers({ all: true, filters: { label: [`dockbook.session=${t.ctx.session}`] } }))
    .length;
}

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const { port } = server.address() as { port: number };
  await new Promise<void>((r) => server.close(() => r()));
  return port;
}

describe('run, attached', () => {
  it('waits, then returns the exit code with stdout and stderr apart', async () => {
    // stdout and stderr are separate pipes: only a pause makes their relative order certain.
    const r = await run(t.ctx, 'busybox', 'echo out; sleep 0.3; echo err >&2; exit 3');
    expect(r.exitCode).toBe(3);
    expect(r.stdout).toBe('out\n');
    expect(r.stderr).toBe('err\n');
    expect(r.output).toBe('out\nerr\n');
    expect(r.command).toBe("docker run busybox sh -c 'echo out; sleep 0.3; echo err >&2; exit 3'");
    expect(String(r)).toBe('out\nerr\n[exit 3]');
  });

  it('never loses the output of a fast-exiting --rm container, and removes it', async () => {
    const before = await labelledCount();
    for (let i = 0; i < 10; i++) {
      const r = await run(t.ctx, 'busybox', ['echo', `line ${i}`], { rm: true });
      expect(r.stdout).toBe(`line ${i}\n`);
      expect(r.removed).toBe(true);
    }
    expect(await labelledCount()).toBe(before);
  });

  it('labels the container with the session', async () => {
    const r = await run(t.ctx, 'busybox', 'true');
    const info = await t.ctx.docker.getContainer(r.id).inspect();
    expect(info.Config.Labels).toMatchObject(t.ctx.labels);
  });

  it('drives an interactive program over -i without a TTY (stdin closes at the end)', async () => {
    const r = await run(t.ctx, 'busybox', 'cat; echo done', { rm: true, input: 'abc\n' });
    expect(r.stdout).toBe('abc\ndone\n');
  });

  it('drives the node REPL with -it and scripted input', async () => {
    const r = await run(t.ctx, 'node', undefined, {
      rm: true,
      interactive: true,
      tty: true,
      input: [
        { wait: '> ', send: 'console.log("hi " + (20 + 22))\r' },
        { wait: 'hi 42', send: '.exit\r' },
      ],
    });
    expect(r.exitCode).toBe(0);
    expect(r.output).toMatch(/hi 42\n/);
    expect(r.output).not.toContain('\r');
  });

  it('passes env, workdir and user', async () => {
    const r = await run(t.ctx, 'busybox', 'echo "$GREETING from $(pwd) as $(id -u)"', {
      rm: true,
      env: { GREETING: 'hello' },
      workdir: '/tmp',
      user: '65534',
    });
    expect(r.stdout).toBe('hello from /tmp as 65534\n');
  });
});

describe('run, detached', () => {
  it('returns while the container still runs, with its published port', async () => {
    const c = await run(t.ctx, 'busybox', 'mkdir /www && echo page > /www/index.html && httpd -f -p 80 -h /www', {
      detach: true,
      ports: ['0:80'],
    });
    expect(c.state).toBe('running');
    const info = await t.ctx.docker.getContainer(c.id).inspect();
    const hostPort = Number(info.NetworkSettings.Ports['80/tcp']?.[0]?.HostPort);
    expect(hostPort).toBeGreaterThan(0);
    const page = await fetchRetry(`http://127.0.0.1:${hostPort}/`);
    expect(page).toBe('page\n');
  });
});

describe('run errors', () => {
  it('rejects a malformed port or mount before the engine sees it', async () => {
    const before = await labelledCount();
    await expect(run(t.ctx, 'busybox', 'true', { ports: ['99999:80'] })).rejects.toMatchObject({
      code: 'INVALID_ARGUMENT',
    });
    await expect(run(t.ctx, 'busybox', 'true', { volumes: ['data:relative/path'] })).rejects.toMatchObject({
      code: 'INVALID_ARGUMENT',
    });
    await expect(run(t.ctx, 'Busy:Box!', 'true')).rejects.toMatchObject({ code: 'INVALID_ARGUMENT' });
    expect(await labelledCount()).toBe(before);
  });

  it('gives NAME_IN_USE for a duplicate name, naming the command', async () => {
    const name = `dup-${t.ctx.session}`;
    await run(t.ctx, 'busybox', 'true', { name });
    const error = await run(t.ctx, 'busybox', 'true', { name }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(DockbookError);
    expect(error).toMatchObject({ code: 'NAME_IN_USE', command: `docker run --name ${name} busybox sh -c true` });
    expect((error as DockbookError).daemonMessage).toMatch(/already in use/);
  });

  it('gives PORT_IN_USE when the host port is allocated', async () => {
    const port = await freePort();
    await run(t.ctx, 'busybox', 'sleep 30', { detach: true, ports: [`${port}:80`] });
    await expect(
      run(t.ctx, 'busybox', 'sleep 30', { detach: true, ports: [`${port}:80`], rm: true }),
    ).rejects.toMatchObject({ code: 'PORT_IN_USE' });
  });

  it('gives NOT_FOUND for an image no registry has, with pull never', async () => {
    await expect(run(t.ctx, 'no-such-image-dockbook', 'true', { pull: 'never' })).rejects.toMatchObject({
      code: 'NOT_FOUND',
    });
  });

  it('times out instead of hanging, and aborts on a signal', async () => {
    const t0 = performance.now();
    await expect(run(t.ctx, 'busybox', 'sleep 30', { rm: true, timeoutMs: 1500 })).rejects.toMatchObject({
      code: 'TIMEOUT',
    });
    expect(performance.now() - t0).toBeLessThan(5000);
    await expect(run(t.ctx, 'busybox', 'sleep 30', { rm: true, signal: AbortSignal.timeout(0) })).rejects.toMatchObject(
      { code: 'TIMEOUT' },
    );
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 500);
    await expect(run(t.ctx, 'busybox', 'sleep 30', { rm: true, signal: controller.signal })).rejects.toMatchObject({
      code: 'ABORTED',
    });
  });
});

async function fetchRetry(url: string): Promise<string> {
  for (let i = 0; ; i++) {
    try {
      return await (await fetch(url)).text();
    } catch (error) {
      if (i > 50) throw error;
      await new Promise((r) => setTimeout(r, 100));
    }
  }
}
