// What this machine allows the project's Podman: resource limits, a free subnet, and whether its run state survived a
// reboot. Each reads a /proc file's text, so the rules are tested on text.

/** Podman's own default for both limits, and the most a container is given where a hard limit is unlimited. */
export const PODMAN_DEFAULT_LIMIT = 1_048_576;

/** The hard limits of open files and processes, from a `/proc/<pid>/limits` text; Infinity for unlimited. */
export function hardLimits(procLimits: string): { nofile?: number; nproc?: number } {
  const hard = (name: string): number | undefined => {
    const match = new RegExp(`^${name}\\s+(\\S+)\\s+(\\S+)`, 'm').exec(procLimits);
    if (!match) return undefined;
    return match[2] === 'unlimited' ? Infinity : Number(match[2]);
  };
  const nofile = hard('Max open files');
  const nproc = hard('Max processes');
  return { ...(nofile !== undefined ? { nofile } : {}), ...(nproc !== undefined ? { nproc } : {}) };
}

/**
 * The `default_ulimits` for containers under these hard limits: soft = hard = the limit, at most Podman's default
 * (1048576). Without CAP_SYS_RESOURCE a container whose limits exceed the service process's hard limits cannot start
 * ("error setting rlimit type 7: operation not permitted"), and Podman's default asks for 1048576 of both.
 *
 * @example
 * containerUlimits({ nofile: 20000, nproc: 32768 }); // ['nofile=20000:20000', 'nproc=32768:32768']
 */
export function containerUlimits(limits: { nofile?: number; nproc?: number }): string[] {
  const value = (limit: number | undefined): number => Math.min(limit ?? PODMAN_DEFAULT_LIMIT, PODMAN_DEFAULT_LIMIT);
  const nofile = value(limits.nofile);
  const nproc = value(limits.nproc);
  return [`nofile=${nofile}:${nofile}`, `nproc=${nproc}:${nproc}`];
}

/** statfs()'s type of an overlay filesystem (OVERLAYFS_SUPER_MAGIC). */
const OVERLAYFS_MAGIC = 0x794c7630;

/**
 * The storage driver for a graphroot on a filesystem of this statfs() type: `overlay`, as Docker's overlay2, except
 * on an overlay filesystem itself (a machine that is a container), where the kernel refuses overlay on overlay and
 * Podman needs `vfs`. Podman must be told: with no driver named it never starts listening.
 */
export function storageDriver(fsType: number): 'overlay' | 'vfs' {
  return fsType === OVERLAYFS_MAGIC ? 'vfs' : 'overlay';
}

/** An IPv4 route of the host: its interface and destination network. */
export interface Route {
  iface: string;
  /** `10.87.0.0/24`. */
  network: string;
}

const dotted = (n: number): string => [24, 16, 8, 0].map((shift) => (n >>> shift) & 255).join('.');
/** A /proc/net/route field: a 32-bit value in the host's (little-endian) byte order. */
const fromHex = (hex: string): number => Number.parseInt(hex.match(/../g)!.reverse().join(''), 16) >>> 0;
const prefixLength = (mask: number): number => mask.toString(2).replace(/0/g, '').length;

/** The host's IPv4 routes, from `/proc/net/route`. */
export function ipv4Routes(procNetRoute: string): Route[] {
  return procNetRoute
    .trim()
    .split('\n')
    .slice(1)
    .map((line) => line.trim().split(/\s+/))
    .filter((fields) => fields.length >= 8)
    .map(([iface, destination, , , , , , mask]) => ({
      iface: iface!,
      network: `${dotted(fromHex(destination!))}/${prefixLength(fromHex(mask!))}`,
    }));
}

function parseCidr(cidr: string): { base: number; bits: number } {
  const [address, bits] = cidr.split('/');
  const base = address!.split('.').reduce((n, octet) => (n << 8) + Number(octet), 0) >>> 0;
  return { base, bits: Number(bits) };
}

/** Whether two IPv4 networks (`a.b.c.d/n`) share an address. */
export function overlaps(a: string, b: string): boolean {
  const x = parseCidr(a);
  const y = parseCidr(b);
  const bits = Math.min(x.bits, y.bits);
  if (bits === 0) return true;
  const mask = (~0 << (32 - bits)) >>> 0;
  return (x.base & mask) >>> 0 === (y.base & mask) >>> 0;
}

/**
 * The routes that would collide with `subnet` on a bridge named `bridge`: any route to an overlapping network through
 * another interface (the default route, 0.0.0.0/0, collides with nothing).
 *
 * @example
 * conflictingRoutes('10.87.0.0/24', [{ iface: 'docker0', network: '172.17.0.0/16' }], 'dockbook0'); // []
 */
export function conflictingRoutes(subnet: string, routes: readonly Route[], bridge: string): Route[] {
  return routes.filter((r) => r.iface !== bridge && !r.network.endsWith('/0') && overlaps(r.network, subnet));
}

/** The time the machine booted, in ms since the epoch, from `/proc/stat`'s `btime`; undefined where it is missing. */
export function bootTimeMs(procStat: string): number | undefined {
  const match = /^btime (\d+)$/m.exec(procStat);
  return match ? Number(match[1]) * 1000 : undefined;
}

/**
 * Whether Podman's run state (runroot and tmp_dir, on disk here rather than on a tmpfs) is from before the last boot:
 * its `alive` file older than the boot. Podman then believes its containers still run and its mounts still stand,
 * so the state is removed before the service starts (as a reboot empties a tmpfs), and Podman refreshes.
 */
export function staleAfterReboot(aliveMtimeMs: number | undefined, bootMs: number | undefined): boolean {
  return aliveMtimeMs !== undefined && bootMs !== undefined && aliveMtimeMs < bootMs;
}

/**
 * The mount points under `dir`, deepest first, from a `/proc/self/mountinfo` text (its octal escapes decoded): what
 * must be unmounted before the folder can be removed (Podman's storage driver leaves its own folder bind-mounted).
 */
export function mountsUnder(mountinfo: string, dir: string): string[] {
  const root = dir.replace(/\/+$/, '');
  return mountinfo
    .split('\n')
    .map((line) => line.split(' ')[4])
    .filter((field): field is string => field !== undefined)
    .map((field) =>
      field.replace(/\\([0-7]{3})/g, (_, octal: string) => String.fromCharCode(Number.parseInt(octal, 8))),
    )
    .filter((point) => point === root || point.startsWith(`${root}/`))
    .sort((a, b) => b.split('/').length - a.split('/').length || b.length - a.length);
}
