import { spawn, type ChildProcess } from 'node:child_process';
import { randomInt } from 'node:crypto';
import {
  closeSync,
  existsSync,
  mkdirSync,
  openSync,
  readdirSync,
  readFileSync,
  realpathSync,
  rmdirSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Readable } from 'node:stream';
import { fileURLToPath } from 'node:url';
import { execa } from 'execa';
import { connect, type Engine } from '../../src/core/connect.ts';
import { processAlive } from '../../src/core/pids.ts';
import { cacheDir } from '../../src/paths.ts';
import { privateRegistryPort, registryPort } from '../../src/registry/config.ts';
import { ensureCommand, which } from '../../src/stack/apt.ts';
import { ownedDaemonArgs } from '../../src/stack/engine.ts';
import { startOwnedProcess, stopOwnedProcess } from '../../src/stack/owned-process.ts';

/** A dockerd of a test's own, reached over TCP with TLS at an address of its own, as a remote engine is. */
export interface RemoteEngine {
  /** `tcp://198.19.…:2376`. */
  host: string;
  /** The engine's address: where its published ports are reached from here. */
  address: string;
  /** The client's ca.pem, cert.pem and key.pem (DOCKER_CERT_PATH). */
  certPath: string;
  /** The environment a client needs: the given one with DOCKER_HOST, DOCKER_TLS_VERIFY=1 and DOCKER_CERT_PATH. */
  env: NodeJS.ProcessEnv;
  /** Its folder: data root, exec root, certificates, logs, the forwarders' sockets. */
  dir: string;
  /** Its network namespace. */
  netns: string;
  /**
   * A folder of this machine that the engine's machine lacks: the engine runs in a mount namespace of its own where
   * an empty tmpfs covers it. What is put in it here exists on this side of the wire only.
   */
  elsewhere: string;
  /** A client of it, over TLS. */
  connect(): Promise<Engine>;
  /** Stops it and everything it started, and deletes its namespace, link and folder. */
  dispose(): Promise<void>;
}

/** Names of this helper's namespaces and folders: `dbkr-<owner pid>-<6 hex>`. */
const NAME = /^dbkr-(\d+)-[0-9a-f]{6}$/;
const FORWARD = fileURLToPath(new URL('./forward.mjs', import.meta.url));
const API_PORT = 2376;

/** Where each engine's record (owner, folder) lives, so a later sweep finds what a killed test left. */
function recordsDir(): string {
  return join(cacheDir(), 'remote-engines');
}

/**
 * Starts a remote engine of the test's own: a network namespace joined to this one by a veth pair
 * on a /30 of 198.19.0.0/16 (the benchmarking range), a dockerd inside it (nsenter: the host's
 * cgroups and files, the namespace's network, so its docker0 and iptables are its own; a mount
 * namespace of its own, so its mounts go with it and one folder, `elsewhere`, is not on its side)
 * with its own data root, exec root and config, listening on `tcp://<address>:2376` with TLS (a CA, server
 * and client certificate made here with openssl). The course's registries are where the notebooks
 * name them, 127.0.0.1:5000 and :5001 on the engine's side, as on a classroom host that runs them
 * beside its engine: a forwarder in the namespace pipes them through unix sockets in the folder to
 * a forwarder here that reaches the real ones. slirp4netns gives the namespace the outbound network
 * the host has (builds run `npm install`), without touching the host's iptables. The engine
 * mirrors the public registry, as an engine the project starts does.
 *
 * Everything is named `dbkr-<pid>-<hex>` and recorded under the cache; each call first sweeps
 * what a test that is gone left behind.
 *
 * @example
 * const remote = await remoteEngine();
 * const engine = await remote.connect(); // engine.publishHost === remote.address
 * await remote.dispose();
 */
