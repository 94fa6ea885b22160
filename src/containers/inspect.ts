import type Docker from 'dockerode';
import { isLoopbackHost } from '../core/connect.ts';
import { engineCall, type CallOptions } from '../core/call.ts';
import { resolveContainer, type ContainerRef } from '../core/resolve.ts';
import { printable, type Printable } from '../display/printable.ts';
import { humanSize } from '../display/units.ts';
import type { Context } from '../core/context.ts';
import { containerTarget, refText } from './ref.ts';
import { shortId } from '../display/ids.ts';
import { DockbookError } from '../errors.ts';
import { familiarRef } from '../input/reference.ts';
import { dockerState } from './value.ts';
import { containerPort } from '../validate/common.ts';
import { boolean } from '../validate/shape.ts';
import { CALL_OPTIONS, checkArgs, containerRef, signature } from '../validate/signature.ts';

export interface InspectOptions extends CallOptions {
  /** `--size`: measure the writable layer (sizeRw) and the whole root filesystem (sizeRootFs). Default false. */
  size?: boolean;
}

/** A port of a container and the host port that leads to it: `0.0.0.0:32768->80/tcp`. */
export interface PublishedPort {
  containerPort: number;
  /** `tcp`, `udp` or `sctp`. */
  protocol: string;
  /** The address it listens on, on the engine's machine: `0.0.0.0` (every IPv4 address), `::`, `127.0.0.1`. */
  hostIp: string;
  hostPort: number;
  /**
   * Where a client on this machine connects to it, `host:port`: `127.0.0.1:32768` for a local engine,
   * `10.0.3.2:32768` for one reached over TCP or SSH (the engine's host, `EngineInfo.publishHost`), the address
   * itself where it listens on one address only. A port a remote engine publishes on its loopback alone is
   * reached only on that machine: the address names the engine's host, where a connection from here is refused.
   */
  address: string;
}

export interface ContainerInfo {
  id: string;
  name: string;
  /** The image as it was asked for (`node`, `busybox:latest`). */
  image: string;
  imageId: string;
  created: Date;
  state: {
    /** `created`, `running`, `paused`, `restarting`, `exited`, `dead`. */
    status: string;
    running: boolean;
    exitCode: number;
    /** Undefined until it first started. */
    startedAt: Date | undefined;
    /** Undefined until it first stopped. */
    finishedAt: Date | undefined;
    /** The main process's pid on the host; 0 when not running. */
    pid: number;
  };
  config: {
    cmd: string[];
    entrypoint: string[];
    env: string[];
    tty: boolean;
    openStdin: boolean;
    workingDir: string;
    labels: Record<string, string>;
    /** `80/tcp`, from EXPOSE or `-p`. */
    exposedPorts: string[];
  };
  mounts: Array<{ type: string; name?: string; source: string; destination: string; readOnly: boolean }>;
  /** Published ports only: an exposed port that is not published has no entry here. */
  ports: PublishedPort[];
  /** Bytes in the writable layer, with `size: true`. */
  sizeRw?: number;
  /** Bytes of the image plus the writable layer, with `size: true`. */
  sizeRootFs?: number;
  /** The engine's whole answer. */
  raw: Docker.ContainerInspectInfo;
}

const date = (text: string | undefined): Date | undefined =>
  !text || text.startsWith('0001-') ? undefined : new Date(text);
const list = (value: string | string[] | null | undefined): string[] => (value == null ? [] : [value].flat());

/**
 * Where this machine reaches a port the engine listens on at `hostIp`: the engine's host (`publishHost`) for every
 * address (`0.0.0.0`, `::`, none) and, for a remote engine, for its loopback; otherwise `hostIp` itself.
 *
 * @example
 * reachableAddress('0.0.0.0', 32768, '10.0.3.2'); // '10.0.3.2:32768'
 * reachableAddress('::1', 32768, '127.0.0.1'); // '[::1]:32768'
 */
export function reachableAddress(hostIp: string, hostPort: number, publishHost: string): string {
  const everywhere = hostIp === '' || hostIp === '0.0.0.0' || hostIp === '::';
  const host = everywhere || (isLoopbackHost(hostIp) && !isLoopbackHost(publishHost)) ? publishHost : hostIp;
  return `${host.includes(':') ? `[${host}]` : host}:${hostPort}`;
}

