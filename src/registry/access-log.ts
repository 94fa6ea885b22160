import { closeSync, openSync, readSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { privateRegistryDir, privateRegistryHost, publicRegistryDir, registryHost } from './config.ts';

/*
 * What a registry saw of a push, from its own access log. Distribution logs every request it answers in the combined
 * log format (`127.0.0.1 - - [date] "PUT /v2/web/blobs/uploads/…?digest=sha256:… HTTP/1.1" 201 0 "" "agent"`), so the
 * course's registries, which the project starts and whose logs it keeps, can say which blobs a push uploaded, which it
 * mounted from another repository, and which it found there already. An engine that reports no layers while it pushes
 * (Podman's Docker-compatible push) is read from there.
 */

/** A request as a registry's access log records it. */
export interface LoggedRequest {
  method: string;
  /** The path, without its query: `/v2/web/blobs/uploads/`. */
  path: string;
  query: URLSearchParams;
  status: number;
}

/** What a push did with a blob that the repository did not have yet. */
export type BlobTraffic = { status: 'pushed' } | { status: 'mounted'; from: string };

/**
 * The access log of one of the course's registries (`registry.log` in its folder), or undefined for any other host.
 *
 * @example
 * courseRegistryLog('127.0.0.1:5001'); // '~/.cache/dockbook/registry/private/registry.log'
 */
export function courseRegistryLog(host: string, env: NodeJS.ProcessEnv = process.env): string | undefined {
  const dir =
    host === registryHost(env)
      ? publicRegistryDir(env)
      : host === privateRegistryHost(env)
        ? privateRegistryDir(env)
        : '';
  return dir ? join(dir, 'registry.log') : undefined;
}

/** Where a log ends now (its size), for a later read of what comes after; undefined when there is no such file. */
export function logMark(file: string): number | undefined {
  try {
    return statSync(file).size;
  } catch {
    return undefined;
  }
}

const LINE = /^\S+ \S+ \S+ \[[^\]]*\] "([A-Z]+) (\S+) HTTP\/[\d.]+" (\d{3}) /;

/**
 * The requests in access-log text; lines of another kind (the registry's own messages) are left out.
 *
 * @example
 * parseAccessLog('127.0.0.1 - - [04/Dec/2026:16:10:21 +0000] "HEAD /v2/web/blobs/sha256:ab HTTP/1.1" 200 0 "" "x"\n');
 * // [{ method: 'HEAD', path: '/v2/web/blobs/sha256:ab', query: URLSearchParams {}, status: 200 }]
 */
export function parseAccessLog(text: string): LoggedRequest[] {
  const requests: LoggedRequest[] = [];
  for (const line of text.split('\n')) {
    const m = LINE.exec(line);
    if (!m) continue;
    const [path = '', query = ''] = m[2]!.split('?', 2);
    requests.push({ method: m[1]!, path, query: new URLSearchParams(query), status: Number(m[3]) });
  }
  return requests;
}

/** The requests a log has recorded after `mark` (all of it when the file was since replaced by a shorter one). */
export function requestsSince(file: string, mark: number): LoggedRequest[] {
  const size = logMark(file);
  if (size === undefined) return [];
  const start = size < mark ? 0 : mark;
  const buffer = Buffer.alloc(size - start);
  const fd = openSync(file, 'r');
  try {
    let read = 0;
    while (read < buffer.length) {
      const n = readSync(fd, buffer, read, buffer.length - read, start + read);
      if (n === 0) break;
      read += n;
    }
    return parseAccessLog(buffer.subarray(0, read).toString('utf8'));
  } finally {
    closeSync(fd);
  }
}

/** `/v2/<repository>/<rest>`: the repository a request is about (it may hold slashes), and the rest. */
function split(path: string, what: 'blobs/uploads/' | 'manifests/'): { repository: string; rest: string } | undefined {
  if (!path.startsWith('/v2/')) return undefined;
  const at = path.lastIndexOf(`/${what}`);
  return at <= 4 ? undefined : { repository: path.slice(4, at), rest: path.slice(at + what.length + 1) };
}

/**
 * Whether the log has the manifest PUT to `repository:tag` that ends a push (the registry logs each request once it
 * has answered it, so the push's blob requests are logged by then).
 */
export function hasManifestPut(requests: readonly LoggedRequest[], repository: string, tag: string): boolean {
  return requests.some((r) => {
    const at = r.method === 'PUT' && r.status === 201 ? split(r.path, 'manifests/') : undefined;
    return at?.repository === repository && at.rest === tag;
  });
}

/**
 * What the logged requests did to blobs of `repository`: uploaded (an upload completed with the blob's digest), or
 * mounted from another repository of the registry (a mount the registry accepted, 201). A blob a push needed and did
 * neither with was in the repository already.
 *
 * @example
 * blobTraffic(requests, 'web').get('sha256:…'); // { status: 'mounted', from: 'base' }
 */
export function blobTraffic(requests: readonly LoggedRequest[], repository: string): Map<string, BlobTraffic> {
  const traffic = new Map<string, BlobTraffic>();
  for (const r of requests) {
    if (r.status !== 201 || split(r.path, 'blobs/uploads/')?.repository !== repository) continue;
    const mounted = r.query.get('mount');
    const from = r.query.get('from');
    const uploaded = r.query.get('digest');
    if (r.method === 'POST' && mounted && from) traffic.set(mounted, { status: 'mounted', from });
    else if (uploaded) traffic.set(uploaded, { status: 'pushed' });
  }
  return traffic;
}
