import { describe, expect, it } from 'vitest';
import { ps } from '../../src/containers/ps.ts';
import { cli } from '../../src/docker-cli.ts';
import { useContext } from '../support/context.ts';
import { testContainer } from '../support/containers.ts';

const t = useContext('containers-ps');

describe('ps (C06)', () => {
  it('lists running containers; all adds the stopped ones', async () => {
    const up = await testContainer(t.ctx, 'sleep 300', {
      create: { ExposedPorts: { '80/tcp': {} }, HostConfig: { PortBindings: { '80/tcp': [{ HostPort: '' }] } } },
    });
    const done = await testContainer(t.ctx, 'echo done', { exited: true });

    const running = await ps(t.ctx);
    expect(running.map((c) => c.name)).toEqual([up.name]);

    const all = await ps(t.ctx, { all: true });
    expect(all.map((c) => c.name).sort()).toEqual([up.name, done.name].sort());
    const exited = all.find((c) => c.name === done.name)!;
    expect(exited.state).toBe('exited');
    expect(exited.status).toMatch(/^Exited \(0\) .* ago$/);
    expect(exited.command).toBe("sh -c 'echo done'");
    const live = all.find((c) => c.name === up.name)!;
    expect(live.state).toBe('running');
    expect(live.status).toMatch(/^Up /);
    expect(live.id).toBe(up.id);
    expect(live.shortId).toBe(up.id.slice(0, 12));
    expect(live.image).toBe('busybox');
    expect(live.created).toBeInstanceOf(Date);
    expect(Math.abs(Date.now() - live.created.getTime())).toBeLessThan(60_000);
    expect(live.ports.some((p) => /^0\.0\.0\.0:\d+->80\/tcp$/.test(p))).toBe(true);
  });

  it('agrees with the real docker ps and ps -a (CLI parity)', async () => {
    const filter = `label=dockbook.session=${t.ctx.session}`;
    const viaCli = async (flags: string) =>
      (await cli(t.ctx, `ps ${flags} --filter ${filter} --format '{{.ID}} {{.Names}} {{.Status}}'`)).lines
        .map((l) => l.split(' ').slice(0, 2).join(' '))
        .sort();
    const viaLib = (rows: Awaited<ReturnType<typeof ps>>) => rows.map((c) => `${c.shortId} ${c.name}`).sort();
    expect(viaLib(await ps(t.ctx))).toEqual(await viaCli(''));
    expect(viaLib(await ps(t.ctx, { all: true }))).toEqual(await viaCli('-a'));
    expect((await ps(t.ctx, { all: true })).length).toBeGreaterThan((await ps(t.ctx)).length);
  });

  it('prints the columns of docker ps as text and as HTML', async () => {
    const rows = await ps(t.ctx, { all: true });
    const text = String(rows);
    expect(text.split('\n')[0]).toMatch(/^CONTAINER ID\s+IMAGE\s+COMMAND\s+CREATED\s+STATUS\s+PORTS\s+NAMES$/);
    for (const row of rows) expect(text).toContain(row.name);
    expect(text).toMatch(/"sh -c 'echo done'"/);
    expect(text).toMatch(/seconds? ago|Less than a second ago/);
    expect(rows.toHTML()).toMatch(/^<table class="dockbook"><thead><tr><th>CONTAINER ID<\/th>/);
  });

  it('shows sizes with size: true, and takes engine filters', async () => {
    const writer = await testContainer(t.ctx, 'head -c 5000 /dev/zero > /blob', { exited: true });
    const [row] = await ps(t.ctx, { all: true, size: true, filters: { name: [writer.name] } });
    expect(row!.name).toBe(writer.name);
    expect(row!.sizeRw).toBeGreaterThanOrEqual(5000);
    expect(row!.sizeRootFs).toBeGreaterThan(row!.sizeRw!);
    const text = String(await ps(t.ctx, { all: true, size: true }));
    expect(text.split('\n')[0]).toMatch(/NAMES\s+SIZE$/);
    expect(text).toMatch(/\d+(\.\d+)?kB \(virtual \d+(\.\d+)?MB\)/);
    expect(await ps(t.ctx, { filters: { name: [writer.name] } })).toHaveLength(0);
  });

  it("never shows another session's containers in the session scope, and does with scope: 'all'", async () => {
    const outsider = await t.ctx.docker.createContainer({
      Image: 'busybox',
      Cmd: ['true'],
      Labels: { 'dockbook.session': `${t.ctx.session}-other` },
    });
    try {
      expect((await ps(t.ctx, { all: true })).map((c) => c.id)).not.toContain(outsider.id);
      expect((await ps(t.ctx, { all: true, scope: 'all' })).map((c) => c.id)).toContain(outsider.id);
    } finally {
      await outsider.remove({ force: true });
    }
  });
});
