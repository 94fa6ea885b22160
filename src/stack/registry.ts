import { join } from 'node:path';
import { withLock } from '../core/lock.ts';
import { DockbookError } from '../errors.ts';
import { ensureCommand, which } from './apt.ts';
import { probeRegistry, registryRepositories } from '../registry/api.ts';
import { collectGarbage, readOwnedRegistry, serveRegistry, stopRegistry } from './registry-serve.ts';
import { registrySpec, type RegistryKind, type RegistrySpec } from './registry-spec.ts';
import { environment, logLine, registryKind } from '../validate/common.ts';
import { arrayOf, boolean, hasFields, milliseconds, string } from '../validate/shape.ts';
import { checkArgs, signature } from '../validate/signature.ts';

export interface RegistryUpOptions {
  env?: NodeJS.ProcessEnv;
  /** Which of the course's registries. Default `public`. */
  kind?: RegistryKind;
  /** Install Debian's docker-registry when it is missing. Default true. */
  install?: boolean;
  log?: (line: string) => void;
  /** How long to wait for a started registry to answer, ms. Default 15000. */
  timeoutMs?: number;
}

export interface RegistryUpResult {
  /** `127.0.0.1:<port>`, as image references name it. */
  host: string;
  /** True when this call started the registry (and `registry down` will stop it). */
  started: boolean;
  /** True when this call installed docker-registry. */
  installed: boolean;
  /** Milliseconds from spawning the registry to its first answer, when this call started it. */
  startMs?: number;
}

function portTaken({ host, portVariable }: RegistrySpec): DockbookError {
  return new DockbookError({
    code: 'PORT_IN_USE',
    operation: 'registry up',
    target: host,
    reason: 'something that is not a Docker registry listens there',
    hint: `Stop it, or choose another port with ${portVariable}.`,
    command: `ss -ltnp 'sport = :${host.split(':').pop()}'`,
  });
}

/** What registryUp() takes, checked at its entry: before it probes, installs or starts anything. */
export const REGISTRY_UP_SIGNATURE = signature({
  operation: 'registryUp',
  ctx: false,
  params: [],
  options: { env: environment, kind: registryKind, install: boolean, log: logLine, timeoutMs: milliseconds },
  command: 'dockbook registry up',
});

/** registryDown, registryGc and registryStatus: an environment, then which registry. */
const envAndKind = [
  { name: 'env', shape: environment, optional: true, example: {} },
  { name: 'kind', shape: registryKind, optional: true, example: 'public' },
];

/** What registryDown() takes, checked at its entry. */
export const REGISTRY_DOWN_SIGNATURE = signature({
  operation: 'registryDown',
  ctx: false,
  params: envAndKind,
  command: 'dockbook registry down',
});

/** What registryGc() takes, checked at its entry. */
export const REGISTRY_GC_SIGNATURE = signature({
  operation: 'registryGc',
  ctx: false,
  params: envAndKind,
  command: 'dockbook registry gc',
});

/** What registryStatus() takes, checked at its entry. */
export const REGISTRY_STATUS_SIGNATURE = signature({
  operation: 'registryStatus',
  ctx: false,
  params: envAndKind,
  command: 'dockbook registry status',
});

/** What formatRegistryStatus() takes (a RegistryStatus, the fields the text shows), checked at its entry. */
export const FORMAT_REGISTRY_STATUS_SIGNATURE = signature({
  operation: 'formatRegistryStatus',
  ctx: false,
  params: [
    {
      name: 'status',
      shape: hasFields(
        {
          kind: registryKind,
          host: string,
          access: string,
          running: boolean,
          owned: boolean,
          storage: string,
          repositories: arrayOf(string),
        },
        'a RegistryStatus (await registryStatus())',
      ),
      example: {
        kind: 'public',
        host: '127.0.0.1:5000',
        access: 'anonymous pull and push',
        running: false,
        owned: false,
        storage: '/tmp/registry/data',
        repositories: [],
      },
    },
  ],
  command: 'dockbook registry status',
});

