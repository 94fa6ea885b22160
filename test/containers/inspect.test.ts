import { execa } from 'execa';
import { inspect as utilInspect } from 'node:util';
import { describe, expect, it } from 'vitest';
import { inspect, port } from '../../src/containers/inspect.ts';
import { isDockbookError } from '../../src/errors.ts';
import { useContext } from '../support/context.ts';
import { testContainer, uniqueName } from '../support/containers.ts';

const t = useContext('containers-inspect');

describe('inspect', () => {
  it('shows state, configuration, mounts and published ports', async () => {
    const volume = `vol-${t.ctx.session}-inspect`;
    await t.ctx.docker.createVolume({ Name: volume, Labels: t.ctx.labels });
    const { id, name } = await testContainer(t.ctx, 'sleep 300', {
      create: {
        Env: ['GREETING=hi'],
        WorkingDir: '/tmp',
        ExposedPorts: { '80/tcp': {}, '81/tcp': {} },
        HostConfig: {
          PortBindings: { '80/tcp': [{ HostIp: '127.0.0.1', HostPort: '' }] },
          Binds: [`${volume}:/data:ro`],
        },
      },
    });
    const info = await inspect(t.ctx, name);
    expect(info).toMatchObject({ id, name, image: 'busybox' });
    expect(info.imageId).toBe((await t.ctx.docker.getImage('busybox').inspect()).Id);
    expect(info.created).toBeInstanceOf(Date);
    expect(info.state).toMatchObject({ status: 'running', running: true, exitCode: 0, finishedAt: undefined });
    expect(info.state.pid).toBeGreaterThan(0);
    expect(info.state.startedAt!.getTime()).toBeGreaterThanOrEqual(info.created.getTime());
    expect(info.config).toMatchObject({
      cmd: ['sh', '-c', 'sleep 300'],
      entrypoint: [],
      tty: false,
      openStdin: false,
      workingDir: '/tmp',
    });
    expect(info.config.env).toContain('GREETING=hi');
    expect(info.config.labels).toMatchObject(t.ctx.labels);
    expect(info.config.exposedPorts.sort()).toEqual(['80/tcp', '81/tcp']);
    expect(info.mounts).toEqual([
      { type: 'volume', name: volume, source: expect.stringContaining(volume), destination: '/data', readOnly: true },
    ]);
    // Exposed but not published (81) has no entry: EXPOSE publishes nothing.
    expect(info.ports).toHaveLength(1);
    expect(info.ports[0]).toMatchObject({ containerPort: 80, protocol: 'tcp', hostIp: '127.0.0.1' });
    expect(info.ports[0]!.hostPort).toBeGreaterThan(0);
    expect(info.raw.Id).toBe(id);
    const text = utilInspect(info);
    expect(text).toMatch(new RegExp(`^container ${name} \\(${id.slice(0, 12)}\\) from busybox`));
    expect(text).toContain(`state:   running (pid ${info.state.pid})`);
    expect(text).toContain(`127.0.0.1:${info.ports[0]!.hostPort}->80/tcp`);
    expect(text).toContain(`volume ${volume} -> /data (ro)`);
  });

  it('shows how a stopped container ended', async () => {
    const { name } = await testContainer(t.ctx, 'exit 4', { exited: true });
    const info = await inspect(t.ctx, name);
    expect(info.state).toMatchObject({ status: 'exited', running: false, exitCode: 4, pid: 0 });
    expect(info.state.finishedAt).toBeInstanceOf(Date);
    expect(String(info)).toContain('state:   exited (exit code 4)');
  });

  it('with size, shows a thin writable layer on top of the image, not a copy of it (C02)', async () => {
    const { name } = await testContainer(t.ctx, 'echo hello > /greeting', { exited: true });
    const info = await inspect(t.ctx, name, { size: true });
    const imageSize = (await t.ctx.docker.getImage('busybox').inspect()).Size;
    expect(info.sizeRw).toBeGreaterThan(0);
    expect(info.sizeRw!).toBeLessThan(imageSize / 100);
    expect(info.sizeRootFs).toBe(imageSize + info.sizeRw!);
    expect(String(info)).toMatch(/size: {4}\d+B \(virtual \d+(\.\d+)?MB\)/);
    expect((await inspect(t.ctx, name)).sizeRw).toBeUndefined();
  });

  it('takes a unique ID prefix, and refuses an ambiguous one with AMBIGUOUS_PREFIX', async () => {
    const seen = new Map<string, string>();
    let pair: [string, string] | undefined;
    while (!pair) {
      const { id } = await testContainer(t.ctx, 'true', { start: false });
      const other = seen.get(id[0]!);
      if (other) pair = [other, id];
      seen.set(id[0]!, id);
    }
    const [first, second] = pair;
    expect((await inspect(t.ctx, first.slice(0, 16))).id).toBe(first);
    const error = await inspect(t.ctx, first[0]!).catch((e: unknown) => e);
    expect(isDockbookError(error, 'AMBIGUOUS_PREFIX')).toBe(true);
    expect((error as Error).message).toContain(first.slice(0, 12));
    expect((error as Error).message).toContain(second.slice(0, 12));
  });

  it('fails with NOT_FOUND for an unknown name or ID', async () => {
    await expect(inspect(t.ctx, uniqueName(t.ctx, 'missing'))).rejects.toSatisfy((e: unknown) =>
      isDockbookError(e, 'NOT_FOUND'),
    );
    await expect(inspect(t.ctx, 'f'.repeat(64))).rejects.toSatisfy((e: unknown) => isDockbookError(e, 'NOT_FOUND'));
  });
});

