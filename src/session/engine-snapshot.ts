import type Docker from 'dockerode';
import { listImagesSettled } from '../core/list-images.ts';
import { LABEL_SESSION } from '../core/labels.ts';
import { instructionOf } from '../images/history.ts';
import { familiarRef } from '../input/reference.ts';

/**
 * What one session (or one notebook's run) has on the engine at a moment, as the diff after a cell needs it: its
 * containers, the images it built, named or runs on, its volumes and networks. Plain data, sorted, so that two
 * snapshots compare (diffSnapshots) and a snapshot prints and serialises as it is.
 */
export interface EngineSnapshot {
  /** The label filter it was taken with: `dockbook.run=<runId>:<notebook>`, `dockbook.session=<id>`. */
  selector: string;
  /** When it was taken (ms since the epoch, this machine's clock): a later build's steps older than it were cached. */
  takenAt: number;
  /** The sessions whose `-<hex>` names are this selector's: given, and read from its resources' labels. */
  sessions: string[];
  /** The image names the session gave that no label marks (tags and pulls), as given, familiar form. */
  refs: string[];
  containers: SnapshotContainer[];
  images: SnapshotImage[];
  volumes: SnapshotVolume[];
  networks: SnapshotNetwork[];
  /**
   * Every image ID on the engine (as `docker images` lists them): tells an image the session tagged, which was there
   * before, from one it pulled or built, which was not.
   */
  engineImageIds: string[];
}

/** A container of the selector's, as its list row gives it. */
export interface SnapshotContainer {
  id: string;
  /** Its name, without the leading `/`. */
  name: string;
  /** The image as the container was created with it, familiar form (`busybox:latest`), or the ID it fell back to. */
  image: string;
  /** The image's full ID, `sha256:…`. */
  imageId: string;
  /** `created`, `running`, `paused`, `restarting`, `exited`, `dead`. */
  state: string;
  /** An exited container's exit code, from its status (`Exited (137) 2 seconds ago`); null otherwise. */
  exitCode: number | null;
  /**
   * Its published ports while it runs, as `docker ps` shows them (`0.0.0.0:49153->80/tcp`), IPv4 first, each once; none
   * when it is not running (Docker releases them on stop; Podman lists them anyway and they are left out).
   */
  ports: string[];
  /** The volumes it mounts (named and anonymous), by name, sorted. */
  volumes: string[];
}

/** An image the selector's session built, named, pulled or runs a container on. */
export interface SnapshotImage {
  /** Full ID, `sha256:…`. */
  id: string;
  /**
   * The session's names for it, familiar form, sorted: every tag of an image carrying the selector's label, and of
   * another image only those the session gave (`refs`, or ending in `-<session hex>`): another session's tags of a
   * shared base image are not this session's changes.
   */
  tags: string[];
  /** Its other tags (another session's, a base image's own), familiar form, sorted: named in the text only. */
  otherTags: string[];
  /** Whether it carries the selector's label (the session built or committed it). */
  labelled: boolean;
  /** Its creation time, seconds since the epoch, as the engine gives it. */
  created: number;
  /**
   * Its build's steps, oldest first, when it is new since the previous snapshot and carries the label (a build of this
   * cell): absent otherwise.
   */
  layers?: SnapshotLayer[];
}

/** One step of a build, read from the image's history. */
export interface SnapshotLayer {
  /** The instruction as the history records it: `WORKDIR /app`, `RUN npm ci`, `COPY file:<id> in /app`. */
  instruction: string;
  /** Made before the previous snapshot (taken from the cache), or during this cell (built). */
  cached: boolean;
  /** When the step was made, seconds since the epoch (the engine's history has no finer time). */
  created: number;
  /** Bytes the step added. */
  size: number;
}

