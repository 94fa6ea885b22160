// What a soak leaves behind, and whose it is. A snapshot of everything a run could leave (the
// engine's labelled resources and dangling images, tslab kernels, dockbook-* temp folders, the
// sessions' DOCKER_CONFIG folders, the course registries' repositories) is taken before the
// soak; after each round the new items are listed, each attributed to the soak when its owner
// is one of the soak's processes (or its name carries one of the soak's sessions), else shown
// as "other" (this engine and /tmp are shared with whoever else works on the machine).
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import { execFileSync } from 'node:child_process';
import type Docker from 'dockerode';

export type Kind =
  | 'containers'
  | 'images'
  | 'volumes'
  | 'networks'
  | 'dangling images'
  | 'kernels'
  | 'temp folders'
  | 'docker configs'
  | 'registry repositories';
export const KINDS: Kind[] = [
  'containers',
  'images',
  'volumes',
  'networks',
  'dangling images',
  'kernels',
  'temp folders',
  'docker configs',
  'registry repositories',
];

/** One thing found: its kind, a key unique within the kind, and how it reads in a list. */
export interface Item {
  kind: Kind;
  key: string;
  text: string;
  /** `host:pid` of the process that made it, when it says. */
  owner?: string;
  /** The session it belongs to, when it says. */
  session?: string;
}

const LABELS = ['dockbook.session', 'dockbook.run'];
type Labels = Record<string, string> | undefined | null;

function labelled(kind: Kind, key: string, name: string, labels: Labels): Item {
  const l = labels ?? {};
  const what = [
    l['dockbook.notebook'] && `notebook ${l['dockbook.notebook']}`,
    l['dockbook.run'] && `run ${l['dockbook.run']}`,
    l['dockbook.owner'] && `owner ${l['dockbook.owner']}`,
  ]
    .filter(Boolean)
    .join(', ');
  return { kind, key, text: `${name} (${what})`, owner: l['dockbook.owner'], session: l['dockbook.session'] };
}

/** The engine's resources carrying a dockbook.session or dockbook.run label. */
export async function engineItems(docker: Docker): Promise<Item[]> {
  const items = new Map<string, Item>();
  const add = (item: Item) => items.set(`${item.kind}:${item.key}`, item);
  for (const label of LABELS) {
    const filters = JSON.stringify({ label: [label] });
    for (const c of await docker.listContainers({ all: true, filters }))
      add(labelled('containers', c.Id, `${c.Names[0]?.slice(1) ?? c.Id.slice(0, 12)} ${c.State}`, c.Labels));
    for (const i of await docker.listImages({ all: true, filters }))
      add(
        labelled(
          'images',
          i.Id,
          `${i.RepoTags?.filter((t) => t !== '<none>:<none>').join(',') || i.Id.slice(7, 19)}`,
          i.Labels,
        ),
      );
    for (const v of (await docker.listVolumes({ filters })).Volumes ?? [])
      add(labelled('volumes', v.Name, v.Name.length === 64 ? v.Name.slice(0, 12) : v.Name, v.Labels));
    for (const n of await docker.listNetworks({ filters })) add(labelled('networks', n.Id, n.Name, n.Labels));
  }
  for (const i of await docker.listImages({ filters: JSON.stringify({ dangling: ['true'] }) })) {
    if (!items.has(`images:${i.Id}`))
      add({
        kind: 'dangling images',
        key: i.Id,
        text: `${i.Id.slice(7, 19)} (created ${new Date(i.Created * 1000).toISOString()})`,
      });
  }
  return [...items.values()];
}

/** Every process's pid and command line. */
export function processes(): { pid: number; cmdline: string }[] {
  const found: { pid: number; cmdline: string }[] = [];
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    try {
      found.push({
        pid: Number(name),
        cmdline: readFileSync(`/proc/${name}/cmdline`, 'utf8').split('\0').join(' ').trim(),
      });
    } catch {
      // gone meanwhile
    }
  }
  return found;
}

