import type Docker from 'dockerode';
import { engineCall, type CallOptions } from '../core/call.ts';
import { Listing, type Column } from '../display/table.ts';
import { humanDuration, humanSize } from '../display/units.ts';
import type { Context } from '../core/context.ts';
import { sessionFilter } from '../core/labels.ts';
import { shortId } from '../display/ids.ts';
import { familiarRef } from '../input/reference.ts';
import { dockerState } from './value.ts';
import { filters } from '../validate/common.ts';
import { boolean, oneOf } from '../validate/shape.ts';
import { CALL_OPTIONS, checkArgs, signature } from '../validate/signature.ts';

/** One row of `ps`. */
export interface ContainerSummary {
  id: string;
  shortId: string;
  name: string;
  /** The image as it was asked for. */
  image: string;
  /** The command, as one line (`sh -c 'sleep 60'`). */
  command: string;
  created: Date;
  /** As the engine words it: `Up 2 seconds`, `Exited (0) 3 seconds ago`, `Created`. */
  status: string;
  /** `created`, `running`, `paused`, `restarting`, `exited`, `dead`. */
  state: string;
  /** Published ports (`0.0.0.0:3000->80/tcp`), and exposed unpublished ones (`80/tcp`). */
  ports: string[];
  /** Bytes in the container's writable layer, with `size: true`. */
  sizeRw?: number;
  /** Bytes of the image plus the writable layer, with `size: true`. */
  sizeRootFs?: number;
}

export interface PsOptions extends CallOptions {
  /** `-a`: stopped containers too. Default false (running ones only). */
  all?: boolean;
  /** `session` (default): only this session's containers; `all`: every container on the engine. */
  scope?: 'session' | 'all';
  /** `--filter`, as the engine takes them: `{ status: ['exited'], name: ['web'] }`. */
  filters?: Record<string, string[]>;
  /** `-s`: each container's sizes (slower: the engine measures the writable layers). Default false. */
  size?: boolean;
}

function portText(port: Docker.Port): string {
  if (!port.PublicPort) return `${port.PrivatePort}/${port.Type}`;
  return `${port.IP ?? ''}:${port.PublicPort}->${port.PrivatePort}/${port.Type}`;
}

function quoteCommand(command: string): string {
  const chars = [...command];
  return JSON.stringify(chars.length > 20 ? `${chars.slice(0, 19).join('')}…` : command);
}

/**
 * A container's command as Docker's list gives it (moby's container view): the program, then its arguments, each one
 * that holds a space in single quotes.
 *
 * @example
 * listCommand('sh', ['-c', 'sleep 600']) // "sh -c 'sleep 600'"
 */
export function listCommand(path: string, args: string[]): string {
  return [path, ...args.map((arg) => (arg.includes(' ') ? `'${arg}'` : arg))].join(' ');
}

/** A container's NetworkSettings.Ports, as an inspect gives them: bindings per `80/tcp`, null for none. */
export type PortBindings = Record<string, Array<{ HostIp: string; HostPort: string }> | null | undefined>;

/**
 * A container's ports as Docker's list gives them (moby's container view), from its inspect's NetworkSettings.Ports:
 * a running container's bindings, each with its address, and its exposed ports that are not published, with no host
 * side; none for a container that is not running (Docker releases its ports when it stops).
 *
 * @example
 * listPorts(true, { '80/tcp': null, '53/udp': [{ HostIp: '', HostPort: '5353' }] })
 * // [{ PrivatePort: 80, Type: 'tcp' }, { IP: '0.0.0.0', PrivatePort: 53, PublicPort: 5353, Type: 'udp' }]
 */
export function listPorts(running: boolean, ports: PortBindings | undefined): Docker.Port[] {
  if (!running) return [];
  return Object.entries(ports ?? {}).flatMap(([key, bindings]) => {
    const [port, type = 'tcp'] = key.split('/') as [string, string?];
    const PrivatePort = Number(port);
    if (!bindings?.length) return [{ PrivatePort, Type: type } as Docker.Port];
    // Podman records no address for a port published on every one (it listens on 0.0.0.0): Docker's 0.0.0.0.
    return bindings.map((b) => ({
      IP: b.HostIp || '0.0.0.0',
      PrivatePort,
      PublicPort: Number(b.HostPort),
      Type: type,
    }));
  });
}

