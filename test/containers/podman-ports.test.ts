import { describe, expect, it } from 'vitest';
import { inspect, port } from '../../src/containers/inspect.ts';
import { ps } from '../../src/containers/ps.ts';
import { stop } from '../../src/containers/stop.ts';
import { usePodmanContext } from '../support/podman.ts';

// A container's ports on Podman (DOCKBOOK_PODMAN_HOST) as Docker gives them: Podman's list names only the published
// ones, without an address, and keeps them after the container stops; it records no address for a port published
// on every one.
const t = usePodmanContext('containers-podman-ports');

describe('ports on Podman', () => {
  it('ps lists an exposed port with no host side, a published one with its address, none once stopped', async () => {
    // EXPOSE 80 without -p (create takes no --expose), and -p 0:81.
    const created = await t.ctx.docker.createContainer({
      Image: 'busybox',
      Cmd: ['sleep', '600'],
      Labels: t.ctx.labels,
      ExposedPorts: { '80/tcp': {}, '81/tcp': {} },
      HostConfig: { PortBindings: { '81/tcp': [{ HostIp: '', HostPort: '0' }] } },
    });
    await created.start();
    const web = created.id;
    const [row] = await ps(t.ctx, { filters: { id: [web] } });
    const published = await port(t.ctx, web, 81);
    expect(row?.ports).toEqual([`0.0.0.0:${published.hostPort}->81/tcp`, '80/tcp']);
    expect(published.hostIp).toBe('0.0.0.0');
    expect(String(published)).toBe(`0.0.0.0:${published.hostPort}`);
    expect((await inspect(t.ctx, web)).ports.map((p) => p.hostIp)).toEqual(['0.0.0.0']);

    await stop(t.ctx, web, { timeoutSeconds: 0 });
    const [stopped] = await ps(t.ctx, { all: true, filters: { id: [web] } });
    expect(stopped?.ports).toEqual([]);
  });
});
