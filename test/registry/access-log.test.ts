import { appendFileSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import {
  blobTraffic,
  courseRegistryLog,
  hasManifestPut,
  logMark,
  parseAccessLog,
  requestsSince,
} from '../../src/registry/access-log.ts';

const A = `sha256:${'a'.repeat(64)}`;
const B = `sha256:${'b'.repeat(64)}`;
const C = `sha256:${'c'.repeat(64)}`;
const AGENT = '"" "containers/5.23.1 (github.com/containers/image)"';

/** A line as Distribution's access log writes it (combined log format). */
const line = (method: string, uri: string, status: number, user = '-') =>
  `127.0.0.1 - ${user} [04/Dec/2026:16:10:21 +0000] "${method} ${uri} HTTP/1.1" ${status} 0 ${AGENT}`;

/** A push of web:v1 as Podman 4.3 made it (the registry's log of it): A found, B mounted from base, C uploaded. */
const PUSH = [
  'time="2026-12-04T16:10:21Z" level=info msg="response completed" http.request.method=HEAD',
  line('HEAD', `/v2/team/web/blobs/${A}`, 200),
  line('POST', `/v2/team/web/blobs/uploads/?from=base&mount=${encodeURIComponent(B)}`, 201),
  // A mount the registry declines (202) starts an upload instead.
  line('POST', `/v2/team/web/blobs/uploads/?from=elsewhere&mount=${encodeURIComponent(C)}`, 202),
  line('PATCH', '/v2/team/web/blobs/uploads/6cd0d4fb?_state=x', 202),
  line('PUT', `/v2/team/web/blobs/uploads/6cd0d4fb?_state=y&digest=${encodeURIComponent(C)}`, 201, 'student'),
  // Another session's push to another repository at the same time.
  line('PUT', `/v2/team/web-2/blobs/uploads/9f?digest=${encodeURIComponent(A)}`, 201),
  line('PUT', '/v2/team/web/manifests/v1', 201),
].join('\n');

describe("a registry's access log", () => {
  const dir = mkdtempSync(join(tmpdir(), 'dockbook-access-log-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it("reads the requests, and leaves the registry's own messages out", () => {
    const requests = parseAccessLog(PUSH);
    expect(requests).toHaveLength(7);
    expect(requests[0]).toMatchObject({ method: 'HEAD', path: `/v2/team/web/blobs/${A}`, status: 200 });
    expect(requests[1]!.query.get('mount')).toBe(B);
  });

  it("says what a push did with each blob of its repository, other repositories' requests apart", () => {
    const traffic = blobTraffic(parseAccessLog(PUSH), 'team/web');
    expect(traffic.get(A)).toBeUndefined();
    expect(traffic.get(B)).toEqual({ status: 'mounted', from: 'base' });
    expect(traffic.get(C)).toEqual({ status: 'pushed' });
    expect(blobTraffic(parseAccessLog(PUSH), 'team/web-2').get(A)).toEqual({ status: 'pushed' });
  });

  it("knows a push's end by its manifest PUT to that repository and tag", () => {
    const requests = parseAccessLog(PUSH);
    expect(hasManifestPut(requests, 'team/web', 'v1')).toBe(true);
    expect(hasManifestPut(requests, 'team/web', 'v2')).toBe(false);
    expect(hasManifestPut(requests, 'web', 'v1')).toBe(false);
  });

  it('reads only what was logged after a mark, and all of a log that was replaced by a shorter one', () => {
    const file = join(dir, 'registry.log');
    writeFileSync(file, `${line('PUT', '/v2/old/manifests/v1', 201)}\n`.repeat(2));
    const mark = logMark(file)!;
    appendFileSync(file, `${line('PUT', '/v2/new/manifests/v1', 201)}\n`);
    expect(requestsSince(file, mark).map((r) => r.path)).toEqual(['/v2/new/manifests/v1']);
    writeFileSync(file, `${line('HEAD', '/v2/x/blobs/sha256:ab', 404)}\n`);
    expect(requestsSince(file, mark).map((r) => r.path)).toEqual(['/v2/x/blobs/sha256:ab']);
    expect(logMark(join(dir, 'none.log'))).toBeUndefined();
    expect(requestsSince(join(dir, 'none.log'), 0)).toEqual([]);
  });

  it("is the course's registries' own log, and no other registry's", () => {
    const env = { DOCKBOOK_CACHE: dir, DOCKBOOK_REGISTRY_PORT: '5100', DOCKBOOK_PRIVATE_REGISTRY_PORT: '5101' };
    expect(courseRegistryLog('127.0.0.1:5100', env)).toBe(join(dir, 'registry', 'public', 'registry.log'));
    expect(courseRegistryLog('127.0.0.1:5101', env)).toBe(join(dir, 'registry', 'private', 'registry.log'));
    expect(courseRegistryLog('registry.example.com:5000', env)).toBeUndefined();
  });
});
