import { describe, expect, it } from 'vitest';
import { parseMount } from '../../src/spec/mounts.ts';
import { parsePort } from '../../src/spec/ports.ts';
import { parseImageRef } from '../../src/spec/reference.ts';

describe('parseImageRef', () => {
  it('adds latest to a bare name, keeps tags, registries and digests', () => {
    expect(parseImageRef('node').full).toBe('node:latest');
    expect(parseImageRef('node:20').full).toBe('node:20');
    expect(parseImageRef('localhost:5000/team/app')).toMatchObject({ registry: 'localhost:5000', repository: 'team/app', full: 'localhost:5000/team/app:latest' });
    const digest = `sha256:${'a'.repeat(64)}`;
    expect(parseImageRef(`busybox@${digest}`).full).toBe(`busybox@${digest}`);
  });

  it.each([
    ['', /empty/],
    ['Node', /lowercase/],
    ['node:bad tag', /not a valid tag/],
    ['node@sha256:xyz', /not a digest/],
    ['a//b', /not a valid name component/],
  ])('rejects %j with a clear reason', (ref, reason) => {
    expect(() => parseImageRef(ref)).toThrow(reason);
    expect(() => parseImageRef(ref)).toThrow(/\[image\]/);
  });
});

describe('parsePort', () => {
  it('reads the host side first, then the container', () => {
    expect(parsePort('3000:80')).toEqual({ hostIp: '', hostPort: 3000, containerPort: 80, protocol: 'tcp' });
    expect(parsePort('127.0.0.1:3000:80/udp')).toEqual({ hostIp: '127.0.0.1', hostPort: 3000, containerPort: 80, protocol: 'udp' });
    expect(parsePort(80)).toEqual({ hostIp: '', hostPort: 0, containerPort: 80, protocol: 'tcp' });
    expect(parsePort('127.0.0.1::80').hostPort).toBe(0);
  });

  it.each(['99999:80', '3000:0', 'a:80', '1:2:3:4', '80/icmp'])('rejects %j before the engine sees it', (spec) => {
    expect(() => parsePort(spec)).toThrow(expect.objectContaining({ code: 'INVALID_ARGUMENT' }));
  });
});

describe('parseMount', () => {
  it('tells named volumes, anonymous volumes and bind mounts apart', () => {
    expect(parseMount('feedback:/app/feedback')).toEqual({ type: 'volume', name: 'feedback', target: '/app/feedback', readOnly: false });
    expect(parseMount('/app/node_modules')).toEqual({ type: 'anonymous', target: '/app/node_modules', readOnly: false });
    expect(parseMount('/home/me/my project:/app:ro')).toEqual({ type: 'bind', source: '/home/me/my project', target: '/app', readOnly: true });
    expect(parseMount('./src:/app', '/work')).toMatchObject({ type: 'bind', source: '/work/src' });
  });

  it.each(['data:relative', 'x:/app', '/', 'a:b:c:d', 'bad name!:/app'])('rejects %j with the forms it accepts', (spec) => {
    expect(() => parseMount(spec)).toThrow(/NAME:\/path for a named volume/);
  });
});
