import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { execa } from 'execa';
import { describe, expect, it } from 'vitest';
import { cli } from '../../src/docker-cli.ts';
import { logs } from '../../src/containers/logs.ts';
import { sessionProxy } from '../../src/docker-proxy/session.ts';
import { inspectImage } from '../../src/images/inspect.ts';
import { privateRegistryDir, privateRegistryHost, registryHost } from '../../src/registry/config.ts';
import { courseCredentials } from '../../src/registry/credentials.ts';
import { useContext } from '../support/context.ts';
import { testContainer } from '../support/containers.ts';

const t = useContext('docker-proxy-streams');
const out = async (args: string | string[], input?: string) =>
  (await cli(t.ctx, args, input === undefined ? {} : { input })).stdout;

describe("the docker CLI through the session's proxy", () => {
  it('goes through the proxy, and sees what the engine says, unfiltered', async () => {
    expect((await sessionProxy(t.ctx))!.host).toMatch(/^unix:\/\/.*\/docker\.sock$/);
    expect((await out(['version', '--format', '{{.Server.APIVersion}}'])).trim()).toBe(t.ctx.engine.serverApiVersion);
    // A container of no session of dockbook's still shows in `docker ps`: listings are left as they are.
    const foreign = await t.ctx.docker.createContainer({
      Image: 'busybox',
      Cmd: ['true'],
      Labels: { 'dockbook.test': 'foreign' },
    });
    try {
      expect(await out(['ps', '-a', '--no-trunc', '--format', '{{.ID}}'])).toContain(foreign.id);
    } finally {
      await foreign.remove();
    }
  });

  it('runs attached, with stdin (-i) and with a terminal (-t): hijacked connections', async () => {
    expect(await out('run --rm busybox echo hi')).toBe('hi\n');
    expect(await out('run --rm -i busybox tr a-z A-Z', 'shout\nagain\n')).toBe('SHOUT\nAGAIN\n');
    expect(await out('run --rm -t busybox echo tty')).toBe('tty\r\n');
    const exit = await cli(t.ctx, 'run --rm busybox sh -c "echo out; echo err >&2; exit 3"', { reject: false });
    expect(exit).toMatchObject({ exitCode: 3, stdout: 'out\n', stderr: 'err\n' });
  });

  it('follows logs as they come, as the library reads them', async () => {
    const { id } = await testContainer(t.ctx, 'for i in 1 2 3; do echo line $i; sleep 0.3; done');
    const followed = await out(['logs', '-f', id]);
    expect(followed).toBe('line 1\nline 2\nline 3\n');
    expect((await logs(t.ctx, id)).stdout).toBe(followed);
  });

  it('passes a streamed answer on as it comes, not when it ends', async () => {
    const { id } = await testContainer(t.ctx, 'echo first; sleep 3; echo second');
    const { host } = (await sessionProxy(t.ctx))!;
    const follow = execa('docker', ['logs', '-f', id], { env: { DOCKER_HOST: host }, buffer: false });
    const first = await new Promise<string>((resolve) =>
      follow.stdout.once('data', (chunk: Buffer) => resolve(chunk.toString())),
    );
    expect(first).toBe('first\n');
    // The container still runs: the proxy did not wait for the end of the stream.
    expect((await t.ctx.docker.getContainer(id).inspect()).State.Running).toBe(true);
    await follow;
  });

  it('execs, with and without stdin, and copies files in and out', async () => {
    const { id } = await testContainer(t.ctx, 'sleep 300');
    expect((await out(['exec', id, 'hostname'])).trim()).toBe(id.slice(0, 12));
    expect(await out(['exec', '-i', id, 'sh', '-c', 'cat > /tmp/in.txt && wc -c < /tmp/in.txt'], 'twelve bytes')).toBe(
      '12\n',
    );
    const dir = mkdtempSync(join(tmpdir(), 'dockbook-proxy-cp-'));
    writeFileSync(join(dir, 'up.txt'), 'copied in\n');
    await cli(t.ctx, ['cp', join(dir, 'up.txt'), `${id}:/tmp/up.txt`]);
    expect(await out(['exec', id, 'cat', '/tmp/up.txt'])).toBe('copied in\n');
    await cli(t.ctx, ['cp', `${id}:/tmp/in.txt`, join(dir, 'down.txt')]);
    expect(readFileSync(join(dir, 'down.txt'), 'utf8')).toBe('twelve bytes');
  });

  it('pulls from the local registry with its progress, the same image the library reports', async () => {
    const ref = `${registryHost()}/library/busybox:latest`;
    const had = await t.ctx.docker
      .getImage(ref)
      .inspect()
      .then(
        () => true,
        () => false,
      );
    try {
      const pulled = await cli(t.ctx, `pull ${ref}`);
      expect(pulled.stdout).toMatch(/Digest: sha256:[0-9a-f]{64}/);
      expect(pulled.lines.at(-1)).toBe(ref);
      expect((await inspectImage(t.ctx, ref)).id).toBe((await inspectImage(t.ctx, 'busybox:latest')).id);
    } finally {
      if (!had)
        await t.ctx.docker
          .getImage(ref)
          .remove({ noprune: true })
          .catch(() => undefined);
    }
  });

  it('logs in to the private registry (password on stdin), and the engine then uses that login', async () => {
    const host = privateRegistryHost();
    const { username, password } = courseCredentials(privateRegistryDir());
    const missing = `${host}/proxy-missing-${t.ctx.session}:v1`;
    await expect(cli(t.ctx, `pull ${missing}`)).rejects.toMatchObject({ code: 'UNAUTHORIZED' });
    const loggedIn = await cli(t.ctx, ['login', host, '--username', username, '--password-stdin'], { input: password });
    expect(loggedIn.stdout).toContain('Login Succeeded');
    // Logged in, the registry answers about the repository itself: it is not there.
    await expect(cli(t.ctx, `pull ${missing}`)).rejects.toMatchObject({ code: 'NOT_FOUND' });
  });
});