describe('port', () => {
  it('gives the host port published for a container port, as docker port prints it', async () => {
    const { name } = await testContainer(t.ctx, 'sleep 300', {
      create: {
        ExposedPorts: { '80/tcp': {}, '81/tcp': {}, '53/udp': {} },
        HostConfig: {
          PortBindings: {
            '80/tcp': [{ HostIp: '127.0.0.1', HostPort: '' }],
            '53/udp': [{ HostIp: '', HostPort: '' }],
          },
        },
      },
    });
    const info = await inspect(t.ctx, name);
    const web = await port(t.ctx, name, 80);
    expect({ ...web }).toEqual(info.ports.find((p) => p.containerPort === 80 && p.protocol === 'tcp'));
    expect(web).toMatchObject({ containerPort: 80, protocol: 'tcp', hostIp: '127.0.0.1' });
    expect(web.hostPort).toBeGreaterThan(0);
    expect(String(web)).toBe(`127.0.0.1:${web.hostPort}`);
    expect((await port(t.ctx, name, '80/tcp')).hostPort).toBe(web.hostPort);
    const dns = await port(t.ctx, name, '53/udp');
    expect(dns).toMatchObject({ containerPort: 53, protocol: 'udp', hostIp: '0.0.0.0' });
    expect(dns.hostPort).not.toBe(web.hostPort);
    // Where this machine reaches them: a local engine's ports are on 127.0.0.1.
    expect(web.address).toBe(`127.0.0.1:${web.hostPort}`);
    expect(dns.address).toBe(`127.0.0.1:${dns.hostPort}`);
    const cli = await execa('docker', ['port', name, '80/tcp']);
    expect(cli.stdout.split('\n')[0]).toBe(String(web));
  });

  it('refuses a port that is not published, naming the ones that are', async () => {
    const { name } = await testContainer(t.ctx, 'sleep 300', {
      create: {
        ExposedPorts: { '80/tcp': {}, '81/tcp': {} },
        HostConfig: { PortBindings: { '80/tcp': [{ HostIp: '127.0.0.1', HostPort: '' }] } },
      },
    });
    for (const wrong of [81, '80/udp', 8080]) {
      const error = await port(t.ctx, name, wrong).catch((e: unknown) => e);
      expect(isDockbookError(error, 'NOT_FOUND'), String(error)).toBe(true);
      expect(error).toMatchObject({ operation: 'port', target: `container "${name}"` });
      expect((error as Error).message).toMatch(/no host port is published for \d+\/(tcp|udp); it publishes 80\/tcp/);
      expect((error as Error).message).toContain(`docker port ${name} `);
    }
    const { name: bare } = await testContainer(t.ctx, 'sleep 300');
    await expect(port(t.ctx, bare, 80)).rejects.toThrow(/no host port is published for 80\/tcp; it publishes no port/);
  });

  it('checks its arguments before asking the engine', async () => {
    for (const wrong of [0, 65536, 80.5, '80/icmp', 'http', '']) {
      await expect(port(t.ctx, 'web', wrong as never)).rejects.toMatchObject({
        code: 'INVALID_ARGUMENT',
        operation: 'port',
        target: 'argument containerPort',
      });
    }
    await expect(port(t.ctx, uniqueName(t.ctx, 'missing'), 80)).rejects.toSatisfy((e: unknown) =>
      isDockbookError(e, 'NOT_FOUND'),
    );
  });
});
