import { describe, expect, it } from 'vitest';
import { parseMount, parseMounts } from '../../src/input/mounts.ts';
import {
  checkContainerName,
  checkLabels,
  checkVolumeName,
  checkWorkdir,
  entrypointList,
  envList,
} from '../../src/input/names.ts';
import { parsePort } from '../../src/input/ports.ts';
import { parseImageRef, parseTagRef } from '../../src/input/reference.ts';

const a = (n: number) => 'a'.repeat(n);
const refusal = (message: RegExp) =>
  expect.objectContaining({ code: 'INVALID_ARGUMENT', message: expect.stringMatching(message) });

describe('parseImageRef', () => {
  it('adds latest to a bare name, keeps tags, registries and digests', () => {
    expect(parseImageRef('node').full).toBe('node:latest');
    expect(parseImageRef('node:20').full).toBe('node:20');
    expect(parseImageRef('localhost:5000/team/app')).toMatchObject({
      registry: 'localhost:5000',
      repository: 'team/app',
      full: 'localhost:5000/team/app:latest',
    });
    const digest = `sha256:${'a'.repeat(64)}`;
    expect(parseImageRef(`busybox@${digest}`).full).toBe(`busybox@${digest}`);
    expect(parseImageRef(`busybox:1@${digest}`)).toMatchObject({ tag: '1', digest, full: `busybox:1@${digest}` });
  });

  it.each([
    'web:V1',
    'web:_v',
    'a__b',
    'a--b',
    'a.b',
    'team/app',
    'localhost/a',
    'LocalHost:5000/a',
    'Reg.io/a',
    'reg_io.x/a',
    'a:5000',
    'a:5000/b',
    'docker.io/x',
    'index.docker.io/x',
    `web:${a(128)}`,
    a(237),
    `r.io/${a(250)}`,
  ])('accepts %j as the CLI and the engine do', (ref) => expect(() => parseImageRef(ref)).not.toThrow());

  it.each([
    ['', /empty/],
    ['Node', /must be lowercase/],
    ['team/App', /must be lowercase/],
    ['Team/app', /must be lowercase/],
    ['node:bad tag', /not a valid tag/],
    ['web:-v', /not a valid tag/],
    ['web:.v', /not a valid tag/],
    ['web:', /not a valid tag/],
    ['web:v1:v2', /invalid reference format/],
    [`web:${a(129)}`, /not a valid tag/],
    ['node@sha256:xyz', /not a digest/],
    [`node@sha256:${'A'.repeat(64)}`, /lowercase/],
    [`node@sha256:${'a'.repeat(32)}`, /digest length/],
    [`node@md5:${'a'.repeat(32)}`, /unsupported digest algorithm/],
    ['a//b', /invalid reference format/],
    ['a___b', /invalid reference format/],
    ['a..b', /invalid reference format/],
    ['-a', /invalid reference format/],
    ['a-', /invalid reference format/],
    ['/a', /invalid reference format/],
    ['reg-.io/a', /invalid reference format/],
    ['[::1]:5000/a', /IPv6/],
    [a(64).replace(/a/g, 'b'), /64-byte hexadecimal/],
    [a(238), /more than 255 characters/],
    [`r.io/${a(251)}`, /more than 255 characters/],
  ])('refuses %j with a clear reason', (ref, reason) => {
    expect(() => parseImageRef(ref)).toThrow(reason);
    expect(() => parseImageRef(ref)).toThrow(/\[image\]/);
  });

  it('refuses a digest in a new name, as docker tag and build -t do', () => {
    const ref = `web@sha256:${'a'.repeat(64)}`;
    expect(() => parseTagRef(ref, 'tag')).toThrow(
      refusal(/refusing to create a tag with a digest reference.*\(docker tag IMAGE/),
    );
    expect(() => parseTagRef(ref, 'build')).toThrow(refusal(/build tag cannot contain a digest/));
    expect(parseTagRef('web:v2', 'tag').full).toBe('web:v2');
  });
});

describe('parsePort', () => {
  it('reads the host side first, then the container, as the engine receives it', () => {
    expect(parsePort('3000:80')).toMatchObject({
      hostIp: '',
      hostPort: 3000,
      containerPort: 80,
      protocol: 'tcp',
      bindings: [{ port: '80/tcp', hostIp: '', hostPort: '3000' }],
    });
    expect(parsePort('127.0.0.1:3000:80/udp')).toMatchObject({
      hostIp: '127.0.0.1',
      hostPort: 3000,
      containerPort: 80,
      protocol: 'udp',
    });
    expect(parsePort(80).bindings).toEqual([{ port: '80/tcp', hostIp: '', hostPort: '' }]);
    expect(parsePort('0:80').bindings).toEqual([{ port: '80/tcp', hostIp: '', hostPort: '0' }]);
    expect(parsePort('127.0.0.1::80').hostPort).toBe(0);
  });

  it.each([
    ['80/UDP', [['80/udp', '', '']]],
    ['80/', [['80/tcp', '', '']]],
    ['80/tcp/x', [['80/tcp', '', '']]],
    ['080', [['80/tcp', '', '']]],
    [':80', [['80/tcp', '', '']]],
    ['::80', [['80/tcp', '', '']]],
    [
      '3000-3001:80-81',
      [
        ['80/tcp', '', '3000'],
        ['81/tcp', '', '3001'],
      ],
    ],
    ['3000-3005:80', [['80/tcp', '', '3000-3005']]],
    [
      '80-81',
      [
        ['80/tcp', '', ''],
        ['81/tcp', '', ''],
      ],
    ],
    [
      '1-2-3',
      [
        ['1/tcp', '', ''],
        ['2/tcp', '', ''],
      ],
    ],
    ['[::1]:3000:80', [['80/tcp', '::1', '3000']]],
    ['::1:3000:80', [['80/tcp', '::1', '3000']]],
    ['[::1]::80', [['80/tcp', '::1', '']]],
    ['[1.2.3.4]:80:80', [['80/tcp', '1.2.3.4', '80']]],
    ['::ffff:1.2.3.4:80:80', [['80/tcp', '::ffff:1.2.3.4', '80']]],
    ['published=8080,target=80', [['80/tcp', '', '8080']]],
    ['target=53,protocol=udp', [['53/udp', '', '']]],
  ])('accepts %j with the CLI meaning', (spec, expected) => {
    expect(parsePort(spec).bindings).toEqual(expected.map(([port, hostIp, hostPort]) => ({ port, hostIp, hostPort })));
  });

  it.each([
    ['', /no port specified/],
    ['3000:', /no port specified/],
    ['80/icmp', /invalid proto: icmp/],
    ['99999:80', /invalid hostPort: 99999/],
    ['65536:80', /invalid hostPort/],
    ['a:80', /invalid hostPort: a/],
    ['3000-:80', /invalid hostPort/],
    ['3000/tcp:80', /invalid hostPort/],
    ['+80', /invalid containerPort/],
    ['-1', /invalid containerPort/],
    [' 80', /invalid containerPort/],
    ['81-80', /invalid containerPort/],
    ['3000:80-81', /invalid ranges/],
    ['3000-3002:80-81', /invalid ranges/],
    ['1.2.3:3000:80', /invalid IP address: 1.2.3/],
    ['localhost:3000:80', /invalid IP address: localhost/],
    ['fe80::1%eth0:3000:80', /invalid IP address/],
    ['1:2:3:4', /invalid IP address: 1:2/],
    ['3000:80:', /invalid IP address: 3000/],
    ['[::1]:80', /invalid IP address/],
    ['[::1:80:80', /invalid IP address/],
    ['target=80,x', /invalid publish opts format/],
    ['3000:0', /container port 0/],
    ['0', /container port 0/],
  ])('refuses %j as the CLI does, before the engine sees it', (spec, reason) => {
    expect(() => parsePort(spec)).toThrow(refusal(reason));
    expect(() => parsePort(spec)).toThrow(/\(docker run -p .* IMAGE\)/);
  });
});

describe('parseMount', () => {
  it('tells named volumes, anonymous volumes and bind mounts apart', () => {
    expect(parseMount('feedback:/app/feedback')).toEqual({
      type: 'volume',
      name: 'feedback',
      target: '/app/feedback',
      readOnly: false,
      mode: '',
      bind: 'feedback:/app/feedback',
    });
    expect(parseMount('/app/node_modules')).toEqual({
      type: 'anonymous',
      target: '/app/node_modules',
      readOnly: false,
      mode: '',
    });
    expect(parseMount('/home/me/my project:/app:ro')).toMatchObject({
      type: 'bind',
      source: '/home/me/my project',
      target: '/app',
      readOnly: true,
      bind: '/home/me/my project:/app:ro',
    });
    expect(parseMount('./src:/app', '/work')).toMatchObject({
      type: 'bind',
      source: '/work/src',
      bind: '/work/src:/app',
    });
    expect(parseMount('..:/app:ro', '/work/x')).toMatchObject({ source: '/work', bind: '/work:/app:ro' });
    expect(parseMount('.:/app', '/work')).toMatchObject({ source: '/work' });
    expect(parseMount('.x:/app', '/work')).toMatchObject({ source: '/work/.x' });
  });

  it.each([
    '/tmp:/d:Z',
    '/tmp:/d:rshared',
    '/tmp:/d:ro,rslave',
    'v1:/d:nocopy',
    'ab:/d:ro,z,nocopy,cached',
    '/tmp:/d:ro,Z,rshared,cached',
    '/tmp:/d:delegated',
    'ab:/d:z,rw',
    '/tmp/../tmp:/d',
    '/tmp:/d/',
    '/t mp:/d d',
    '/d/../e',
    `${a(255)}:/d`,
  ])('accepts %j and passes it on as written', (spec) => {
    const mount = parseMount(spec);
    expect(mount.type === 'anonymous' ? mount.target : mount.bind).toBe(spec);
    expect(mount.readOnly).toBe((spec.split(':')[2] ?? '').split(',').includes('ro'));
  });

  it.each([
    ['/data:ro', /anonymous volume takes no mode, and cannot be read-only/],
    ['/data:rw', /invalid volume specification/],
    ['/data:z', /invalid volume specification/],
    ['/data:nocopy', /invalid volume specification/],
    ['/tmp:/d:nocopy', /VolumeOptions must not be specified/],
    ['ab:/d:rshared', /BindOptions must not be specified/],
    ['/tmp:/d:ro,ro', /invalid mode: ro,ro/],
    ['/tmp:/d:ro,rw', /invalid mode/],
    ['/tmp:/d:z,Z', /invalid mode/],
    ['/tmp:/d:shared,slave', /invalid mode/],
    ['/tmp:/d:foo', /invalid mode: foo/],
    ['/tmp:/d:RO', /invalid mode: RO/],
    ['/tmp:/d:ro,', /invalid mode/],
    ['/tmp:/d:copy', /invalid mode/],
    [':/d', /empty section between colons/],
    ['a:/b:', /empty section between colons/],
    ['a::/d', /empty section between colons/],
    ['/a:/b:ro:x', /too many colons/],
    ['/tmp:/', /destination can't be '\/'/],
    ['/tmp:/..', /destination can't be '\/'/],
    ['/tmp:relative', /mount path must be absolute/],
    ['data:relative', /mount path must be absolute/],
    ['x:/d:z', /volume name is too short/],
    ['a:/data', /too short.*Windows drive/],
    ['_a:/d', /invalid characters for a local volume name/],
    ['-a:/d', /invalid characters/],
    ['bad name!:/d', /invalid characters/],
    ['~/x:/d', /does not expand ~/],
    [`${a(256)}:/d`, /at most 255 characters/],
    ['', /invalid empty volume spec/],
    ['/', /anonymous volume at "\/"/],
    ['relative', /must be absolute/],
    ['a:b', /Windows drive/],
  ])('refuses %j as the CLI and the engine do, or says dockbook does', (spec, reason) => {
    expect(() => parseMount(spec)).toThrow(refusal(reason));
    expect(() => parseMount(spec)).toThrow(/\(docker run -v .* IMAGE\)/);
  });

  it('keeps each spec once, lets a bind replace an anonymous volume, refuses two mounts on one path', () => {
    expect(parseMounts(['/tmp:/d', '/tmp:/d']).binds).toEqual(['/tmp:/d']);
    expect(parseMounts(['/d', '/tmp:/d'])).toMatchObject({ binds: ['/tmp:/d'], volumes: { '/d': {} } });
    expect(() => parseMounts(['v1:/d', '/tmp:/d'])).toThrow(refusal(/Duplicate mount point: \/d/));
    expect(() => parseMounts(['/tmp:/d', '/tmp:/d/'])).toThrow(refusal(/Duplicate mount point: \/d/));
  });
});

describe('names, env, labels, workdir, entrypoint', () => {
  it('checks container names as the engine does', () => {
    for (const name of ['ab', '/ab', 'a_b', 'a.b', 'a-b', a(300)]) expect(() => checkContainerName(name)).not.toThrow();
    for (const name of ['a', '_ab', '.ab', '-ab', '//ab', 'a/b', 'a b', 'ä1', ''])
      expect(() => checkContainerName(name)).toThrow(refusal(/container name|empty name/));
  });

  it('checks volume names as docker volume create does', () => {
    for (const name of ['ab', 'a_', 'a.b', 'A1', a(255)]) expect(() => checkVolumeName(name)).not.toThrow();
    expect(() => checkVolumeName('a')).toThrow(refusal(/too short.*\(docker volume create a\)/));
    for (const name of ['_a', '.ab', '-ab', 'a b', 'ä1', 'a/b', 'a:b'])
      expect(() => checkVolumeName(name)).toThrow(refusal(/invalid characters/));
    expect(() => checkVolumeName(a(256))).toThrow(refusal(/at most 255/));
  });

  it('makes the env list as the CLI does: bare names from the caller, empty names refused', () => {
    expect(envList(['A=1', 'A=', 'A=b=c', 'A B=1', 'SET', 'UNSET'], { SET: 'hello' })).toEqual([
      'A=1',
      'A=',
      'A=b=c',
      'A B=1',
      'SET=hello',
      'UNSET',
    ]);
    expect(envList({ A: '1', B: '' })).toEqual(['A=1', 'B=']);
    for (const entry of ['=1', '=', ''])
      expect(() => envList([entry])).toThrow(refusal(/invalid environment variable/));
    expect(() => envList({ '': 'x' })).toThrow(refusal(/invalid environment variable/));
    expect(() => envList({ 'A=B': 'x' })).toThrow(refusal(/contains "="/));
    expect(() => envList({ A: undefined as unknown as string })).toThrow(refusal(/undefined, not a string/));
  });

  it('checks labels as the CLI does, and keeps the session labels', () => {
    expect(() => checkLabels({ a: '1', ' a': '1', 'a.b': '' })).not.toThrow();
    expect(() => checkLabels({ '': '1' })).toThrow(refusal(/empty name/));
    expect(() => checkLabels({ ' ': '1' })).toThrow(refusal(/empty name/));
    expect(() => checkLabels({ 'a b': '1' })).toThrow(refusal(/contains whitespaces/));
    expect(() => checkLabels({ 'a=b': 'c' })).toThrow(refusal(/contains "="/));
    expect(() => checkLabels({ 'dockbook.session': 'x' }, { 'dockbook.session': 's1' })).toThrow(
      refusal(/session's own labels/),
    );
  });

  it('wants an absolute working directory, and gives the entrypoint as the CLI does', () => {
    for (const dir of ['/app', '/', '/a b', '/a/../b', '']) expect(() => checkWorkdir(dir)).not.toThrow();
    for (const dir of ['app', './app', '~'])
      expect(() => checkWorkdir(dir)).toThrow(refusal(/needs to be an absolute path/));
    expect(entrypointList('sh -c')).toEqual(['sh -c']);
    expect(entrypointList('')).toEqual(['']);
    expect(entrypointList(['sh', '-c'])).toEqual(['sh', '-c']);
  });
});