export async function remoteEngine(env: NodeJS.ProcessEnv = process.env): Promise<RemoteEngine> {
  await sweepRemoteEngines();
  const nsenter = await ensureCommand('nsenter', 'util-linux', 'remote engine');
  const unshare = await ensureCommand('unshare', 'util-linux', 'remote engine');
  const slirp = await ensureCommand('slirp4netns', 'slirp4netns', 'remote engine');
  const dockerd = which('dockerd');
  if (!dockerd) throw new Error('dockerd is not installed (apt-get install docker.io)');
  const name = `dbkr-${process.pid}-${randomInt(0, 0xffffff).toString(16).padStart(6, '0')}`;
  const dir = join(tmpdir(), name);
  mkdirSync(dir, { recursive: true });
  mkdirSync(recordsDir(), { recursive: true });
  writeFileSync(join(recordsDir(), `${name}.json`), `${JSON.stringify({ owner: process.pid, dir }, null, 2)}\n`);
  const children: ChildProcess[] = [];
  const dispose = async () => {
    await Promise.all(children.map((child) => endChild(child)));
    await tearDown(name, dir);
  };
  try {
    const address = await link(name);
    const { serverDir, certPath } = await certificates(dir, address);
    children.push(await startSlirp(slirp, name, dir));
    // The engine's 127.0.0.1:5000 and :5001 → sockets in the folder → this machine's 127.0.0.1:5000 and :5001.
    const ports = [registryPort(env), privateRegistryPort(env)];
    const socket = (port: number) => `unix:${join(dir, `registry-${port}.sock`)}`;
    children.push(
      await startForwarder(
        process.execPath,
        ports.map((port) => `${socket(port)}=tcp:127.0.0.1:${port}`),
        join(dir, 'forward-host.log'),
      ),
    );
    children.push(
      await startForwarder(
        nsenter,
        ports.map((port) => `tcp:127.0.0.1:${port}=${socket(port)}`),
        join(dir, 'forward-engine.log'),
        [`--net=/run/netns/${name}`, process.execPath],
      ),
    );
    const host = `tcp://${address}:${API_PORT}`;
    const endpoint = { host, source: 'DOCKER_HOST' as const, tlsDir: certPath };
    writeFileSync(join(dir, 'daemon.json'), '{}\n');
    const elsewhere = join(dir, 'elsewhere');
    mkdirSync(elsewhere);
    // Its own mount namespace (a slave of this one: it sees every file here, and its mounts stay its own), in which
    // `elsewhere` is an empty tmpfs; then dockerd, in the same process.
    const hide = 'mount -t tmpfs -o size=1m,mode=0755 dockbook-elsewhere "$0" && exec "$@"';
    const args = [
      `--net=/run/netns/${name}`,
      unshare,
      '--mount',
      '--propagation',
      'slave',
      'sh',
      '-c',
      hide,
      elsewhere,
      dockerd,
      '--host',
      host,
      '--tlsverify',
      `--tlscacert=${join(serverDir, 'ca.pem')}`,
      `--tlscert=${join(serverDir, 'cert.pem')}`,
      `--tlskey=${join(serverDir, 'key.pem')}`,
      '--pidfile',
      join(dir, 'dockerd.pid'),
      ...ownedDaemonArgs({
        env,
        daemonArgs: [
          '--data-root',
          join(dir, 'data'),
          '--exec-root',
          join(dir, 'exec'),
          '--config-file',
          join(dir, 'daemon.json'),
          // Its containers' cgroups under one of its own, where a sweep finds what a killed engine left running.
          `--cgroup-parent=/${name}`,
        ],
      }),
    ];
    await startOwnedProcess({
      bin: nsenter,
      args,
      dir,
      logName: 'dockerd.log',
      record: { host, marker: 'dockerd' },
      ready: () =>
        connect({ endpoint, timeoutMs: 1000 }).then(
          () => true,
          () => false,
        ),
      pollMs: 100,
      timeoutMs: 60_000,
      failure: { code: 'ENGINE_START_FAILED', operation: 'remote engine', target: host, command: `dockerd -H ${host}` },
    });
    const clientEnv: NodeJS.ProcessEnv = {
      ...env,
      DOCKER_HOST: host,
      DOCKER_TLS_VERIFY: '1',
      DOCKER_CERT_PATH: certPath,
    };
    delete clientEnv.DOCKER_CONTEXT;
    return {
      host,
      address,
      certPath,
      env: clientEnv,
      dir,
      netns: name,
      elsewhere,
      connect: () => connect({ endpoint }),
      dispose,
    };
  } catch (error) {
    await dispose().catch(() => undefined);
    throw error;
  }
}

/**
 * The namespace and its link: `<name>` (the netns), a veth pair whose host end is `dbkr<hex>`, and
 * a /30 in a /24 of 198.19.0.0/16 that no interface of this machine uses yet: .1 here, .2 in the namespace.
 */
async function link(name: string): Promise<string> {
  const hostSide = `dbkr${name.slice(-6)}`;
  const used = (await execa('ip', ['-4', '-o', 'addr', 'show'])).stdout;
  let net: string;
  do net = `198.19.${randomInt(0, 256)}.`;
  while (used.includes(` ${net}`));
  const base = 4 * randomInt(0, 64);
  const here = `${net}${base + 1}`;
  const there = `${net}${base + 2}`;
  await execa('ip', ['netns', 'add', name]);
  await execa('ip', ['link', 'add', hostSide, 'type', 'veth', 'peer', 'name', 'eth0', 'netns', name]);
  await execa('ip', ['addr', 'add', `${here}/30`, 'dev', hostSide]);
  await execa('ip', ['link', 'set', hostSide, 'up']);
  await execa('ip', ['-n', name, 'addr', 'add', `${there}/30`, 'dev', 'eth0']);
  await execa('ip', ['-n', name, 'link', 'set', 'eth0', 'up']);
  await execa('ip', ['-n', name, 'link', 'set', 'lo', 'up']);
  return there;
}