/** tslab kernels alive, dockbook-* folders in the temp dir, and the sessions' DOCKER_CONFIG folders. */
export function hostItems(dockerConfigRoot: string): Item[] {
  const items: Item[] = [];
  for (const { pid, cmdline } of processes()) {
    if (/tslab\S* kernel/.test(cmdline))
      items.push({
        kind: 'kernels',
        key: String(pid),
        text: `pid ${pid}: ${cmdline.slice(0, 160)}`,
        owner: `${hostname()}:${pid}`,
      });
  }
  for (const name of readdirSync(tmpdir())) {
    if (!name.startsWith('dockbook-')) continue;
    const pid = /^dockbook-(?:tmp|kernel)-(\d+)-/.exec(name)?.[1];
    items.push({
      kind: 'temp folders',
      key: name,
      text: join(tmpdir(), name),
      ...(pid ? { owner: `${hostname()}:${pid}` } : {}),
    });
  }
  if (existsSync(dockerConfigRoot)) {
    for (const session of readdirSync(dockerConfigRoot)) {
      const ownerFile = join(dockerConfigRoot, session, 'dockbook-owner');
      const owner = existsSync(ownerFile) ? readFileSync(ownerFile, 'utf8').trim() : undefined;
      items.push({
        kind: 'docker configs',
        key: session,
        text: `${join(dockerConfigRoot, session)}${owner ? ` (owner ${owner})` : ''}`,
        session,
        ...(owner ? { owner } : {}),
      });
    }
  }
  return items;
}

/** The repositories the course registries hold (with a tag), from `dockbook registry status --json`. */
export function registryItems(cli: string): Item[] {
  const status = JSON.parse(
    execFileSync(process.execPath, [cli, 'registry', 'status', '--json'], { encoding: 'utf8', timeout: 60_000 }),
  ) as { host: string; repositories?: string[] }[];
  return status.flatMap((r) =>
    (r.repositories ?? []).map((repo): Item => ({
      kind: 'registry repositories',
      key: `${r.host}/${repo}`,
      text: `${r.host}/${repo}`,
    })),
  );
}

/** Everything in the snapshot's scope, now. */
export async function snapshot(docker: Docker, cli: string, dockerConfigRoot: string): Promise<Item[]> {
  return [...(await engineItems(docker)), ...hostItems(dockerConfigRoot), ...registryItems(cli)];
}

/**
 * What the soak knows about its own processes and sessions, gathered while it runs: every pid
 * whose command line names the soak's folder (runners, kernels), and every session such a pid
 * owned.
 */
export class Attribution {
  readonly pids = new Set<number>();
  readonly sessions = new Set<string>();
  readonly host = hostname();

  /** Records the soak's processes alive now (their command lines contain `marker`). */
  sampleProcesses(marker: string): void {
    for (const { pid, cmdline } of processes()) if (cmdline.includes(marker)) this.pids.add(pid);
  }

  /** Records the sessions of the soak's processes among `items`. */
  learnSessions(items: Item[]): void {
    for (const item of items) if (item.session && this.ownsOwner(item.owner)) this.sessions.add(item.session);
  }

  ownsOwner(owner: string | undefined): boolean {
    if (!owner) return false;
    const at = owner.lastIndexOf(':');
    return owner.slice(0, at) === this.host && this.pids.has(Number(owner.slice(at + 1)));
  }

  /**
   * Whether an item is the soak's: its owner is a soak process, its session a soak session, or
   * (a registry repository) its name ends with a soak session's suffix (`share-3f2a1c9d`).
   * Dangling images carry no owner: they count as the soak's when new.
   */
  owns(item: Item): boolean {
    if (item.kind === 'dangling images') return true;
    if (this.ownsOwner(item.owner) || (item.session && this.sessions.has(item.session))) return true;
    if (item.kind === 'registry repositories')
      return [...this.sessions].some((s) => item.key.includes(`-${s.replace(/^db-/, '')}`));
    return false;
  }
}

/** The items of `now` that were not in `before`, split into the soak's and others'. */
export function newItems(before: Item[], now: Item[], who: Attribution): { soak: Item[]; other: Item[] } {
  const seen = new Set(before.map((i) => `${i.kind}:${i.key}`));
  const fresh = now.filter((i) => !seen.has(`${i.kind}:${i.key}`));
  who.learnSessions(fresh);
  return { soak: fresh.filter((i) => who.owns(i)), other: fresh.filter((i) => !who.owns(i)) };
}
