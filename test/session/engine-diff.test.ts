import type Docker from 'dockerode';
import { describe, expect, it } from 'vitest';
import { diffSnapshots } from '../../src/session/engine-diff.ts';
import {
  buildLayers,
  layerKey,
  matchesLabel,
  publishedPorts,
  type EngineSnapshot,
  type HistoryEntry,
  type SnapshotContainer,
  type SnapshotImage,
} from '../../src/session/engine-snapshot.ts';

const ID = (c: string) => `sha256:${c.repeat(64)}`;
const VOL = 'a1'.repeat(32);

function snap(parts: Partial<EngineSnapshot> = {}): EngineSnapshot {
  return {
    selector: 'dockbook.session=db-3f2a1c9d',
    takenAt: 1_700_000_000_000,
    sessions: ['db-3f2a1c9d'],
    refs: [],
    containers: [],
    images: [],
    volumes: [],
    networks: [],
    engineImageIds: [],
    ...parts,
  };
}

function container(name: string, fields: Partial<SnapshotContainer> = {}): SnapshotContainer {
  return {
    id: `${name}-id`,
    name,
    image: 'busybox:latest',
    imageId: ID('b'),
    state: 'running',
    exitCode: null,
    ports: [],
    volumes: [],
    ...fields,
  };
}

function image(id: string, tags: string[], fields: Partial<SnapshotImage> = {}): SnapshotImage {
  return { id, tags, otherTags: [], labelled: true, created: 1_700_000_000, ...fields };
}

