import { randomBytes } from 'node:crypto';
import { writeFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:net';
import { join } from 'node:path';
import { sweepDeadPids } from '../../core/pids.ts';

/** A kernel connection file's content, as Jupyter writes it. */
export interface ConnectionInfo {
  /** `ipc`: unix sockets in the kernel's private folder, `<ip>:<port>` each; `tcp`: loopback ports. */
  transport: 'ipc' | 'tcp';
  ip: string;
  signature_scheme: 'hmac-sha256';
  key: string;
  shell_port: number;
  iopub_port: number;
  stdin_port: number;
  control_port: number;
  hb_port: number;
  kernel_name: string;
}

/**
 * `count` distinct free TCP ports on `ip`, found by binding port 0 and releasing it.
 *
 * @example
 * await freePorts(2); // [41231, 39877]
 */
export async function freePorts(count: number, ip = '127.0.0.1'): Promise<number[]> {
  // All servers stay open until every port is known, so no port is handed out twice.
  const servers = await Promise.all(
    Array.from(
      { length: count },
      () =>
        new Promise<Server>((resolve, reject) => {
          const server = createServer();
          server.once('error', reject);
          server.listen(0, ip, () => resolve(server));
        }),
    ),
  );
  const ports = servers.map((server) => (server.address() as { port: number }).port);
  await Promise.all(servers.map((server) => new Promise((resolve) => server.close(resolve))));
  return ports;
}

// A unix socket's path holds at most 107 bytes on Linux; `<ip>:<port>` must fit.
const MAX_IPC_PATH = 100;

/**
 * Connection details for a new kernel: its five sockets and a random HMAC key. With `dir` (the
 * kernel's private folder) the sockets are unix sockets in it (`ipc`), named `kernel:1` to
 * `kernel:5`: nothing else on the machine can take them. Loopback TCP ports, found free just
 * before the kernel binds them, can be taken in between (by another kernel, or by the engine
 * publishing a random host port): the kernel then fails to bind one (EADDRINUSE). TCP is the
 * fallback when the folder's path is too long for a unix socket.
 *
 * @example
 * const info = await newConnectionInfo('/tmp/dockbook-kernel-42-x1'); // { transport: 'ipc', ip:
 * '/tmp/dockbook-kernel-42-x1/kernel', shell_port: 1, … }
 */
export async function newConnectionInfo(dir?: string, ip = '127.0.0.1'): Promise<ConnectionInfo> {
  const socket = dir === undefined ? undefined : join(dir, 'kernel');
  const ipc = socket !== undefined && socket.length + 2 <= MAX_IPC_PATH;
  // The kernel binds all five, stdin and heartbeat included, though this client uses neither.
  const [shell, iopub, stdin, control, hb] = (ipc ? [1, 2, 3, 4, 5] : await freePorts(5, ip)) as [
    number,
    number,
    number,
    number,
    number,
  ];
  return {
    transport: ipc ? 'ipc' : 'tcp',
    ip: ipc ? socket! : ip,
    signature_scheme: 'hmac-sha256',
    key: randomBytes(32).toString('hex'),
    shell_port: shell,
    iopub_port: iopub,
    stdin_port: stdin,
    control_port: control,
    hb_port: hb,
    kernel_name: 'dockbook',
  };
}

/**
 * Writes `info` as `connection.json` in `dir`, readable by its owner only (it holds the key).
 *
 * @example
 * await writeConnectionFile('/tmp/dockbook-kernel-x1', info); // '/tmp/dockbook-kernel-x1/connection.json'
 */
export async function writeConnectionFile(dir: string, info: ConnectionInfo): Promise<string> {
  const file = join(dir, 'connection.json');
  await writeFile(file, JSON.stringify(info, null, 2), { mode: 0o600 });
  return file;
}

/**
 * The ZeroMQ address of one of the kernel's sockets.
 *
 * @example
 * channelAddress(info, 'shell'); // 'ipc:///tmp/dockbook-kernel-42-x1/kernel:1' (tslab binds
 * `<transport>://<ip>:<port>`)
 */
export function channelAddress(info: ConnectionInfo, channel: 'shell' | 'iopub' | 'control'): string {
  return `${info.transport}://${info.ip}:${info[`${channel}_port`]}`;
}

/**
 * The prefix of a kernel's temporary folder (its connection file, which holds the kernel's key): the runner's pid
 * follows.
 */
export const KERNEL_DIR_PREFIX = 'dockbook-kernel-';

/**
 * Removes the kernel folders in `dir` (the system's temporary folder) that a dockbook process
 * which is gone left behind: a runner killed before it could remove its kernels' connection
 * files, which hold their keys. Folders of live processes are kept. Returns what it removed.
 *
 * @example
 * sweepKernelDirs(tmpdir()); // ['/tmp/dockbook-kernel-4242-Xy12ab']
 */
export function sweepKernelDirs(dir: string): string[] {
  return sweepDeadPids(dir, /^dockbook-kernel-(\d+)-/);
}