/**
 * Makes sure one of the course's registries answers: the public one at
 * 127.0.0.1:<DOCKBOOK_REGISTRY_PORT or 5000> (anonymous pull and push), or with kind
 * `private` the one at 127.0.0.1:<DOCKBOOK_PRIVATE_REGISTRY_PORT or 5001> (htpasswd login
 * with the course's credentials for pull and push). A registry already answering there is used
 * as it is; otherwise Debian's `docker-registry` is installed if needed (install: true by
 * default, root on Debian/Ubuntu) and started, with storage and state under
 * `<cache>/registry/<kind>/`. Defaults: kind public, env process.env, timeoutMs 15000.
 *
 * @example
 * const up = await registryUp();
 * up.host; // '127.0.0.1:5000'
 * (await registryUp({ kind: 'private' })).host; // '127.0.0.1:5001'
 */
export async function registryUp(options: RegistryUpOptions = {}): Promise<RegistryUpResult> {
  checkArgs(REGISTRY_UP_SIGNATURE, arguments);
  const { env = process.env, kind = 'public', install = true, log = () => {}, timeoutMs = 15_000 } = options;
  const spec = registrySpec(kind, env);
  const { host, dir } = spec;
  const first = await probeRegistry(host);
  if (first === 'registry') return { host, started: false, installed: false };
  if (first === 'other') throw portTaken(spec);
  return withLock(join(dir, 'start.lock'), async () => {
    // Another dockbook process may have started it while this one waited for the lock.
    const now = await probeRegistry(host);
    if (now === 'registry') return { host, started: false, installed: false };
    if (now === 'other') throw portTaken(spec);
    const missing = !which('docker-registry');
    if (missing && !install) {
      throw new DockbookError({
        code: 'MISSING_DEPENDENCY',
        operation: 'registry up',
        target: 'docker-registry',
        reason: 'docker-registry is not installed',
        hint: 'Install it, or allow dockbook to install it.',
        command: 'apt-get install docker-registry',
      });
    }
    const bin = await ensureCommand('docker-registry', 'docker-registry', 'registry up', log);
    const auth = await spec.prepare(log);
    log(`starting the ${kind} docker-registry on ${host} (log: ${join(dir, 'registry.log')})…`);
    const t0 = performance.now();
    await serveRegistry({ bin, dir, host, ...(auth ? { auth } : {}), timeoutMs });
    return { host, started: true, installed: missing, startMs: Math.round(performance.now() - t0) };
  });
}

/**
 * Stops the public (or, with kind `private`, the private) registry if this project started
 * it; a registry it did not start is left running. Returns the pid it stopped, or undefined.
 * Defaults: env process.env, kind public.
 *
 * @example
 * await registryDown(); // 12345, or undefined when dockbook started none
 */
export async function registryDown(
  env: NodeJS.ProcessEnv = process.env,
  kind: RegistryKind = 'public',
): Promise<number | undefined> {
  checkArgs(REGISTRY_DOWN_SIGNATURE, arguments);
  const { dir } = registrySpec(kind, env);
  const pid = await stopRegistry(dir);
  // The registry is stopped: the layers of deleted manifests can go now, so storage stays bounded.
  const bin = pid === undefined ? undefined : which('docker-registry');
  if (bin) await collectGarbage(bin, dir).catch(() => undefined);
  return pid;
}

export interface RegistryGcResult {
  kind: RegistryKind;
  /** Bytes of blobs before and after; equal when there was nothing to collect or no storage of dockbook's. */
  before: number;
  after: number;
  /** Whether the registry was running (dockbook's: stopped for the collection and started again). */
  restarted: boolean;
}

/**
 * Garbage-collects one of the course's registries that dockbook owns: the layers that only
 * deleted manifests referenced (what sessions pushed, removed by their cleanup) are freed. A
 * registry dockbook started is stopped for it and started again (do not run it while a
 * notebook pushes); one dockbook did not start is refused; a stopped one is collected as it is.
 * `registryDown` collects after every stop on its own.
 *
 * @example
 * await registryGc(); // { kind: 'public', before: 152000000, after: 131000000, restarted: true }
 */