describe('diffSnapshots', () => {
  it('lists nothing when nothing changed, and prints so', () => {
    const same = snap({
      containers: [container('web-3f2a1c9d')],
      images: [image(ID('a'), ['app-3f2a1c9d:v1'])],
      engineImageIds: [ID('a'), ID('b')],
      volumes: [{ name: 'data-3f2a1c9d', anonymous: false, labelled: true }],
      networks: [{ id: 'n1', name: 'net-3f2a1c9d', driver: 'bridge' }],
    });
    const diff = diffSnapshots(same, { ...same, takenAt: same.takenAt + 1000 });
    expect(diff.changes).toEqual([]);
    expect(String(diff)).toBe('no change on the engine');
  });

  it('a container created, started, stopped with its exit code, and removed', () => {
    const created = container('web-3f2a1c9d', { state: 'created' });
    const running = { ...created, state: 'running', ports: ['0.0.0.0:49153->80/tcp'] };
    const exited = { ...created, state: 'exited', exitCode: 137 };
    const steps = [snap(), snap({ containers: [created] }), snap({ containers: [running] })];
    steps.push(snap({ containers: [exited] }), snap());
    const diffs = steps.slice(1).map((after, i) => diffSnapshots(steps[i]!, after).changes);
    expect(diffs.map((d) => d.map((c) => `${c.sign} ${c.change}`))).toEqual([
      ['+ created'],
      ['~ started'],
      ['~ stopped'],
      ['- removed'],
    ]);
    expect(diffs[1]![0]).toMatchObject({ from: 'created', to: 'running', ports: ['0.0.0.0:49153->80/tcp'] });
    expect(diffs[2]![0]).toMatchObject({ from: 'running', to: 'exited', exitCode: 137, ports: [] });
    expect(diffs[3]![0]).toMatchObject({ from: 'exited', to: null, exitCode: 137 });
  });

  it('an image built, tagged, untagged while a stopped container uses it, and removed', () => {
    const layers = [{ instruction: 'COPY a.txt .', cached: false, created: 1, size: 3 }];
    const stopped = container('job-3f2a1c9d', { imageId: ID('a'), state: 'exited', exitCode: 0 });
    const before = snap({ engineImageIds: [ID('b')] });
    const built = snap({
      images: [image(ID('a'), ['app-3f2a1c9d:v1'], { layers })],
      engineImageIds: [ID('a'), ID('b')],
    });
    const tagged = snap({ ...built, images: [image(ID('a'), ['app-3f2a1c9d:v1', 'app-3f2a1c9d:v2'])] });
    const untagged = snap({ ...built, containers: [stopped], images: [image(ID('a'), ['app-3f2a1c9d:v2'])] });
    const gone = snap({ engineImageIds: [ID('b')] });
    expect(diffSnapshots(before, built).changes).toEqual([
      {
        kind: 'image',
        sign: '+',
        change: 'built',
        id: ID('a'),
        ref: 'app-3f2a1c9d:v1',
        tags: [],
        usedBy: { running: [], stopped: [] },
        layers,
      },
    ]);
    expect(diffSnapshots(built, tagged).changes).toMatchObject([
      { change: 'tagged', ref: 'app-3f2a1c9d:v2', tags: ['app-3f2a1c9d:v1'] },
    ]);
    const untag = diffSnapshots({ ...tagged, containers: [stopped] }, untagged).changes;
    expect(untag).toMatchObject([
      { change: 'untagged', ref: 'app-3f2a1c9d:v1', usedBy: { running: [], stopped: ['job-3f2a1c9d'] } },
    ]);
    expect(diffSnapshots(untagged, gone).changes.map((c) => `${c.sign} ${c.kind} ${c.change}`)).toEqual([
      '- container removed',
      '- image removed',
    ]);
  });

  it('a tag of an image that was already there is a tag, one new on the engine without the label a pull', () => {
    const base = image(ID('b'), [], { labelled: false, otherTags: ['busybox:latest'] });
    const before = snap({ engineImageIds: [ID('b')] });
    const tagged = snap({ images: [{ ...base, tags: ['mybox-3f2a1c9d:v1'] }], engineImageIds: [ID('b')] });
    expect(diffSnapshots(before, tagged).changes).toMatchObject([
      { change: 'tagged', ref: 'mybox-3f2a1c9d:v1', tags: ['busybox:latest'] },
    ]);
    const pulled = snap({ images: [image(ID('c'), ['node:20'], { labelled: false })], engineImageIds: [ID('c')] });
    expect(diffSnapshots(before, pulled).changes).toMatchObject([{ change: 'pulled', ref: 'node:20' }]);
  });

  it('a base image a container runs on appears in no line, nor when another session removes it', () => {
    const base = image(ID('b'), [], { labelled: false, otherTags: ['busybox:latest'] });
    const before = snap({ images: [base], engineImageIds: [ID('b')] });
    const after = snap({ images: [{ ...base, otherTags: ['busybox:latest', 'other-0badc0de:v1'] }] });
    expect(diffSnapshots(before, after).changes).toEqual([]);
  });

  it('a rebuild under the same tag: the new image built, the old one untagged and dangling', () => {
    const before = snap({ images: [image(ID('a'), ['app-3f2a1c9d:v1'])], engineImageIds: [ID('a')] });
    const after = snap({
      images: [image(ID('a'), []), image(ID('c'), ['app-3f2a1c9d:v1'])],
      engineImageIds: [ID('a'), ID('c')],
    });
    expect(
      diffSnapshots(before, after).changes.map((c) => `${c.sign} ${c.change} ${(c as { id: string }).id.slice(7, 8)}`),
    ).toEqual(['- untagged a', '+ built c']);
  });

  it('volumes: created, an anonymous one left behind by rm, removed; networks created and removed', () => {
    const web = container('web-3f2a1c9d', { volumes: [VOL] });
    const anon = { name: VOL, anonymous: true, labelled: false };
    const named = { name: 'data-3f2a1c9d', anonymous: false, labelled: true };
    const net = { id: 'n1', name: 'net-3f2a1c9d', driver: 'bridge' };
    const one = snap({ containers: [web], volumes: [anon, named], networks: [net] });
    expect(diffSnapshots(snap(), one).changes.map((c) => `${c.sign} ${c.kind} ${c.change}`)).toEqual([
      '+ container created',
      '+ volume created',
      '+ volume created',
      '+ network created',
    ]);
    const left = snap({ volumes: [anon, named] });
    expect(diffSnapshots(one, left).changes).toMatchObject([
      { kind: 'container', change: 'removed' },
      { kind: 'volume', change: 'used', name: VOL, anonymous: true, usedBefore: ['web-3f2a1c9d'], usedBy: [] },
      { kind: 'network', change: 'removed', name: 'net-3f2a1c9d' },
    ]);
    expect(diffSnapshots(left, snap()).changes.map((c) => `${c.sign} ${c.kind} ${c.change}`)).toEqual([
      '- volume removed',
      '- volume removed',
    ]);
  });

  it('is ordered by kind, then name, then change, whatever order the snapshots hold', () => {
    const after = snap({
      containers: [container('b-3f2a1c9d'), container('a-3f2a1c9d')],
      volumes: [{ name: 'z', anonymous: false, labelled: true }],
      networks: [{ id: 'n', name: 'a', driver: 'bridge' }],
    });
    const diff = diffSnapshots(snap(), after).changes.map((c) => `${c.kind} ${'name' in c ? c.name : ''}`);
    expect(diff).toEqual(['container a-3f2a1c9d', 'container b-3f2a1c9d', 'volume z', 'network a']);
  });
});