/**
 * The list answer's Command and Ports, made as Docker makes them. Podman's list (4.3) joins the program and its
 * arguments with spaces alone (`sh -c sleep 600` for Docker's `sh -c 'sleep 600'`), names only the published ports,
 * without their address, and keeps them for a container that is not running; there the container's inspect, whose
 * Path, Args and NetworkSettings.Ports Podman gives as Docker does, makes them. A container gone meanwhile keeps the
 * list's.
 */
async function dockerValues(ctx: Context, rows: Docker.ContainerInfo[], signal: AbortSignal): Promise<void> {
  if (ctx.engine.kind !== 'podman') return;
  await Promise.all(
    rows.map(async (row) => {
      const info = await ctx.docker
        .getContainer(row.Id)
        .inspect({ abortSignal: signal })
        .catch(() => undefined);
      if (!info) return;
      row.Command = listCommand(info.Path, info.Args ?? []);
      row.Ports = listPorts(info.State.Running, info.NetworkSettings.Ports as PortBindings | undefined);
    }),
  );
}

/** A listing row from the engine's list answer. */
function toSummary(c: Docker.ContainerInfo & { SizeRw?: number; SizeRootFs?: number }): ContainerSummary {
  const name = (c.Names.find((n) => n.lastIndexOf('/') === 0) ?? c.Names[0] ?? '').replace(/^\//, '');
  return {
    id: c.Id,
    shortId: shortId(c.Id),
    name,
    image: familiarRef(c.Image),
    command: c.Command,
    created: new Date(c.Created * 1000),
    status: c.Status,
    state: dockerState(c.State),
    ports: [...new Set(c.Ports.map(portText))].sort(),
    ...(c.SizeRw !== undefined ? { sizeRw: c.SizeRw } : {}),
    ...(c.SizeRootFs !== undefined ? { sizeRootFs: c.SizeRootFs } : {}),
  };
}

function columns(size: boolean, now: number): Column<ContainerSummary>[] {
  const base: Column<ContainerSummary>[] = [
    { header: 'CONTAINER ID', value: (r) => r.shortId },
    { header: 'IMAGE', value: (r) => r.image },
    { header: 'COMMAND', value: (r) => quoteCommand(r.command) },
    { header: 'CREATED', value: (r) => `${humanDuration(now - r.created.getTime())} ago` },
    { header: 'STATUS', value: (r) => r.status },
    { header: 'PORTS', value: (r) => r.ports.join(', ') },
    { header: 'NAMES', value: (r) => r.name },
  ];
  if (!size) return base;
  return [
    ...base,
    { header: 'SIZE', value: (r) => `${humanSize(r.sizeRw ?? 0)} (virtual ${humanSize(r.sizeRootFs ?? 0)})` },
  ];
}

/** What ps() takes, checked at its entry. */
export const PS_SIGNATURE = signature({
  operation: 'ps',
  ctx: true,
  params: [],
  options: { ...CALL_OPTIONS, all: boolean, scope: oneOf('session', 'all'), filters, size: boolean },
  command: 'docker ps [OPTIONS]',
  flags: { all: '--all', filters: '--filter status=exited', size: '--size' },
});

/**
 * Lists containers with the columns of `docker ps`: running ones, or every one with `all`.
 * Only this session's containers unless `scope: 'all'`.
 *
 * @example
 * const running = await ps(ctx);              // docker ps --filter label=dockbook.session=…
 * const every = await ps(ctx, { all: true }); // docker ps -a …
 * every.map((c) => c.status);                 // ['Exited (0) 3 seconds ago', 'Up 5 seconds']
 */
export async function ps(ctx: Context, options: PsOptions = {}): Promise<Listing<ContainerSummary>> {
  checkArgs(PS_SIGNATURE, arguments);
  const { all = false, scope = 'session', filters = {}, size = false } = options;
  const label = [...(filters.label ?? []), ...(scope === 'session' ? sessionFilter(ctx.session).label : [])];
  const query = { ...filters, ...(label.length ? { label } : {}) };
  const command = [
    'docker ps',
    all ? '-a' : '',
    size ? '-s' : '',
    ...Object.entries(query).flatMap(([key, values]) => values.map((v) => `--filter ${key}=${v}`)),
  ]
    .filter(Boolean)
    .join(' ');
  const rows = await engineCall(options, ctx.timeoutMs, { operation: 'ps', command }, async (signal) => {
    const list = await ctx.docker.listContainers({ all, size, filters: query, abortSignal: signal });
    await dockerValues(ctx, list, signal);
    return list;
  });
  return Listing.create(columns(size, Date.now()), rows.map(toSummary));
}
