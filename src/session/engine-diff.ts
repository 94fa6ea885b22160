import { shortId } from '../display/ids.ts';
import { printable, type Printable } from '../display/printable.ts';
import { formatDiff } from './engine-diff-format.ts';
import type { EngineSnapshot, SnapshotContainer, SnapshotImage, SnapshotLayer } from './engine-snapshot.ts';

/** `+` made, `-` gone, `~` changed. */
export type ChangeSign = '+' | '-' | '~';

/** How many of the session's containers use an image or a volume, by whether they run. */
export interface Users {
  /** Names of running (or paused, restarting) containers, sorted. */
  running: string[];
  /** Names of created, exited or dead containers, sorted. */
  stopped: string[];
}

/** A container that appeared, changed state or went. */
export interface ContainerChange {
  kind: 'container';
  sign: ChangeSign;
  /** `created` (new, in whatever state it is now), `started`, `stopped` (from running), `state` (other), `removed`. */
  change: 'created' | 'started' | 'stopped' | 'state' | 'removed';
  name: string;
  id: string;
  image: string;
  /** Its state before (null when new). */
  from: string | null;
  /** Its state now (null when removed). */
  to: string | null;
  /** The exit code of the state it is in now (or, removed, was in): null unless exited. */
  exitCode: number | null;
  /** Its published ports now (`0.0.0.0:49153->80/tcp`). */
  ports: string[];
}

/** An image built, pulled, tagged, untagged or removed. */
export interface ImageChange {
  kind: 'image';
  sign: ChangeSign;
  change: 'built' | 'pulled' | 'tagged' | 'untagged' | 'removed';
  /** Full ID. */
  id: string;
  /**
   * The name the line is about: the tag added or taken away; for built, pulled and removed, its first tag (the
   * short ID, when it has none).
   */
  ref: string;
  /** Its other names now (for removed: before), the session's first. */
  tags: string[];
  /** The session's containers that use it now. */
  usedBy: Users;
  /** A build's steps, oldest first (built only, when the history told them). */
  layers?: SnapshotLayer[];
}

/** A volume created or removed, or one whose containers changed (a container's `rm` left it behind, unused). */
export interface VolumeChange {
  kind: 'volume';
  sign: ChangeSign;
  change: 'created' | 'removed' | 'used';
  name: string;
  anonymous: boolean;
  /** The session's containers that mounted it before (empty for created). */
  usedBefore: string[];
  /** …and now (empty for removed). */
  usedBy: string[];
}

/** A network created or removed. */
export interface NetworkChange {
  kind: 'network';
  sign: ChangeSign;
  change: 'created' | 'removed';
  name: string;
  id: string;
  driver: string;
}

/** One line of a diff. */
export type EngineChange = ContainerChange | ImageChange | VolumeChange | NetworkChange;

/** What changed between two snapshots: plain data, in a stable order (containers, images, volumes, networks). */
export interface EngineDiff {
  changes: EngineChange[];
}

const KIND_ORDER = ['container', 'image', 'volume', 'network'] as const;
const CHANGE_ORDER = [
  'removed',
  'untagged',
  'stopped',
  'state',
  'created',
  'built',
  'pulled',
  'tagged',
  'started',
  'used',
] as const;

const isRunning = (state: string) => state === 'running' || state === 'paused' || state === 'restarting';

/** The session's containers using an image (by ID), running and stopped. */
function usersOf(containers: readonly SnapshotContainer[], uses: (c: SnapshotContainer) => boolean): Users {
  const users = containers.filter(uses);
  return {
    running: users.filter((c) => isRunning(c.state)).map((c) => c.name),
    stopped: users.filter((c) => !isRunning(c.state)).map((c) => c.name),
  };
}

function containerChanges(before: EngineSnapshot, after: EngineSnapshot): ContainerChange[] {
  const old = new Map(before.containers.map((c) => [c.id, c]));
  const now = new Map(after.containers.map((c) => [c.id, c]));
  const changes: ContainerChange[] = [];
  const line = (c: SnapshotContainer, fields: Pick<ContainerChange, 'sign' | 'change' | 'from' | 'to'>) =>
    changes.push({
      kind: 'container',
      ...fields,
      name: c.name,
      id: c.id,
      image: c.image,
      exitCode: c.exitCode,
      ports: fields.to === null ? [] : c.ports,
    });
  for (const c of after.containers) {
    const was = old.get(c.id);
    if (!was) line(c, { sign: '+', change: 'created', from: null, to: c.state });
    else if (was.state !== c.state || was.exitCode !== c.exitCode) {
      const change = c.state === 'running' ? 'started' : was.state === 'running' ? 'stopped' : 'state';
      line(c, { sign: '~', change, from: was.state, to: c.state });
    }
  }
  for (const c of before.containers) {
    if (!now.has(c.id)) line(c, { sign: '-', change: 'removed', from: c.state, to: null });
  }
  return changes;
}

