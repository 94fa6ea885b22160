import { createHash, randomBytes } from 'node:crypto';
import {
  chmodSync,
  existsSync,
  mkdirSync,
  readFileSync,
  readdirSync,
  renameSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import type Docker from 'dockerode';
import { withLock } from '../core/lock.ts';
import { processAlive } from '../core/pids.ts';
import { waitForTurn } from '../core/turn-wait.ts';

/**
 * Why this exists: the classic builder keeps each step's result as an intermediate image, and a
 * build reuses another session's intermediates as its cache. Removing an image also removes
 * ("prunes") its untagged parents that have no other child, so one session's cleanup could
 * delete the very layers another session's build is standing on, and that build then fails with
 * "unknown parent image ID". The gate makes the two exclusive across every process on this host
 * that drives the same engine: builds run side by side, and a removal that may prune waits
 * until no build is in flight (new builds wait for it in turn, so it cannot starve). Podman's
 * builder (buildah) keeps and reuses each step's image the same way, so the gate holds there too.
 */

/** How long a removal waits for builds in flight before it removes without pruning parents. */
const WAIT_MS = 120_000;

/**
 * How long a build waits for the engine's other builds. Builds on one engine take turns: the
 * classic builder takes, for each step, the newest matching layer of any build, so a build
 * running beside another of the same Dockerfile could follow that build's chain while it is
 * half made, and miss the cache at the first step not made yet ("every step from the cache"
 * false on a true claim), or end on another's layer with another image ID. In turns, every
 * lookup sees whole chains only.
 */
const BUILD_WAIT_MS = 1_800_000;

/** What names an engine for the gate: the socket path, or host:port, dockerode's modem connects to. */
export function engineKey(docker: Docker): string {
  const modem = docker.modem as { socketPath?: string; host?: string; port?: number | string };
  return modem.socketPath ?? `${modem.host ?? 'localhost'}:${modem.port ?? ''}`;
}

/** The host's shared temporary folder: the gate must be one for every process, whatever TMPDIR each one has. */
const SHARED_TMP = existsSync('/tmp') ? '/tmp' : tmpdir();

function gateDir(engine: string): string {
  const dir = join(SHARED_TMP, 'dockbook-image-gate', createHash('sha256').update(engine).digest('hex').slice(0, 16));
  mkdirSync(join(dir, 'builds'), { recursive: true, mode: 0o777 });
  chmodSync(join(SHARED_TMP, 'dockbook-image-gate'), 0o1777);
  return dir;
}

/** The builds in flight on the engine, their records of dead processes removed. */
function buildsInFlight(dir: string): string[] {
  return readdirSync(join(dir, 'builds')).filter((name) => {
    if (processAlive(Number(name.split('-')[0]))) return true;
    rmSync(join(dir, 'builds', name), { force: true });
    return false;
  });
}

/**
 * How long a build waits for another process's no-cache lease (see duringBuild) before it runs
 * anyway: a session that keeps its no-cache images for longer (a learner's idle Jupyter kernel)
 * must not stop every other build on the engine.
 */
const LEASE_WAIT_MS = 180_000;

/** What a build tells the gate about itself. */
export interface BuildGateOptions {
  /** `--no-cache`: the build makes new copies of layers other builds would take as their cache. */
  noCache?: boolean;
  /** The session the build belongs to: its no-cache lease lasts until releaseBuildLease(session). */
  session?: string;
  /**
   * Where the build can enter other builds' layers: each stage's base image ID and first
   * instruction, as `id|INSTRUCTION` (see stageEntries). Undefined when unknown (a build sent
   * through the CLI, a Dockerfile that cannot be read): it then meets every lease.
   */
  entries?: string[];
}

function leasesDir(dir: string): string {
  mkdirSync(join(dir, 'leases'), { recursive: true, mode: 0o777 });
  return join(dir, 'leases');
}

/**
 * The entries of the no-cache leases of other live processes (undefined: every entry); records of dead processes are
 * removed.
 */
function foreignLeases(dir: string): Array<string[] | undefined> {
  const leases = leasesDir(dir);
  return readdirSync(leases).flatMap((name) => {
    const pid = Number(name.split('-')[0]);
    if (pid === process.pid) return [];
    if (!processAlive(pid)) {
      rmSync(join(leases, name), { force: true });
      return [];
    }
    try {
      const entries: unknown = JSON.parse(readFileSync(join(leases, name), 'utf8'));
      return [Array.isArray(entries) ? (entries as string[]) : undefined];
    } catch {
      return [undefined]; // being written, or unreadable: it may meet anything
    }
  });
}

/**
 * Whether a build with these entries could follow a leased build's copies: they share an entry, or either is unknown.
 */
function meets(ours: string[] | undefined, theirs: string[] | undefined): boolean {
  return ours === undefined || theirs === undefined || ours.some((entry) => theirs.includes(entry));
}

const WAIT = Symbol('wait for a no-cache lease');

/** Records the session's lease with its entries (merged with those of its earlier no-cache builds). */
function takeLease(dir: string, session: string, entries: string[] | undefined): void {
  const file = join(leasesDir(dir), `${process.pid}-${session}`);
  let held: string[] | undefined = [];
  try {
    const earlier: unknown = JSON.parse(readFileSync(file, 'utf8'));
    held = Array.isArray(earlier) ? (earlier as string[]) : undefined;
  } catch {
    // no lease yet
  }
  const merged = held === undefined || entries === undefined ? undefined : [...new Set([...held, ...entries])];
  writeFileSync(`${file}.tmp`, JSON.stringify(merged ?? '*'));
  renameSync(`${file}.tmp`, file);
}

/**
 * Runs a build when the engine's other builds (from any process of this host) are done, while
 * it is recorded as in flight, so that no removal prunes the layers it stands on (see
 * removingImages).
 *
 * A no-cache build also takes a lease for its session, held until the session's cleanup
 * (releaseBuildLease). The reason: a `--no-cache` build makes a second copy of every step, and
 * the classic builder takes the newest matching layer at each step without looking back. A
 * copy of a shared first step (`FROM node` + `WORKDIR /app`) made by another session's no-cache
 * build of another Dockerfile would become every later build's cache at that step, with none of
 * the following steps under it: a rebuild that is fully cached on its own would miss its cache
 * ("the rebuild reuses npm install" false on a true claim). A build can only enter those copies
 * through their first step, a child of the base image, so a lease names each stage's base image
 * and first instruction (`entries`), and only builds with one of the same entries wait for it
 * (up to three minutes, then they run anyway). Builds of the leasing process itself (the
 * sessions of one notebook) never wait: what they see is the notebook's own doing.
 *
 * @example
 * await duringBuild(ctx.docker, () => send(…), { noCache: true, session: ctx.session });
 */
export async function duringBuild<T>(
  docker: Docker,
  work: () => Promise<T>,
  options: BuildGateOptions = {},
): Promise<T> {
  const dir = gateDir(engineKey(docker));
  const leaseDeadline = Date.now() + LEASE_WAIT_MS;
  // Until the build's turn comes, the process waits for other sessions' work: a cell's timeout does not count it.
  const wait = waitForTurn();
  try {
    for (;;) {
      // One build at a time on an engine: see BUILD_WAIT_MS. The lease is checked and taken under the same lock.
      const result = await withLock(
        join(dir, 'build.lock'),
        async () => {
          if (Date.now() < leaseDeadline && foreignLeases(dir).some((theirs) => meets(options.entries, theirs)))
            return WAIT;
          wait.end();
          if (options.noCache && options.session) takeLease(dir, options.session, options.entries);
          const record = join(dir, 'builds', `${process.pid}-${randomBytes(4).toString('hex')}`);
          await withLock(join(dir, 'gate.lock'), async () => writeFileSync(record, ''));
          try {
            return await work();
          } finally {
            rmSync(record, { force: true });
          }
        },
        BUILD_WAIT_MS,
      );
      if (result !== WAIT) return result as T;
      await sleep(250);
    }
  } finally {
    wait.end();
  }
}

/**
 * Ends the session's no-cache lease, if it took one (see duringBuild): called by its cleanup,
 * once the copies its no-cache builds made are removed. Safe to call more than once.
 *
 * @example
 * releaseBuildLease(ctx.docker, ctx.session);
 */
export function releaseBuildLease(docker: Docker, session: string): void {
  rmSync(join(leasesDir(gateDir(engineKey(docker))), `${process.pid}-${session}`), { force: true });
}

/**
 * Runs image removals once no build is in flight on the engine; `prune` tells the work whether it
 * may let the engine prune untagged parents. When builds stay in flight longer than two
 * minutes, the work runs anyway with `prune` false: it then removes only what it names. Podman
 * (4.3) prunes an image's untagged parents whatever `noprune` says, so there the two minutes are
 * the only guard: removing an image that other images stand on does not break them (Podman
 * counts layers per image), but a build still running can lose the cached image it goes on from.
 *
 * @example
 * await removingImages(ctx.docker, (prune) => image.remove({ force: true, noprune: !prune }));
 */
export async function removingImages<T>(docker: Docker, work: (prune: boolean) => Promise<T>): Promise<T> {
  const dir = gateDir(engineKey(docker));
  // Until no build is in flight, the process waits for other sessions' work: a cell's timeout does not count it.
  const wait = waitForTurn();
  try {
    return await withLock(
      join(dir, 'gate.lock'),
      async () => {
        const deadline = Date.now() + WAIT_MS;
        while (buildsInFlight(dir).length > 0 && Date.now() < deadline) await sleep(100);
        wait.end();
        return work(buildsInFlight(dir).length === 0);
      },
      WAIT_MS + 300_000,
    );
  } finally {
    wait.end();
  }
}
