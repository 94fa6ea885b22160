import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { proxyDir, proxyRoots } from '../../src/docker-proxy/folder.ts';
import { labelBody, labelBuild, labelChanges, routeOf } from '../../src/docker-proxy/rewrite.ts';

const labels = { 'dockbook.session': 'db-1234abcd', 'dockbook.notebook': 'a notebook' };

describe('routeOf', () => {
  it('rewrites only what creates resources, with or without the version prefix', () => {
    for (const path of [
      '/containers/create?name=web',
      '/v1.41/containers/create',
      '/v1.47/volumes/create',
      '/networks/create',
    ]) {
      expect(routeOf('POST', path)).toEqual({ kind: 'label-body' });
    }
    expect(routeOf('POST', '/v1.41/build?t=web&labels=%7B%7D')).toEqual({ kind: 'build', noCache: false });
    for (const [method, path] of [
      ['GET', '/v1.41/containers/json'],
      ['POST', '/v1.41/images/create?fromImage=busybox&tag=latest'],
      ['POST', '/v1.41/images/web/push'],
      ['POST', '/v1.41/auth'],
      ['GET', '/v1.41/volumes'],
      ['POST', '/v1.41/containers/web/start'],
      ['DELETE', '/v1.41/containers/web?v=1&force=1'],
    ]) {
      expect(routeOf(method!, path!)).toEqual({ kind: 'pass' });
    }
  });

  it('knows the image reads Podman may fail while another image vanishes: list and inspect', () => {
    expect(routeOf('GET', '/v1.41/images/json?filters=%7B%7D')).toEqual({ kind: 'image-read' });
    expect(routeOf('GET', '/images/json')).toEqual({ kind: 'image-read' });
    expect(routeOf('GET', '/v1.41/images/busybox:latest/json')).toEqual({
      kind: 'image-read',
      image: 'busybox:latest',
    });
    expect(routeOf('GET', '/v1.41/images/127.0.0.1:5000/library/busybox/json')).toEqual({
      kind: 'image-read',
      image: '127.0.0.1:5000/library/busybox',
    });
    expect(routeOf('GET', '/v1.41/images/busybox/history')).toEqual({ kind: 'pass' });
    expect(routeOf('DELETE', '/v1.41/images/busybox')).toEqual({ kind: 'pass' });
  });

  it('knows the names a tag, commit or import gives, a registry port included', () => {
    expect(routeOf('POST', '/v1.41/images/busybox/tag?repo=copy&tag=v1')).toEqual({ kind: 'tag', ref: 'copy:v1' });
    expect(routeOf('POST', '/v1.41/images/busybox:latest/tag?repo=127.0.0.1:5000/web&tag=')).toEqual({
      kind: 'tag',
      ref: '127.0.0.1:5000/web:latest',
    });
    expect(routeOf('POST', '/v1.41/images/127.0.0.1:5000%2Fweb/tag?repo=web')).toEqual({
      kind: 'tag',
      ref: 'web:latest',
    });
    expect(routeOf('POST', '/v1.41/commit?container=abc&repo=snap&tag=v2')).toEqual({
      kind: 'label-changes',
      ref: 'snap:v2',
    });
    expect(routeOf('POST', '/v1.41/commit?container=abc')).toEqual({ kind: 'label-changes', ref: undefined });
    expect(routeOf('POST', '/v1.41/images/create?fromSrc=-&repo=imported:v1&tag=')).toEqual({
      kind: 'label-changes',
      ref: 'imported:v1',
    });
  });

  it('sees a container removed without its volumes', () => {
    expect(routeOf('DELETE', '/v1.41/containers/web')).toEqual({ kind: 'remove-container', id: 'web' });
    expect(routeOf('DELETE', '/v1.41/containers/web?v=0&force=1')).toEqual({ kind: 'remove-container', id: 'web' });
  });
});

describe('the rewrites', () => {
  it("merge the session's labels into a body, keeping the user's own (the session's win)", () => {
    const body = JSON.stringify({ Image: 'busybox', Labels: { mine: 'kept', 'dockbook.session': 'forged' } });
    expect(JSON.parse(labelBody(body, labels))).toEqual({ Image: 'busybox', Labels: { mine: 'kept', ...labels } });
    expect(JSON.parse(labelBody('{"Name":"v","Labels":null}', labels))).toEqual({ Name: 'v', Labels: labels });
    expect(JSON.parse(labelBody('', labels))).toEqual({ Labels: labels });
    expect(() => labelBody('[1]', labels)).toThrow(/not a JSON object/);
    expect(() => labelBody('{', labels)).toThrow();
  });

  it("merge them into a build's labels parameter, and remove a failed step's container", () => {
    const url = labelBuild(`/v1.41/build?t=web&labels=${encodeURIComponent('{"mine":"kept"}')}`, labels);
    const query = new URL(url, 'http://x').searchParams;
    expect(url.startsWith('/v1.41/build?')).toBe(true);
    expect(JSON.parse(query.get('labels')!)).toEqual({ mine: 'kept', ...labels });
    expect([query.get('t'), query.get('forcerm')]).toEqual(['web', '1']);
    expect(new URL(labelBuild('/build?forcerm=0', labels), 'http://x').searchParams.get('forcerm')).toBe('0');
  });

  it('give Podman the merged labels as a sorted list, which it appends in that order (a map in random order)', () => {
    const url = labelBuild(`/v1.41/build?labels=${encodeURIComponent('{"mine":"kept"}')}`, labels, 'podman');
    const sorted = Object.entries({ mine: 'kept', ...labels }).sort(([a], [b]) => (a < b ? -1 : 1));
    expect(JSON.parse(new URL(url, 'http://x').searchParams.get('labels')!)).toEqual(
      sorted.map(([k, v]) => `${k}=${v}`),
    );
  });

  it('add them to a commit as one more LABEL change', () => {
    const query = new URL(labelChanges('/v1.41/commit?container=abc&changes=ENV%20A%3D1', labels), 'http://x')
      .searchParams;
    expect(query.getAll('changes')).toEqual([
      'ENV A=1',
      'LABEL "dockbook.session"="db-1234abcd" "dockbook.notebook"="a notebook"',
    ]);
  });
});

describe('proxyDir', () => {
  it('is under the cache, unless the socket path would be too long there', () => {
    expect(proxyDir('db-1234abcd', { DOCKBOOK_CACHE: '/c' })).toBe('/c/docker-proxy/db-1234abcd');
    const long = { DOCKBOOK_CACHE: `/${'x'.repeat(120)}` };
    expect(proxyDir('db-1234abcd', long)).toBe(join(proxyRoots(long)[1]!, 'db-1234abcd'));
  });
});