/** A volume of the selector's: labelled, mounted by one of its containers, or followed from the previous snapshot. */
export interface SnapshotVolume {
  name: string;
  /** Made by the engine for a container's `VOLUME`/`-v /path` (a 64-hex name), not by `docker volume create`. */
  anonymous: boolean;
  labelled: boolean;
}

/** A network carrying the selector's label. */
export interface SnapshotNetwork {
  id: string;
  name: string;
  driver: string;
}

/** What snapshot() takes besides the engine and the selector. */
export interface SnapshotOptions {
  /**
   * The snapshot before (the previous cell's): its images and volumes are followed though they carry no label (a tag
   * the session removed, an anonymous volume its `rm` left behind), and a build new since then gets its steps.
   */
  previous?: EngineSnapshot;
  /** Image names the session gave that no label marks: a Context's `addedImageRefs` (tags, pulls). */
  refs?: Iterable<string>;
  /** Session IDs (`db-3f2a1c9d`) whose `session.name()` names (`web-3f2a1c9d:v1`) are the selector's. */
  sessions?: Iterable<string>;
  signal?: AbortSignal;
}

/** Whether labels match a label filter, as the engine matches `label=KEY` and `label=KEY=VALUE`. */
export function matchesLabel(labels: Record<string, string> | null | undefined, selector: string): boolean {
  const at = selector.indexOf('=');
  const key = at < 0 ? selector : selector.slice(0, at);
  const value = labels?.[key];
  return value !== undefined && (at < 0 || value === selector.slice(at + 1));
}

/** Whether a volume's name is one the engine generated: 64 hex characters. */
export const isAnonymousVolume = (name: string): boolean => /^[0-9a-f]{64}$/.test(name);

const byName = <T extends { name: string }>(a: T, b: T) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0);
const sorted = (values: Iterable<string>) => [...new Set(values)].sort();

/** A list row's state and exit code: Docker and Podman both give `Exited (137) 2 seconds ago` as its status. */
function exitCodeOf(row: Docker.ContainerInfo): number | null {
  if (row.State !== 'exited' && row.State !== 'dead') return null;
  const code = /^Exited \((-?\d+)\)/.exec(row.Status ?? '');
  return code ? Number(code[1]) : null;
}

/** A running container's published ports, `docker ps`'s form; IPv6 twins of an IPv4 binding left out. */
export function publishedPorts(state: string, ports: readonly Docker.Port[] | null | undefined): string[] {
  if (state !== 'running') return [];
  const seen = new Map<string, string>();
  const ordered = [...(ports ?? [])].sort(
    (a, b) => Number((a.IP ?? '').includes(':')) - Number((b.IP ?? '').includes(':')),
  );
  for (const port of ordered) {
    if (!port.PublicPort) continue;
    const key = `${port.PublicPort}->${port.PrivatePort}/${port.Type}`;
    // Podman names no address for a port published on all of them: Docker's 0.0.0.0.
    if (!seen.has(key)) seen.set(key, `${port.IP || '0.0.0.0'}:${key}`);
  }
  return [...seen.values()].sort();
}