/** The ContainerInfo of an engine inspect answer; `publishHost` is where this machine reaches the engine's ports. */
function toContainerInfo(
  raw: Docker.ContainerInspectInfo & { SizeRw?: number; SizeRootFs?: number },
  publishHost: string,
): ContainerInfo {
  const ports = Object.entries(raw.NetworkSettings.Ports ?? {}).flatMap(([key, bindings]) => {
    const [port, protocol = 'tcp'] = key.split('/');
    return (bindings ?? []).map((b) => ({
      containerPort: Number(port),
      protocol,
      // Podman records no address for a port published on every one (it listens on 0.0.0.0): Docker's 0.0.0.0.
      hostIp: b.HostIp || '0.0.0.0',
      hostPort: Number(b.HostPort),
      address: reachableAddress(b.HostIp, Number(b.HostPort), publishHost),
    }));
  });
  return {
    id: raw.Id,
    name: raw.Name.replace(/^\//, ''),
    image: familiarRef(raw.Config.Image),
    imageId: raw.Image,
    created: new Date(raw.Created),
    state: {
      status: dockerState(raw.State.Status),
      running: raw.State.Running,
      exitCode: raw.State.ExitCode,
      startedAt: date(raw.State.StartedAt),
      finishedAt: date(raw.State.FinishedAt),
      pid: raw.State.Pid,
    },
    config: {
      cmd: list(raw.Config.Cmd),
      entrypoint: list(raw.Config.Entrypoint),
      env: raw.Config.Env ?? [],
      tty: raw.Config.Tty,
      openStdin: raw.Config.OpenStdin,
      workingDir: raw.Config.WorkingDir,
      labels: raw.Config.Labels ?? {},
      exposedPorts: Object.keys(raw.Config.ExposedPorts ?? {}),
    },
    mounts: raw.Mounts.map((m) => ({
      type: m.Type,
      ...(m.Name ? { name: m.Name } : {}),
      source: m.Source,
      destination: m.Destination,
      readOnly: !m.RW,
    })),
    ports,
    ...(raw.SizeRw !== undefined ? { sizeRw: raw.SizeRw } : {}),
    ...(raw.SizeRootFs !== undefined ? { sizeRootFs: raw.SizeRootFs } : {}),
    raw,
  };
}

function text(info: ContainerInfo): string {
  const s = info.state;
  const rows = [
    `container ${info.name} (${shortId(info.id)}) from ${info.image} (${shortId(info.imageId)})`,
    `  state:   ${s.status}${s.running ? ` (pid ${s.pid})` : s.finishedAt ? ` (exit code ${s.exitCode})` : ''}`,
    `  command: ${[...info.config.entrypoint, ...info.config.cmd].join(' ')}`,
  ];
  const ports = info.ports.map((p) => `${p.hostIp || '0.0.0.0'}:${p.hostPort}->${p.containerPort}/${p.protocol}`);
  if (info.ports.length) rows.push(`  ports:   ${ports.join(', ')}`);
  for (const m of info.mounts)
    rows.push(`  mount:   ${m.type} ${m.name ?? m.source} -> ${m.destination}${m.readOnly ? ' (ro)' : ''}`);
  if (info.sizeRootFs !== undefined)
    rows.push(`  size:    ${humanSize(info.sizeRw ?? 0)} (virtual ${humanSize(info.sizeRootFs)})`);
  return rows.join('\n');
}

/** What inspect() takes, checked at its entry. */
export const INSPECT_SIGNATURE = signature({
  operation: 'inspect',
  ctx: true,
  params: [{ name: 'ref', shape: containerRef, example: 'web' }],
  options: { ...CALL_OPTIONS, size: boolean },
  command: 'docker inspect [OPTIONS] CONTAINER',
  flags: { size: '--size' },
});

/**
 * Inspects a container, as `docker container inspect`: its state, configuration, mounts and
 * published ports, and with `size` its writable layer (sizeRw) and whole root filesystem
 * (sizeRootFs, the image plus the writable layer).
 *
 * @example
 * const info = await inspect(ctx, 'web', { size: true }); // docker container inspect --size web
 * info.state.running; // true
 * info.sizeRw! < info.sizeRootFs! / 100; // the container adds a thin layer, not a copy
 */
export async function inspect(
  ctx: Context,
  ref: ContainerRef,
  options: InspectOptions = {},
): Promise<Printable<ContainerInfo>> {
  checkArgs(INSPECT_SIGNATURE, arguments);
  const { size = false } = options;
  const id = await resolveContainer(ctx, ref, 'inspect', options);
  const command = `docker container inspect${size ? ' --size' : ''} ${refText(ref)}`;
  const raw = await engineCall(
    options,
    ctx.timeoutMs,
    { operation: 'inspect', target: containerTarget(ref), command },
    (signal) => ctx.docker.getContainer(id).inspect({ size, abortSignal: signal } as Docker.ContainerInspectOptions),
  );
  const info = toContainerInfo(raw, ctx.engine.publishHost);
  Object.defineProperty(info, 'raw', { enumerable: false });
  return printable(info, text);
}

/** What port() takes, checked at its entry. */
export const PORT_SIGNATURE = signature({
  operation: 'port',
  ctx: true,
  params: [
    { name: 'ref', shape: containerRef, example: 'web' },
    { name: 'containerPort', shape: containerPort, example: 80 },
  ],
  options: CALL_OPTIONS,
  command: 'docker port CONTAINER [PRIVATE_PORT[/PROTO]]',
});

/**
 * The host port published for a port of a container, as `docker port web 80` prints it
 * (`0.0.0.0:32768`), and its `address`: where this machine reaches a container started with
 * `ports: ['0:80']` (`127.0.0.1:32768` on a local engine, the engine's host on a remote one).
 * When the engine binds both IPv4 and IPv6, the IPv4 binding. A port that is not published
 * (EXPOSE alone publishes nothing) is NOT_FOUND, naming the ports that are.
 *
 * @example
 * const web = await port(ctx, 'web', 80); // docker port web 80
 * await http(`http://${web.address}/`); // curl http://localhost:32768/
 */
export async function port(
  ctx: Context,
  ref: ContainerRef,
  containerPort: number | string,
  options: CallOptions = {},
): Promise<Printable<PublishedPort>> {
  checkArgs(PORT_SIGNATURE, arguments);
  const [number, protocol = 'tcp'] = String(containerPort).split('/') as [string, string?];
  const inside = Number(number);
  const wanted = `${inside}/${protocol}`;
  const command = `docker port ${refText(ref)} ${wanted}`;
  const id = await resolveContainer(ctx, ref, 'port', options);
  const raw = await engineCall(
    options,
    ctx.timeoutMs,
    { operation: 'port', target: containerTarget(ref), command },
    (signal) => ctx.docker.getContainer(id).inspect({ abortSignal: signal } as Docker.ContainerInspectOptions),
  );
  const ports = toContainerInfo(raw, ctx.engine.publishHost).ports;
  const bindings = ports.filter((p) => `${p.containerPort}/${p.protocol}` === wanted);
  const binding = bindings.find((p) => !p.hostIp.includes(':')) ?? bindings[0];
  if (!binding) {
    const published = [...new Set(ports.map((p) => `${p.containerPort}/${p.protocol}`))];
    throw new DockbookError({
      code: 'NOT_FOUND',
      operation: 'port',
      target: containerTarget(ref),
      reason: `no host port is published for ${wanted}; ${
        published.length ? `it publishes ${published.join(', ')}` : 'it publishes no port'
      }`,
      hint: `Publish it when the container is created: ports: ['0:${inside}'] (docker run -p 0:${inside} …).`,
      command,
    });
  }
  return printable({ ...binding }, hostAddress);
}

/** A binding as `docker port` prints it: `0.0.0.0:32768`, `[::]:32768`. */
function hostAddress(p: PublishedPort): string {
  const ip = p.hostIp || '0.0.0.0';
  return `${ip.includes(':') ? `[${ip}]` : ip}:${p.hostPort}`;
}