export async function registryGc(
  env: NodeJS.ProcessEnv = process.env,
  kind: RegistryKind = 'public',
): Promise<RegistryGcResult> {
  checkArgs(REGISTRY_GC_SIGNATURE, arguments);
  const spec = registrySpec(kind, env);
  const owned = readOwnedRegistry(spec.dir);
  if (!owned && (await probeRegistry(spec.host)) !== 'none') {
    throw new DockbookError({
      code: 'CONFLICT_RUNNING',
      operation: 'registry gc',
      target: spec.host,
      reason: "a registry dockbook did not start serves there, so its storage is not dockbook's",
      hint: 'Collect it with its own tools (docker-registry garbage-collect).',
      command: 'docker-registry garbage-collect <config.yml>',
    });
  }
  const bin = which('docker-registry');
  if (!bin) return { kind, before: 0, after: 0, restarted: false };
  return withLock(join(spec.dir, 'start.lock'), async () => {
    if (owned) await stopRegistry(spec.dir);
    try {
      return { kind, ...(await collectGarbage(bin, spec.dir)), restarted: owned !== undefined };
    } finally {
      if (owned) {
        const auth = await spec.prepare(() => {});
        await serveRegistry({ bin, dir: spec.dir, host: spec.host, ...(auth ? { auth } : {}) });
      }
    }
  });
}

export interface RegistryStatus {
  kind: RegistryKind;
  host: string;
  /** What it allows: `anonymous pull and push`, `login needed to pull and push`. */
  access: string;
  /** True when a registry answers at the host. */
  running: boolean;
  /** True when this project started it (pid, log and storage below are then its own). */
  owned: boolean;
  pid?: number;
  logFile?: string;
  /** Where an owned registry keeps its blobs. */
  storage: string;
  /** The repositories it holds, e.g. `library/busybox`. */
  repositories: string[];
}

/**
 * Whether the public (or private) registry answers, whether the project started it, and what
 * it holds (the private one's catalog read with the course's credentials).
 * Defaults: env process.env, kind public.
 *
 * @example
 * (await registryStatus()).repositories; // ['library/busybox', 'library/debian', 'library/node']
 */
export async function registryStatus(
  env: NodeJS.ProcessEnv = process.env,
  kind: RegistryKind = 'public',
): Promise<RegistryStatus> {
  checkArgs(REGISTRY_STATUS_SIGNATURE, arguments);
  const spec = registrySpec(kind, env);
  const { host, dir } = spec;
  const running = (await probeRegistry(host)) === 'registry';
  const owned = readOwnedRegistry(dir);
  const isOwned = running && owned !== undefined && owned.host === host;
  return {
    kind,
    host,
    access: spec.access,
    running,
    owned: isOwned,
    ...(isOwned ? { pid: owned.pid, logFile: owned.logFile } : {}),
    storage: join(dir, 'data'),
    repositories: running ? await registryRepositories(host, isOwned ? spec.credentials() : undefined) : [],
  };
}

/** The status as aligned `key: value` lines. */
export function formatRegistryStatus(status: RegistryStatus): string {
  checkArgs(FORMAT_REGISTRY_STATUS_SIGNATURE, arguments);
  const rows: [string, string][] = [
    ['registry', `http://${status.host} (${status.kind}: ${status.access})`],
    ['running', status.running ? 'yes' : 'no (start it with `dockbook registry up`)'],
    [
      'owned',
      status.owned
        ? `yes, docker-registry pid ${status.pid} started by dockbook (log: ${status.logFile})`
        : 'no (dockbook will not stop it)',
    ],
    ['storage', status.owned ? status.storage : "(not dockbook's)"],
    ['repositories', status.repositories.length > 0 ? status.repositories.join(', ') : '(none)'],
  ];
  return rows.map(([k, v]) => `${`${k}:`.padEnd(14)}${v}`).join('\n');
}
