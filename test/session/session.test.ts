import { mkdtempSync, readFileSync } from 'node:fs';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import { execa } from 'execa';
import { afterAll, describe, expect, it } from 'vitest';
import { sweepStaleSessions } from '../../src/session/cleanup.ts';
import { createContext } from '../../src/core/context-factory.ts';
import { LABEL_OWNER, LABEL_SESSION, ownerIsGone } from '../../src/core/labels.ts';
import { openSession } from '../../src/session/open.ts';
import type { Session } from '../../src/session/session.ts';

async function leftovers(docker: Session['ctx']['docker'], session: string) {
  const filters = { label: [`${LABEL_SESSION}=${session}`] };
  const containers = await docker.listContainers({ all: true, filters });
  const volumes = (await docker.listVolumes({ filters })).Volumes ?? [];
  const images = await docker.listImages({ all: true, filters } as object);
  return { containers: containers.length, volumes: volumes.length, images: images.length };
}

describe('a session', () => {
  const opened: Session[] = [];
  afterAll(async () => {
    for (const s of opened) await s.cleanup();
  });

  it('labels what it creates and cleanup removes all of it, including tags and orphaned volumes', async () => {
    const docker = await openSession({ notebook: 'test:session' });
    opened.push(docker);
    const vol = docker.name('data');
    await docker.run('busybox', 'echo hi > /data/x', { volumes: [`${vol}:/data`] });
    const anon = await docker.run('busybox', 'true', { volumes: ['/scratch'] });
    await docker.rm(anon.id);
    await docker.tag('busybox', `${docker.name('copy')}:v1`);
    expect(await leftovers(docker.ctx.docker, docker.id)).toMatchObject({ containers: 1, volumes: 1 });
    const report = await docker.cleanup();
    expect(report.containers).toHaveLength(1);
    expect(report.volumes).toEqual(expect.arrayContaining([vol]));
    expect(report.volumes).toHaveLength(2);
    expect(report.images).toEqual([`${docker.name('copy')}:v1`]);
    expect(await leftovers(docker.ctx.docker, docker.id)).toEqual({ containers: 0, volumes: 0, images: 0 });
    await expect(docker.ctx.docker.getImage('busybox:latest').inspect()).resolves.toMatchObject({
      RepoTags: expect.arrayContaining(['busybox:latest']),
    });
  });

  it('gives names unique to the session, readable in text', async () => {
    const a = await openSession({ notebook: 'test:names', sweep: false });
    const b = await openSession({ notebook: 'test:names', sweep: false });
    expect(a.name('web')).toMatch(/^web-[0-9a-f]{8}$/);
    expect(a.name('web')).not.toBe(b.name('web'));
  });
});

describe('stale sessions', () => {
  it('knows a gone owner only on this host', () => {
    expect(ownerIsGone(`${hostname()}:1`, hostname(), () => false)).toBe(true);
    expect(ownerIsGone(`${hostname()}:1`, hostname(), () => true)).toBe(false);
    expect(ownerIsGone('other-host:1', hostname(), () => false)).toBe(false);
  });

  it('sweeps a crashed session on the next start, and never a live one', async () => {
    const crashed = await createContext({ notebook: 'test:crashed' });
    crashed.labels[LABEL_OWNER] = `${hostname()}:2147483646`;
    const live = await openSession({ notebook: 'test:live', sweep: false });
    const dead = await crashed.docker.createContainer({
      Image: 'busybox',
      Cmd: ['sleep', '60'],
      Labels: crashed.labels,
    });
    await dead.start();
    await crashed.docker.createVolume({ Name: `orphan-${crashed.session}`, Labels: crashed.labels } as object);
    const alive = await live.run('busybox', 'sleep 60', { detach: true });
    await sweepStaleSessions(crashed.docker);
    expect(await leftovers(crashed.docker, crashed.session)).toEqual({ containers: 0, volumes: 0, images: 0 });
    expect((await live.inspect(alive.id)).state.running).toBe(true);
    await live.cleanup();
  });

  it('can be told not to sweep', async () => {
    const crashed = await createContext({ notebook: 'test:crashed' });
    crashed.labels[LABEL_OWNER] = `${hostname()}:2147483646`;
    await crashed.docker.createVolume({ Name: `kept-${crashed.session}`, Labels: crashed.labels } as object);
    await openSession({ notebook: 'test:nosweep', sweep: false });
    expect((await leftovers(crashed.docker, crashed.session)).volumes).toBe(1);
    await sweepStaleSessions(crashed.docker);
    expect((await leftovers(crashed.docker, crashed.session)).volumes).toBe(0);
  });
});

describe('cleanup after a failing test', () => {
  it('still removes what the failing test created', async () => {
    const out = mkdtempSync(join(tmpdir(), 'dockbook-failing-'));
    const result = await execa('npx', ['vitest', 'run', '--config', 'test/fixtures/failing/vitest.config.ts'], {
      reject: false,
      env: { DOCKBOOK_FIXTURE_OUT: out },
    });
    expect(result.exitCode).not.toBe(0);
    expect(result.stdout + result.stderr).toMatch(/deliberately failing/);
    const session = readFileSync(join(out, 'session'), 'utf8');
    const { docker } = await createContext();
    expect(await leftovers(docker, session)).toEqual({ containers: 0, volumes: 0, images: 0 });
  });
});
