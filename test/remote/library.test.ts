import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { execa } from 'execa';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Engine } from '../../src/core/connect.ts';
import { http } from '../../src/net/http.ts';
import { openSession } from '../../src/session/open.ts';
import type { Session } from '../../src/session/session.ts';
import { remoteEngine, type RemoteEngine } from '../support/remote-engine.ts';

// The library against an engine on "another machine": a dockerd in a network namespace, over TCP with TLS
// (test/support/remote-engine.ts). What crosses the wire says which side of it a port or a path is on.
let remote: RemoteEngine;
let engine: Engine;
let docker: Session;
let disposed = false;

beforeAll(async () => {
  remote = await remoteEngine();
  engine = await remote.connect();
  docker = await openSession({ engine, notebook: 'test:remote', sweep: false });
}, 120_000);

afterAll(async () => {
  if (disposed) return;
  await docker?.cleanup();
  await remote?.dispose();
}, 120_000);

describe('a remote engine', () => {
  it('is reached over TCP with TLS, and its published ports at its own address, not 127.0.0.1', async () => {
    expect(engine.endpoint).toMatchObject({ host: remote.host, source: 'DOCKER_HOST', tlsDir: remote.certPath });
    expect(engine.publishHost).toBe(remote.address);
    const web = await docker.run('busybox', 'httpd -f -p 80 -h /etc', { detach: true, ports: ['0:80'] });
    const port = await docker.port(web, 80);
    expect(String(port)).toBe(`0.0.0.0:${port.hostPort}`);
    expect(port.address).toBe(`${remote.address}:${port.hostPort}`);
    const page = await http(`http://${port.address}/hostname`, { waitMs: 10_000 });
    expect(page.status).toBe(200);
    expect((await http(`http://127.0.0.1:${port.hostPort}/hostname`)).error).toBe('ECONNREFUSED');
  });

  it('answers cli() through the session proxy, over TLS', async () => {
    const version = await docker.cli(['version', '--format', '{{.Server.Version}}']);
    expect(version.stdout.trim()).toBe(engine.engineVersion);
    const web = await docker.run('busybox', 'sleep 300', { detach: true, ports: ['0:80'] });
    const port = await docker.port(web, 80);
    expect((await docker.cli(['port', web.name, '80/tcp'])).lines[0]).toBe(String(port));
  });

  it('gets a build context sent over the wire, from this machine', async () => {
    const context = docker.tempDir('remote-context');
    const stamp = `sent-${Date.now()}`;
    writeFileSync(join(context, 'stamp.txt'), `${stamp}\n`);
    writeFileSync(join(context, 'Dockerfile'), 'FROM busybox\nCOPY stamp.txt /stamp.txt\n');
    const built = await docker.build(context, { tags: [docker.name('remote-context')] });
    expect((await docker.run(built.id, 'cat /stamp.txt', { rm: true })).stdout).toBe(`${stamp}\n`);
  });

  it('copies with cp between this machine and the container: paths on this side are this machine’s', async () => {
    const here = docker.tempDir('remote-cp');
    writeFileSync(join(here, 'note.txt'), 'from this machine\n');
    const box = await docker.run('busybox', 'sleep 300', { detach: true });
    await docker.cp(join(here, 'note.txt'), `${box.name}:/tmp/note.txt`);
    expect((await docker.exec(box, 'cat /tmp/note.txt')).stdout).toBe('from this machine\n');
    await docker.cp(`${box.name}:/etc/hostname`, join(here, 'hostname'));
    expect(readFileSync(join(here, 'hostname'), 'utf8').trim()).toBe(box.id.slice(0, 12));
    await expect(docker.cp(join(here, 'missing.txt'), `${box.name}:/tmp/`)).rejects.toMatchObject({
      code: 'NOT_FOUND',
      message: expect.stringContaining('does not exist on this machine'),
    });
  });

  it("bind-mounts the engine machine's paths, and refuses one only this machine has, naming both sides", async () => {
    // This engine shares the files of this machine, except `elsewhere`: a bind mount of a shared folder works.
    const shared = docker.tempDir('remote-bind');
    writeFileSync(join(shared, 'seen.txt'), 'both sides\n');
    const both = await docker.run('busybox', 'cat /data/seen.txt', { rm: true, volumes: [`${shared}:/data:ro`] });
    expect(both.stdout).toBe('both sides\n');

    const onlyHere = join(remote.elsewhere, 'app');
    mkdirSync(onlyHere);
    writeFileSync(join(onlyHere, 'server.js'), '// on this machine only\n');
    const before = (await docker.ps({ all: true })).length;
    const refused = docker.run('busybox', 'ls /app', { rm: true, volumes: [`${onlyHere}:/app`] });
    await expect(refused).rejects.toMatchObject({ code: 'NOT_FOUND', operation: 'run' });
    const message = String(await refused.catch((error: Error) => error.message));
    expect(message).toContain(`${onlyHere} is on this machine`);
    expect(message).toContain(`the engine at ${remote.host} runs on another one`);
    expect(message).toContain("a bind mount's host path is a path on the engine's machine");
    expect((await docker.ps({ all: true })).length).toBe(before);
    await expect(docker.create('busybox', 'true', { volumes: [`${onlyHere}:/app`] })).rejects.toMatchObject({
      code: 'NOT_FOUND',
      operation: 'create',
    });
    // What the CLI does instead: the engine makes an empty folder on its side and mounts that.
    const viaCli = await docker.cli(['run', '--rm', '-v', `${onlyHere}:/app`, 'busybox', 'ls', '-A', '/app']);
    expect(viaCli.stdout).toBe('');
  });

  it('keeps its data under the data root it reports, never an assumed /var/lib/docker', async () => {
    const dataRoot = (await docker.cli(['info', '--format', '{{.DockerRootDir}}'])).stdout.trim();
    expect(dataRoot).toBe(join(remote.dir, 'data'));
    const kept = await docker.run('busybox', 'true', { volumes: ['/data'] });
    const [mount] = (await docker.inspect(kept)).mounts;
    expect(mount!.source).toBe(`${dataRoot}/volumes/${mount!.name}/_data`);
    await docker.rm(kept, { volumes: true });
  });

  it('leaves no namespace, link, folder or process behind when disposed', async () => {
    await docker.cleanup();
    await remote.dispose();
    disposed = true;
    expect((await execa('ip', ['netns', 'list'])).stdout).not.toContain(remote.netns);
    expect((await execa('ip', ['-o', 'link'])).stdout).not.toContain(`dbkr${remote.netns.slice(-6)}`);
    expect(existsSync(remote.dir)).toBe(false);
    expect((await execa('ps', ['-eo', 'args'])).stdout).not.toContain(remote.dir);
  });
});