/** A CA, the server's certificate for `address` and a client certificate, as `dockerd --tlsverify` and clients want. */
async function certificates(dir: string, address: string): Promise<{ serverDir: string; certPath: string }> {
  const ca = join(dir, 'ca');
  const serverDir = join(dir, 'server');
  const certPath = join(dir, 'client');
  for (const folder of [ca, serverDir, certPath]) mkdirSync(folder, { mode: 0o700 });
  const key = ['-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes'];
  await execa('openssl', [
    'req',
    '-x509',
    ...key,
    '-keyout',
    join(ca, 'key.pem'),
    '-out',
    join(ca, 'ca.pem'),
    '-days',
    '2',
    '-subj',
    '/CN=dockbook remote engine CA',
  ]);
  const sign = async (folder: string, subject: string, extensions: string) => {
    writeFileSync(join(folder, 'ext.cnf'), extensions);
    await execa(
      'openssl',
      ['req', ...key, '-keyout', join(folder, 'key.pem'), '-out', join(folder, 'csr.pem')].concat(['-subj', subject]),
    );
    await execa('openssl', [
      'x509',
      '-req',
      '-in',
      join(folder, 'csr.pem'),
      '-CA',
      join(ca, 'ca.pem'),
      '-CAkey',
      join(ca, 'key.pem'),
      '-CAcreateserial',
      '-out',
      join(folder, 'cert.pem'),
      '-days',
      '2',
      '-extfile',
      join(folder, 'ext.cnf'),
    ]);
    writeFileSync(join(folder, 'ca.pem'), readFileSync(join(ca, 'ca.pem')));
  };
  await sign(serverDir, `/CN=${address}`, `subjectAltName=IP:${address}\nextendedKeyUsage=serverAuth\n`);
  await sign(certPath, '/CN=dockbook client', 'extendedKeyUsage=clientAuth\n');
  return { serverDir, certPath };
}

/**
 * slirp4netns: the namespace's default route, through this machine's own sockets (no iptables
 * here). It exits when the pipe on its fd 3 closes, so it never outlives this process.
 */
async function startSlirp(slirp: string, name: string, dir: string): Promise<ChildProcess> {
  const log = openSync(join(dir, 'slirp4netns.log'), 'a');
  const child = spawn(
    slirp,
    [
      '--configure',
      '--mtu=65520',
      '--disable-host-loopback',
      '--netns-type=path',
      '--exit-fd=3',
      '--ready-fd=4',
    ].concat([`/run/netns/${name}`, 'tap0']),
    { stdio: ['ignore', log, log, 'pipe', 'pipe'] },
  );
  closeSync(log);
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`slirp4netns did not configure ${name} within 10 s`)), 10_000);
    (child.stdio[4] as Readable).once('data', () => {
      clearTimeout(timer);
      resolve();
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`slirp4netns exited (${code}): ${readFileSync(join(dir, 'slirp4netns.log'), 'utf8')}`));
    });
  });
  unrefChild(child);
  return child;
}

/** forward.mjs with `pairs`, run as `bin [...prefix] node forward.mjs`; resolves once it listens. */
async function startForwarder(
  bin: string,
  pairs: string[],
  logFile: string,
  prefix: string[] = [],
): Promise<ChildProcess> {
  const log = openSync(logFile, 'a');
  const child = spawn(bin, [...prefix, FORWARD, ...pairs], { stdio: ['pipe', 'pipe', log] });
  closeSync(log);
  await new Promise<void>((resolve, reject) => {
    child.stdout!.once('data', () => resolve());
    child.once('exit', (code) => reject(new Error(`the forwarder exited (${code}): ${readFileSync(logFile, 'utf8')}`)));
  });
  unrefChild(child);
  return child;
}

/** A child and its pipes no longer keep this process alive. */
function unrefChild(child: ChildProcess): void {
  child.unref();
  for (const stream of child.stdio) (stream as unknown as { unref?: () => void } | null)?.unref?.();
}

/** Ends a child: its pipes closed (forwarders and slirp4netns exit on that), then SIGKILL after 5 s. */
async function endChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  child.stdin?.end();
  for (const stream of child.stdio.slice(1)) stream?.destroy();
  const timer = setTimeout(() => child.kill('SIGKILL'), 5000);
  await exited;
  clearTimeout(timer);
}