function imageChanges(before: EngineSnapshot, after: EngineSnapshot): ImageChange[] {
  const old = new Map(before.images.map((i) => [i.id, i]));
  const onEngine = new Set(after.engineImageIds);
  const wasOnEngine = new Set(before.engineImageIds);
  const changes: ImageChange[] = [];
  const names = (i: SnapshotImage, except?: string) => [...i.tags, ...i.otherTags].filter((t) => t !== except);
  const line = (i: SnapshotImage, fields: Pick<ImageChange, 'sign' | 'change' | 'ref' | 'tags'>, now = true) =>
    changes.push({
      kind: 'image',
      ...fields,
      id: i.id,
      usedBy: now ? usersOf(after.containers, (c) => c.imageId === i.id) : { running: [], stopped: [] },
      ...(fields.change === 'built' && i.layers ? { layers: i.layers } : {}),
    });
  for (const image of after.images) {
    const was = old.get(image.id);
    const [first = shortId(image.id)] = image.tags;
    if (!was && !wasOnEngine.has(image.id)) {
      // New on the engine: a build (or commit) carries the label; anything else the session named came from a pull.
      if (image.labelled) line(image, { sign: '+', change: 'built', ref: first, tags: names(image, first) });
      else if (image.tags.length > 0)
        line(image, { sign: '+', change: 'pulled', ref: first, tags: names(image, first) });
      continue;
    }
    const had = new Set(was?.tags ?? []);
    for (const tag of image.tags) {
      if (!had.has(tag)) line(image, { sign: '+', change: 'tagged', ref: tag, tags: names(image, tag) });
    }
    for (const tag of was?.tags ?? []) {
      if (!image.tags.includes(tag)) line(image, { sign: '-', change: 'untagged', ref: tag, tags: names(image) });
    }
  }
  for (const image of before.images) {
    if (onEngine.has(image.id) || (!image.labelled && image.tags.length === 0)) continue;
    const [first = shortId(image.id)] = image.tags;
    line(image, { sign: '-', change: 'removed', ref: first, tags: image.tags.filter((t) => t !== first) }, false);
  }
  return changes;
}

function volumeChanges(before: EngineSnapshot, after: EngineSnapshot): VolumeChange[] {
  const old = new Map(before.volumes.map((v) => [v.name, v]));
  const now = new Map(after.volumes.map((v) => [v.name, v]));
  const mounting = (snap: EngineSnapshot, name: string) =>
    snap.containers.filter((c) => c.volumes.includes(name)).map((c) => c.name);
  const changes: VolumeChange[] = [];
  for (const v of after.volumes) {
    const usedBy = mounting(after, v.name);
    const base = { kind: 'volume' as const, name: v.name, anonymous: v.anonymous, usedBy };
    if (!old.has(v.name)) changes.push({ ...base, sign: '+', change: 'created', usedBefore: [] });
    else {
      const usedBefore = mounting(before, v.name);
      if (usedBefore.join('\0') !== usedBy.join('\0')) changes.push({ ...base, sign: '~', change: 'used', usedBefore });
    }
  }
  for (const v of before.volumes) {
    if (now.has(v.name)) continue;
    // Followed from the snapshot before, it is only gone if the engine no longer lists it: a volume no label marks
    // and no container mounts any more is asked for by name (snapshot), so missing here means removed.
    changes.push({
      kind: 'volume',
      sign: '-',
      change: 'removed',
      name: v.name,
      anonymous: v.anonymous,
      usedBefore: mounting(before, v.name),
      usedBy: [],
    });
  }
  return changes;
}

function networkChanges(before: EngineSnapshot, after: EngineSnapshot): NetworkChange[] {
  const old = new Set(before.networks.map((n) => n.id));
  const now = new Set(after.networks.map((n) => n.id));
  return [
    ...after.networks
      .filter((n) => !old.has(n.id))
      .map((n) => ({ kind: 'network' as const, sign: '+' as const, change: 'created' as const, ...n })),
    ...before.networks
      .filter((n) => !now.has(n.id))
      .map((n) => ({ kind: 'network' as const, sign: '-' as const, change: 'removed' as const, ...n })),
  ];
}

/** The name a change sorts by within its kind. */
const subject = (c: EngineChange) => (c.kind === 'image' ? c.ref : c.name);

/**
 * What changed between two snapshots of the same selector: containers created, started, stopped (with their exit
 * code) or removed; images built (with their steps), pulled, tagged, untagged or removed; volumes created, removed,
 * or mounted by other containers than before (an anonymous volume a container's `rm` left behind: used by web →
 * unused); networks created or removed. What did not change is not listed. Ordered by kind (containers, images,
 * volumes, networks), then by name, then by change: the same two snapshots always give the same diff. It prints as
 * formatDiff's text.
 *
 * @example
 * const diff = diffSnapshots(before, after);
 * diff.changes; // [{ kind: 'container', sign: '~', change: 'stopped', name: 'web-3f2a1c9d', exitCode: 137, … }]
 * formatDiff(diff); // '~ container web-3f2a1c9d: running → exited (137)'
 */
export function diffSnapshots(before: EngineSnapshot, after: EngineSnapshot): Printable<EngineDiff> {
  const changes: EngineChange[] = [
    ...containerChanges(before, after),
    ...imageChanges(before, after),
    ...volumeChanges(before, after),
    ...networkChanges(before, after),
  ];
  const rank = (c: EngineChange) => [
    KIND_ORDER.indexOf(c.kind),
    subject(c),
    CHANGE_ORDER.indexOf(c.change as (typeof CHANGE_ORDER)[number]),
  ];
  changes.sort((a, b) => {
    const [x, y] = [rank(a), rank(b)];
    for (let i = 0; i < x.length; i++) if (x[i] !== y[i]) return x[i]! < y[i]! ? -1 : 1;
    return 0;
  });
  return printable({ changes }, (diff) => formatDiff(diff) || 'no change on the engine');
}
