/**
 * What the session's Docker proxy changes in a request, decided from its method and URL alone:
 * only the requests that create resources are touched, everything else passes unchanged.
 */

import type { EngineKind } from '../core/connect.ts';
import { buildLabels } from '../images/build-labels.ts';

/** How the proxy treats one request. */
export type Route =
  /**
   * POST /containers/create, /volumes/create, /networks/create: the session's labels merged into the body's `Labels`.
   */
  | { kind: 'label-body' }
  /**
   * POST /build: the labels merged into the `labels` query parameter; failed steps' containers removed. `noCache`:
   * `nocache` set.
   */
  | { kind: 'build'; noCache: boolean }
  /** POST /images/{name}/tag: the new name is recorded for cleanup once the engine made it. */
  | { kind: 'tag'; ref: string }
  /**
   * POST /commit, and POST /images/create?fromSrc (import): the labels as a `LABEL` change; the name (if any) recorded.
   */
  | { kind: 'label-changes'; ref: string | undefined }
  /** DELETE /containers/{id} without `v`: the anonymous volumes it leaves are recorded for cleanup. */
  | { kind: 'remove-container'; id: string }
  /**
   * GET /images/json and /images/{name}/json: asked again while Podman fails them only because another image vanished
   * meanwhile (forwardSettled); `image`, the name or ID asked about (none for a list).
   */
  | { kind: 'image-read'; image?: string }
  | { kind: 'pass' };

// The Engine API's optional version prefix: /v1.41/containers/create.
const VERSION = /^\/v\d+(?:\.\d+)*(?=\/)/;
const BASE = 'http://docker.proxy';

function truthy(value: string | null): boolean {
  return value !== null && value !== '' && value !== '0' && value.toLowerCase() !== 'false';
}

/** `repo:tag` from a request's `repo` and `tag` parameters (tag default `latest`), or undefined without a repo. */
function refOf(query: URLSearchParams): string | undefined {
  const repo = query.get('repo');
  if (!repo) return undefined;
  // A repo may carry its tag itself (import does that): `web:v1`, but not a registry's port (`host:5000/web`).
  if (/:[^/]+$/.test(repo) && !query.get('tag')) return repo;
  return `${repo}:${query.get('tag') || 'latest'}`;
}

/**
 * How to treat a request, by method and URL (with or without the `/v1.xx` prefix).
 *
 * @example
 * routeOf('POST', '/v1.41/containers/create?name=web'); // { kind: 'label-body' }
 * routeOf('POST', '/v1.41/images/busybox/tag?repo=copy&tag=v1'); // { kind: 'tag', ref: 'copy:v1' }
 */
export function routeOf(method: string, url: string): Route {
  const parsed = new URL(url, BASE);
  const path = decodeURIComponent(parsed.pathname).replace(VERSION, '');
  const query = parsed.searchParams;
  if (method === 'POST') {
    if (/^\/(containers|volumes|networks)\/create\/?$/.test(path)) return { kind: 'label-body' };
    if (/^\/build\/?$/.test(path)) return { kind: 'build', noCache: truthy(query.get('nocache')) };
    const tagged = /^\/images\/(.+)\/tag\/?$/.exec(path);
    if (tagged) {
      const ref = refOf(query);
      return ref ? { kind: 'tag', ref } : { kind: 'pass' };
    }
    if (/^\/commit\/?$/.test(path)) return { kind: 'label-changes', ref: refOf(query) };
    if (/^\/images\/create\/?$/.test(path) && query.get('fromSrc')) return { kind: 'label-changes', ref: refOf(query) };
  }
  if (method === 'GET') {
    if (/^\/images\/json\/?$/.test(path)) return { kind: 'image-read' };
    const inspected = /^\/images\/(.+)\/json\/?$/.exec(path);
    if (inspected) return { kind: 'image-read', image: inspected[1]! };
  }
  if (method === 'DELETE') {
    const removed = /^\/containers\/([^/]+)\/?$/.exec(path);
    if (removed && !truthy(query.get('v'))) return { kind: 'remove-container', id: removed[1]! };
  }
  return { kind: 'pass' };
}

/**
 * A request body's JSON with the session's labels merged into its `Labels` (the session's win). Throws on a body that
 * is not a JSON object.
 */
export function labelBody(body: string, labels: Record<string, string>): string {
  const parsed: unknown = body.trim() === '' ? {} : JSON.parse(body);
  if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed))
    throw new Error('the request body is not a JSON object');
  const object = parsed as { Labels?: Record<string, string> | null };
  object.Labels = { ...(object.Labels ?? {}), ...labels };
  return JSON.stringify(object);
}

/**
 * The URL of a build with the labels merged into its `labels` parameter (for Podman as a sorted list: see
 * buildLabels), and `forcerm=1` unless it says otherwise.
 */
export function labelBuild(url: string, labels: Record<string, string>, kind: EngineKind = 'docker'): string {
  const parsed = new URL(url, BASE);
  const given = parsed.searchParams.get('labels');
  const own: unknown = given ? JSON.parse(given) : {};
  if (own === null || typeof own !== 'object' || Array.isArray(own))
    throw new Error('the labels parameter is not a JSON object');
  parsed.searchParams.set('labels', buildLabels(kind, { ...(own as Record<string, string>), ...labels }));
  // The legacy builder keeps a failed step's container (unlabelled) unless forcerm: nothing would remove it.
  if (!parsed.searchParams.has('forcerm')) parsed.searchParams.set('forcerm', '1');
  return parsed.pathname + parsed.search;
}

/** The URL of a commit or import with one more `changes` entry: `LABEL "k"="v" …` for the labels. */
export function labelChanges(url: string, labels: Record<string, string>): string {
  const parsed = new URL(url, BASE);
  const pairs = Object.entries(labels).map(([k, v]) => `${JSON.stringify(k)}=${JSON.stringify(v)}`);
  parsed.searchParams.append('changes', `LABEL ${pairs.join(' ')}`);
  return parsed.pathname + parsed.search;
}