/**
 * Stops the engine of `name` and everything left in its namespace, unmounts what is left under
 * its folder, and deletes the namespace (its veth pair goes with it), the folder and the record.
 */
async function tearDown(name: string, dir: string): Promise<void> {
  if (existsSync(dir)) await stopOwnedProcess(dir, 30_000).catch(() => undefined);
  const kill = (pid: string | number) => {
    try {
      process.kill(Number(pid), 'SIGKILL');
    } catch {
      // already gone
    }
  };
  // What is left in its namespace (dockerd, containerd, shims, the forwarder), what names it (slirp4netns), and
  // its containers, which have namespaces of their own but live in its cgroups.
  const pids = (await execa('ip', ['netns', 'pids', name], { reject: false })).stdout.split('\n').filter(Boolean);
  pids.forEach(kill);
  for (const pid of readdirSync('/proc').filter((entry) => /^\d+$/.test(entry))) {
    try {
      if (readFileSync(`/proc/${pid}/cmdline`, 'utf8').includes(`/run/netns/${name}\0`)) kill(pid);
    } catch {
      // gone, or not ours to read
    }
  }
  const groups = cgroupsOf(name);
  for (const group of groups)
    readFileSync(join(group, 'cgroup.procs'), 'utf8').split('\n').filter(Boolean).forEach(kill);
  for (const group of groups) {
    for (let tries = 0; tries < 50; tries++) {
      try {
        rmdirSync(group);
        break;
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code === 'ENOENT') break;
        await new Promise((resolve) => setTimeout(resolve, 100)); // its processes are still exiting
      }
    }
  }
  for (const mount of mountsUnder(dir)) await execa('umount', ['-l', mount], { reject: false });
  await execa('ip', ['netns', 'del', name], { reject: false });
  await execa('ip', ['link', 'del', `dbkr${name.slice(-6)}`], { reject: false });
  rmSync(dir, { recursive: true, force: true });
  rmSync(join(recordsDir(), `${name}.json`), { force: true });
}

/** The cgroups named `name` under each hierarchy (v1 controllers, or v2's one) and those below them, deepest first. */
function cgroupsOf(name: string): string[] {
  const root = '/sys/fs/cgroup';
  const hierarchies = [root, ...readdirSync(root).map((entry) => join(root, entry))].map((top) => realpathSync(top));
  const tops = [...new Set(hierarchies)].map((top) => join(top, name));
  const found: string[] = [];
  const walk = (group: string) => {
    for (const entry of readdirSync(group, { withFileTypes: true }))
      if (entry.isDirectory()) walk(join(group, entry.name));
    found.push(group);
  };
  for (const top of tops) if (existsSync(join(top, 'cgroup.procs'))) walk(top);
  return found;
}

/** Mount points at or under `dir`, deepest first. */
function mountsUnder(dir: string): string[] {
  const points = readFileSync('/proc/self/mountinfo', 'utf8')
    .split('\n')
    .map((line) => line.split(' ')[4])
    .filter((point): point is string => point !== undefined)
    .map((point) => point.replace(/\\([0-7]{3})/g, (_, octal: string) => String.fromCharCode(parseInt(octal, 8))));
  return points.filter((point) => point === dir || point.startsWith(`${dir}/`)).sort((a, b) => b.length - a.length);
}

/**
 * Tears down the remote engines whose owner process is gone: every `dbkr-<pid>-…` namespace and
 * every record under the cache whose pid is dead. Returns their names.
 */
export async function sweepRemoteEngines(): Promise<string[]> {
  const records = existsSync(recordsDir()) ? readdirSync(recordsDir()) : [];
  const dirs = new Map<string, string>();
  for (const file of records) {
    const name = file.replace(/\.json$/, '');
    try {
      dirs.set(name, (JSON.parse(readFileSync(join(recordsDir(), file), 'utf8')) as { dir: string }).dir);
    } catch {
      dirs.set(name, join(tmpdir(), name));
    }
  }
  const namespaces = (await execa('ip', ['netns', 'list'], { reject: false })).stdout
    .split('\n')
    .map((line) => line.split(' ')[0]!)
    .filter((name) => NAME.test(name));
  const stale = [...new Set([...dirs.keys(), ...namespaces])].filter((name) => {
    const owner = Number(NAME.exec(name)?.[1]);
    return owner > 0 && owner !== process.pid && !processAlive(owner);
  });
  for (const name of stale) await tearDown(name, dirs.get(name) ?? join(tmpdir(), name));
  return stale;
}