describe('snapshot helpers', () => {
  it('matches labels as the engine filter does', () => {
    expect(matchesLabel({ 'dockbook.run': 'r:01' }, 'dockbook.run=r:01')).toBe(true);
    expect(matchesLabel({ 'dockbook.run': 'r:02' }, 'dockbook.run=r:01')).toBe(false);
    expect(matchesLabel({ 'dockbook.run': 'x' }, 'dockbook.run')).toBe(true);
    expect(matchesLabel(null, 'dockbook.run')).toBe(false);
  });

  it("publishes a running container's ports once, IPv4 first; none when it is not running", () => {
    const ports = [
      { IP: '::', PrivatePort: 80, PublicPort: 49153, Type: 'tcp' },
      { IP: '0.0.0.0', PrivatePort: 80, PublicPort: 49153, Type: 'tcp' },
      { PrivatePort: 443, Type: 'tcp' },
      { PrivatePort: 53, PublicPort: 49154, Type: 'udp' },
    ];
    const list = ports as Docker.Port[];
    expect(publishedPorts('running', list)).toEqual(['0.0.0.0:49153->80/tcp', '0.0.0.0:49154->53/udp']);
    expect(publishedPorts('exited', list)).toEqual([]);
  });

  const since = 1_796_411_480_000;
  it("reads a Docker build's steps above its tagged base, without dockbook's LABEL steps", () => {
    const history: HistoryEntry[] = [
      { Id: ID('e'), Created: 1796411484, CreatedBy: '/bin/sh -c #(nop)  LABEL dockbook.session=db-1', Tags: ['x:v1'] },
      { Id: ID('d'), Created: 1796411483, CreatedBy: '/bin/sh -c echo hi > b.txt', Tags: null, Size: 3 },
      { Id: ID('c'), Created: 1796411479, CreatedBy: '/bin/sh -c #(nop) COPY file:abc in . ', Tags: null, Size: 15 },
      { Id: ID('b'), Created: 1796411478, CreatedBy: '/bin/sh -c #(nop) WORKDIR /app', Tags: null, Size: 0 },
      { Id: ID('a'), Created: 1796361645, CreatedBy: '', Tags: ['busybox:latest'], Size: 1982409 },
    ].map((e) => ({ Size: 0, Comment: '', ...e }));
    expect(buildLayers(history, since)).toEqual([
      { instruction: 'WORKDIR /app', cached: true, created: 1796411478, size: 0 },
      { instruction: 'COPY file:abc in .', cached: true, created: 1796411479, size: 15 },
      { instruction: 'RUN echo hi > b.txt', cached: false, created: 1796411483, size: 3 },
    ]);
  });

  it("reads a Podman build's steps down to buildah's FROM <reference>", () => {
    const history: HistoryEntry[] = [
      {
        Created: 1796411503,
        CreatedBy: '/bin/sh -c #(nop) LABEL "dockbook.session"="db-1"',
        Comment: 'FROM 1f095709f9ec',
      },
      { Created: 1796411502, CreatedBy: '/bin/sh -c echo hi > b.txt', Comment: 'FROM bc232d1a7368', Size: 5120 },
      {
        Created: 1796411470,
        CreatedBy: '/bin/sh -c #(nop) WORKDIR /app',
        Comment: 'FROM 127.0.0.1:5000/library/busybox',
      },
      { Created: 1796361645, CreatedBy: '', Comment: 'dockbook: Debian busybox-static 1.35.0', Size: 2140160 },
    ].map((e) => ({ Id: '<missing>', Tags: null, Size: 0, ...e }));
    expect(buildLayers(history, since)).toEqual([
      { instruction: 'WORKDIR /app', cached: true, created: 1796411470, size: 0 },
      { instruction: 'RUN echo hi > b.txt', cached: false, created: 1796411502, size: 5120 },
    ]);
  });

  it('takes a step made in the very second of the snapshot from the cache only when the snapshot had it', () => {
    const step = (Created: number, CreatedBy: string) => ({
      Id: '<missing>',
      Tags: null,
      Size: 0,
      Comment: '',
      Created,
      CreatedBy,
    });
    const history = [step(1796411480, '/bin/sh -c echo new'), step(1796411480, '/bin/sh -c echo old')];
    const known = new Set([layerKey({ created: 1796411480, instruction: 'RUN echo old' })]);
    expect(buildLayers(history, since + 500, known).map((l) => [l.instruction, l.cached])).toEqual([
      ['RUN echo old', true],
      ['RUN echo new', false],
    ]);
  });
});