function toContainer(row: Docker.ContainerInfo): SnapshotContainer {
  const name = (row.Names.find((n) => n.lastIndexOf('/') === 0) ?? row.Names[0] ?? row.Id).replace(/^\//, '');
  return {
    id: row.Id,
    name,
    image: familiarRef(row.Image),
    imageId: row.ImageID.startsWith('sha256:') ? row.ImageID : `sha256:${row.ImageID}`,
    state: row.State,
    exitCode: exitCodeOf(row),
    ports: publishedPorts(row.State, row.Ports),
    volumes: sorted((row.Mounts ?? []).filter((m) => m.Type === 'volume' && m.Name).map((m) => m.Name!)),
  };
}

/** An image's tags, familiar form; none for `<none>:<none>` (Docker's untagged) or null (Podman's). */
const tagsOf = (image: Docker.ImageInfo) =>
  (image.RepoTags ?? []).filter((t) => t !== '<none>:<none>').map((t) => familiarRef(t.replace(/^localhost\//, '')));

/** The repository part of a name: `127.0.0.1:5000/web-3f2a1c9d:v1` → `127.0.0.1:5000/web-3f2a1c9d`. */
const repositoryOf = (ref: string) => ref.replace(/(@.*|:[^:/]*)$/, '');

/** An entry of the engine's image history (`GET /images/{id}/history`), newest first. */
export interface HistoryEntry {
  Id: string;
  Created: number;
  CreatedBy: string;
  Tags: string[] | null;
  Size: number;
  Comment: string;
}

/**
 * A built image's steps from its history (newest first, as the engine gives it), oldest first: those above its base
 * image, without the LABEL steps the engine appends for dockbook's labels. The base is where Docker's history names
 * another tagged image, or where Podman's (buildah) says `FROM <reference>` for the first step; without either mark,
 * every step with an instruction. A step made before `since` (ms) was taken from the cache; one made in the very second
 * of `since` only when the snapshot then already had it (`known`: a build of the cell before, see layerKey): the
 * history's times are whole seconds.
 */
export function buildLayers(
  history: readonly HistoryEntry[],
  since: number,
  known: ReadonlySet<string> = new Set(),
): SnapshotLayer[] {
  let end = history.length;
  const base = history.findIndex((entry, i) => i > 0 && (entry.Tags?.length ?? 0) > 0);
  if (base > 0) end = base;
  else {
    const first = history.findIndex((e) => /^FROM (?![0-9a-f]{12}$)\S/.test(e.Comment ?? ''));
    if (first >= 0) end = first + 1;
  }
  const sinceSeconds = Math.floor(since / 1000);
  return history
    .slice(0, end)
    .map((entry) => ({ entry, instruction: instructionOf(entry.CreatedBy ?? '').replace(/\s+/g, ' ') }))
    .filter(({ instruction }) => instruction && !/^LABEL "?dockbook\./.test(instruction))
    .map(({ entry, instruction }) => ({
      instruction,
      cached: entry.Created < sinceSeconds || known.has(layerKey({ instruction, created: entry.Created })),
      created: entry.Created,
      size: entry.Size,
    }))
    .reverse();
}

/** What tells a step from another across snapshots: its time and its instruction. */
export const layerKey = (layer: Pick<SnapshotLayer, 'created' | 'instruction'>): string =>
  `${layer.created} ${layer.instruction}`;

/**
 * The resources of a session or of a notebook's run on the engine, chosen by their label (`dockbook.run=<runId>:<nb>`
 * as NotebookRun labels a run, `dockbook.session=<id>`: a filter as removeLabelled uses), with what a diff needs.
 * One round of requests at once, the label filters applied by the engine where they can be: the labelled containers,
 * volumes and networks, and every image (one the session tagged or runs on carries no label of its own), plus, when
 * the previous snapshot followed volumes no label marks, those by name. A build new since `previous` costs one history
 * request more.
 *
 * @example
 * const before = await snapshot(docker, 'dockbook.session=db-3f2a1c9d');
 * // … a cell runs …
 * const after = await snapshot(docker, 'dockbook.session=db-3f2a1c9d', { previous: before });
 * diffSnapshots(before, after);
 */
export async function snapshot(
  docker: Docker,
  selector: string,
  options: SnapshotOptions = {},
): Promise<EngineSnapshot> {
  const { previous, signal } = options;
  const takenAt = Date.now();
  const filters = { label: [selector] };
  const followed = (previous?.volumes ?? []).filter((v) => !v.labelled).map((v) => v.name);
  const abort = signal ? { abortSignal: signal } : {};
  const [rows, allImages, labelledVolumes, namedVolumes, networkRows] = await Promise.all([
    docker.listContainers({ all: true, filters, ...abort }),
    listImagesSettled(docker, { ...abort }),
    docker.listVolumes({ filters, ...abort }).then((r) => r.Volumes ?? []),
    followed.length
      ? docker.listVolumes({ filters: { name: followed }, ...abort }).then((r) => r.Volumes ?? [])
      : Promise.resolve([]),
    docker.listNetworks({ filters, ...abort }),
  ]);

  const containers = rows
    .filter((r) => matchesLabel(r.Labels, selector))
    .map(toContainer)
    .sort(byName);
  const sessions = new Set([...(options.sessions ?? []), ...(previous?.sessions ?? [])]);
  for (const labels of [
    ...rows.map((r) => r.Labels),
    ...allImages.filter((i) => matchesLabel(i.Labels, selector)).map((i) => i.Labels),
    ...labelledVolumes.map((v) => v.Labels),
    ...networkRows.map((n) => n.Labels),
  ]) {
    const session = labels?.[LABEL_SESSION];
    if (session && matchesLabel(labels, selector)) sessions.add(session);
  }
  const refs = new Set([...[...(options.refs ?? [])].map(familiarRef), ...(previous?.refs ?? [])]);
  const suffixes = [...sessions].map((s) => `-${s.slice(s.lastIndexOf('-') + 1)}`);
  const mine = (tag: string) => refs.has(tag) || suffixes.some((suffix) => repositoryOf(tag).endsWith(suffix));

  const used = new Set(containers.map((c) => c.imageId));
  const before = new Set((previous?.images ?? []).map((i) => i.id));
  const known = new Set(previous?.engineImageIds ?? []);
  const images: SnapshotImage[] = [];
  for (const image of allImages) {
    const id = image.Id.startsWith('sha256:') ? image.Id : `sha256:${image.Id}`;
    const labelled = matchesLabel(image.Labels, selector);
    const tags = tagsOf(image);
    const own = labelled ? tags : tags.filter(mine);
    if (!labelled && own.length === 0 && !used.has(id) && !before.has(id)) continue;
    images.push({
      id,
      tags: sorted(own),
      otherTags: sorted(tags.filter((t) => !own.includes(t))),
      labelled,
      created: image.Created,
    });
  }
  images.sort((a, b) => (a.id < b.id ? -1 : 1));
  if (previous) {
    const built = images.filter((i) => i.labelled && !before.has(i.id) && !known.has(i.id));
    const steps = new Set(previous.images.flatMap((i) => i.layers ?? []).map(layerKey));
    await Promise.all(
      built.map(async (image) => {
        const history = (await docker
          .getImage(image.id)
          .history()
          .catch(() => undefined)) as HistoryEntry[] | undefined;
        if (history) image.layers = buildLayers(history, previous.takenAt, steps);
      }),
    );
  }

  const volumes = new Map<string, SnapshotVolume>();
  for (const v of labelledVolumes) {
    if (matchesLabel(v.Labels, selector))
      volumes.set(v.Name, { name: v.Name, anonymous: isAnonymousVolume(v.Name), labelled: true });
  }
  const unlabelled = (name: string) => ({ name, anonymous: isAnonymousVolume(name), labelled: false });
  for (const c of containers) for (const name of c.volumes) if (!volumes.has(name)) volumes.set(name, unlabelled(name));
  for (const v of namedVolumes) {
    if (followed.includes(v.Name) && !volumes.has(v.Name)) volumes.set(v.Name, unlabelled(v.Name));
  }

  return {
    selector,
    takenAt,
    sessions: sorted(sessions),
    refs: sorted(refs),
    containers,
    images,
    volumes: [...volumes.values()].sort(byName),
    networks: networkRows
      .filter((n) => matchesLabel(n.Labels, selector))
      .map((n) => ({ id: n.Id, name: n.Name, driver: n.Driver }))
      .sort(byName),
    engineImageIds: sorted(allImages.map((i) => (i.Id.startsWith('sha256:') ? i.Id : `sha256:${i.Id}`))),
  };
}
