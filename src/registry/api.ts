import { DockbookError } from '../errors.ts';

/** What answers at a registry address: a Distribution registry, something else, or nothing. */
export type RegistryProbe = 'registry' | 'other' | 'none';

/** The manifest types an engine pushes, newest first (the Accept header a pull sends). */
const MANIFEST_TYPES = [
  'application/vnd.docker.distribution.manifest.v2+json',
  'application/vnd.oci.image.manifest.v1+json',
].join(', ');

/**
 * Asks `GET /v2/` at `host` (e.g. `127.0.0.1:5000`). A registry answers with its API version
 * header, whether it wants a login (401) or not (200).
 *
 * @example
 * await probeRegistry('127.0.0.1:5000'); // 'registry', or 'none' when nothing listens
 */
export async function probeRegistry(host: string, timeoutMs = 2000): Promise<RegistryProbe> {
  try {
    const response = await fetch(`http://${host}/v2/`, { signal: AbortSignal.timeout(timeoutMs) });
    await response.body?.cancel();
    return response.headers.get('docker-distribution-api-version')?.startsWith('registry/2') ? 'registry' : 'other';
  } catch {
    return 'none';
  }
}

async function get(host: string, path: string, operation: string, headers: Record<string, string> = {}): Promise<Response> {
  try {
    return await fetch(`http://${host}${path}`, { headers, signal: AbortSignal.timeout(10_000) });
  } catch (cause) {
    const code = (cause as { cause?: { code?: string } }).cause?.code ?? (cause as Error).name;
    throw new DockbookError({ code: 'ENGINE_UNREACHABLE', operation, target: host, reason: `the registry does not answer (${code})`, hint: 'Start it with `dockbook registry up`.', cause });
  }
}

/**
 * The image ID (config digest) a registry holds under `repository:tag`, or undefined when it has
 * no such tag. An engine that pushed or pulled the image has the same ID locally.
 *
 * @example
 * await registryImageId('127.0.0.1:5000', 'library/busybox', 'latest'); // 'sha256:…'
 */
export async function registryImageId(host: string, repository: string, tag: string): Promise<string | undefined> {
  const response = await get(host, `/v2/${repository}/manifests/${tag}`, 'registry', { Accept: MANIFEST_TYPES });
  if (response.status === 404) return undefined;
  const body = await response.text();
  if (!response.ok) {
    throw new DockbookError({ code: 'ENGINE_ERROR', operation: 'registry', target: `${host}/${repository}:${tag}`, reason: `the registry answered ${response.status}: ${body.trim()}` });
  }
  return (JSON.parse(body) as { config?: { digest?: string } }).config?.digest;
}

/**
 * The repositories a registry holds, from its catalog; a private registry's with `login`
 * (basic authentication). An empty list when the registry refuses.
 *
 * @example
 * await registryRepositories('127.0.0.1:5000'); // ['library/busybox', 'library/debian', 'library/node']
 */
export async function registryRepositories(host: string, login?: { username: string; password: string }): Promise<string[]> {
  const headers: Record<string, string> = login ? { Authorization: `Basic ${Buffer.from(`${login.username}:${login.password}`).toString('base64')}` } : {};
  const response = await get(host, '/v2/_catalog?n=1000', 'registry status', headers);
  if (!response.ok) return [];
  return ((await response.json()) as { repositories?: string[] }).repositories ?? [];
}
