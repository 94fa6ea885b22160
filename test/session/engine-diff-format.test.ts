import { describe, expect, it } from 'vitest';
import type { EngineChange, EngineDiff } from '../../src/session/engine-diff.ts';
import { describeChange, diffHtml, formatDiff, usersText } from '../../src/session/engine-diff-format.ts';
import { findValues } from '../../src/notebook/verify/values.ts';

const IMAGE = `sha256:0b760283aeb4${'0'.repeat(52)}`;
const VOL = '1165ae3a17788556a9693a1547dfe8b891d5b8eeaec277ee42f3ba34235bf73d';
const none = { running: [], stopped: [] };

const changes: EngineChange[] = [
  {
    kind: 'container',
    sign: '+',
    change: 'created',
    name: 'web-3f2a1c9d',
    id: 'c1',
    image: 'busybox:latest',
    from: null,
    to: 'running',
    exitCode: null,
    ports: ['0.0.0.0:49153->80/tcp'],
  },
  {
    kind: 'container',
    sign: '~',
    change: 'stopped',
    name: 'job-3f2a1c9d',
    id: 'c2',
    image: 'busybox:latest',
    from: 'running',
    to: 'exited',
    exitCode: 137,
    ports: [],
  },
  {
    kind: 'container',
    sign: '~',
    change: 'started',
    name: 'api-3f2a1c9d',
    id: 'c4',
    image: 'busybox:latest',
    from: 'created',
    to: 'running',
    exitCode: null,
    ports: ['0.0.0.0:49160->3000/tcp'],
  },
  {
    kind: 'container',
    sign: '-',
    change: 'removed',
    name: 'old-3f2a1c9d',
    id: 'c3',
    image: 'busybox:latest',
    from: 'exited',
    to: null,
    exitCode: 0,
    ports: [],
  },
  {
    kind: 'image',
    sign: '+',
    change: 'built',
    id: IMAGE,
    ref: 'app-3f2a1c9d:v1',
    tags: [],
    usedBy: none,
    layers: [
      { instruction: 'WORKDIR /app', cached: true, created: 1, size: 0 },
      { instruction: 'COPY <script> .', cached: false, created: 2, size: 12 },
    ],
  },
  {
    kind: 'image',
    sign: '-',
    change: 'untagged',
    id: IMAGE,
    ref: 'app-3f2a1c9d:v0',
    tags: [],
    usedBy: { running: [], stopped: ['job-3f2a1c9d'] },
  },
  {
    kind: 'image',
    sign: '+',
    change: 'tagged',
    id: IMAGE,
    ref: 'app-3f2a1c9d:v2',
    tags: ['app-3f2a1c9d:v1'],
    usedBy: none,
  },
  { kind: 'image', sign: '-', change: 'untagged', id: IMAGE, ref: 'app-3f2a1c9d:old', tags: [], usedBy: none },
  { kind: 'image', sign: '-', change: 'removed', id: IMAGE, ref: 'app-3f2a1c9d:v3', tags: [], usedBy: none },
  { kind: 'image', sign: '+', change: 'pulled', id: IMAGE, ref: 'node:20', tags: [], usedBy: none },
  {
    kind: 'volume',
    sign: '+',
    change: 'created',
    name: 'data-3f2a1c9d',
    anonymous: false,
    usedBefore: [],
    usedBy: ['web-3f2a1c9d'],
  },
  {
    kind: 'volume',
    sign: '~',
    change: 'used',
    name: VOL,
    anonymous: true,
    usedBefore: ['old-3f2a1c9d'],
    usedBy: [],
  },
  { kind: 'volume', sign: '-', change: 'removed', name: 'gone-3f2a1c9d', anonymous: false, usedBefore: [], usedBy: [] },
  { kind: 'network', sign: '+', change: 'created', name: 'net-3f2a1c9d', id: 'n1', driver: 'bridge' },
];
const diff: EngineDiff = { changes };

describe('formatDiff', () => {
  it('writes one line per change, a build with its steps beneath', () => {
    expect(formatDiff(diff).split('\n')).toEqual([
      '+ container web-3f2a1c9d (running, busybox:latest, 0.0.0.0:49153->80/tcp)',
      '~ container job-3f2a1c9d: running → exited (137)',
      '~ container api-3f2a1c9d: created → running (0.0.0.0:49160->3000/tcp)',
      '- container old-3f2a1c9d (was exited (0))',
      '+ image app-3f2a1c9d:v1 (built 0b760283aeb4; 2 steps: 1 cached, 1 built)',
      '    cached  WORKDIR /app',
      '    built   COPY <script> .',
      '- image app-3f2a1c9d:v0 (untagged from 0b760283aeb4; still used by 1 stopped container)',
      '+ image app-3f2a1c9d:v2 (tag of 0b760283aeb4, also app-3f2a1c9d:v1)',
      '- image app-3f2a1c9d:old (untagged from 0b760283aeb4; now dangling)',
      '- image app-3f2a1c9d:v3 (removed 0b760283aeb4)',
      '+ image node:20 (pulled 0b760283aeb4)',
      '+ volume data-3f2a1c9d (named, for web-3f2a1c9d)',
      `~ volume ${VOL} (anonymous, left behind): used by old-3f2a1c9d → unused`,
      '- volume gone-3f2a1c9d (named)',
      '+ network net-3f2a1c9d (bridge)',
    ]);
    expect(formatDiff({ changes: [] })).toBe('');
  });

  it("uses the values the output blocks' normalizers find: ports, short IDs, session names, volume IDs", () => {
    const lines = formatDiff(diff).split('\n');
    const found = lines.flatMap((line) => findValues(line, 'actual', new Set(['3f2a1c9d'])));
    const kinds = new Set(found.map((v) => v.kind.name));
    expect([...kinds].sort()).toEqual(['host-port', 'id', 'session', 'short-id']);
  });

  it('counts users in words', () => {
    expect(usersText({ running: [], stopped: [] })).toBe('');
    expect(usersText({ running: ['a'], stopped: ['b', 'c'] })).toBe('1 running and 2 stopped containers');
    expect(usersText({ running: ['a', 'b'], stopped: [] })).toBe('2 running containers');
  });

  it('describes a change as parts the text and the HTML share', () => {
    expect(describeChange(changes[1]!)).toEqual({
      sign: '~',
      kind: 'container',
      subject: 'job-3f2a1c9d',
      detail: ': running → exited (137)',
    });
  });
});

describe('diffHtml', () => {
  it('escapes every engine value and nests the steps', () => {
    const html = diffHtml(diff);
    expect(html).toContain('<li class="added"><span class="sign" style="color:#1a7f37">+</span> container');
    expect(html).toContain('<li class="built">built <code>COPY &lt;script&gt; .</code></li>');
    expect(html).not.toContain('<script>');
    expect(html.match(/<li class="(added|removed|changed)"/g)).toHaveLength(changes.length);
  });

  it('says so when nothing changed', () => {
    expect(diffHtml({ changes: [] })).toBe('<div class="dockbook-diff"><p>No change on the engine.</p></div>');
  });
});
