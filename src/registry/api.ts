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

async function get(
  host: string,
  path: string,
  operation: string,
  headers: Record<string, string> = {},
  method = 'GET',
): Promise<Response> {
  try {
    return await fetch(`http://${host}${path}`, { method, headers, signal: AbortSignal.timeout(10_000) });
  } catch (cause) {
    const code = (cause as { cause?: { code?: string } }).cause?.code ?? (cause as Error).name;
    throw new DockbookError({
      code: 'ENGINE_UNREACHABLE',
      operation,
      target: host,
      reason: `the registry does not answer (${code})`,
      hint: 'Start it with `dockbook registry up`.',
      command: `curl http://${host}/v2/`,
      cause,
    });
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
    throw new DockbookError({
      code: 'ENGINE_ERROR',
      operation: 'registry',
      target: `${host}/${repository}:${tag}`,
      reason: `the registry answered ${response.status}: ${body.trim()}`,
      hint: "Check the registry's log and that it holds the image intact.",
      command: `docker manifest inspect --insecure ${host}/${repository}:${tag}`,
    });
  }
  return (JSON.parse(body) as { config?: { digest?: string } }).config?.digest;
}

/** A registry login, for basic authentication. */
export interface RegistryLogin {
  username: string;
  password: string;
}

function authorization(login?: RegistryLogin): Record<string, string> {
  return login
    ? { Authorization: `Basic ${Buffer.from(`${login.username}:${login.password}`).toString('base64')}` }
    : {};
}

/**
 * The repositories a registry holds that have at least one tag, from its catalog; a private
 * registry's with `login` (basic authentication). A repository whose manifests were all
 * deleted stays in the catalog until the registry's garbage collection, and is left out.
 * An empty list when the registry refuses.
 *
 * @example
 * await registryRepositories('127.0.0.1:5000'); // ['library/busybox', 'library/debian', 'library/node']
 */
export async function registryRepositories(host: string, login?: RegistryLogin): Promise<string[]> {
  const response = await get(host, '/v2/_catalog?n=1000', 'registry status', authorization(login));
  if (!response.ok) return [];
  const all = ((await response.json()) as { repositories?: string[] }).repositories ?? [];
  const tagged = await Promise.all(
    all.map(async (repository) => {
      const tags = await get(host, `/v2/${repository}/tags/list`, 'registry status', authorization(login));
      return tags.ok && (((await tags.json()) as { tags?: string[] | null }).tags ?? []).length > 0;
    }),
  );
  return all.filter((_, i) => tagged[i]);
}

/**
 * Deletes a manifest, by digest, from a repository of a registry that allows deletes (the
 * course's do), with every tag that names it: `DELETE /v2/<repository>/manifests/<digest>`.
 * Its layers stay in storage until the registry's garbage collection. Returns false when the
 * registry has no such manifest.
 *
 * @example
 * await deleteManifest('127.0.0.1:5001', 'web-3f2a1c9d', 'sha256:…', credentials); // true
 */
export async function deleteManifest(
  host: string,
  repository: string,
  digest: string,
  login?: RegistryLogin,
): Promise<boolean> {
  const response = await get(
    host,
    `/v2/${repository}/manifests/${digest}`,
    'registry delete',
    authorization(login),
    'DELETE',
  );
  await response.body?.cancel();
  if (response.status === 404) return false;
  if (!response.ok) {
    throw new DockbookError({
      code: response.status === 401 ? 'UNAUTHORIZED' : 'ENGINE_ERROR',
      operation: 'registry delete',
      target: `${host}/${repository}@${digest}`,
      reason: `the registry answered ${response.status}`,
      hint:
        response.status === 401
          ? "The registry wants the course's credentials (courseCredentials())."
          : 'Check that the registry allows deletes (REGISTRY_STORAGE_DELETE_ENABLED).',
      command: `curl -X DELETE http://${host}/v2/${repository}/manifests/${digest}`,
    });
  }
  return true;
}

/**
 * The layers of a manifest a registry holds, as blob digests in the image's order (its `layers`), by tag or digest;
 * a private registry's with `login`. Undefined when the registry has no such manifest, refuses, or holds a list.
 *
 * @example
 * await registryManifestLayers('127.0.0.1:5000', 'library/busybox', 'latest'); // ['sha256:…']
 */
export async function registryManifestLayers(
  host: string,
  repository: string,
  reference: string,
  login?: RegistryLogin,
): Promise<string[] | undefined> {
  const response = await get(host, `/v2/${repository}/manifests/${reference}`, 'registry', {
    Accept: MANIFEST_TYPES,
    ...authorization(login),
  });
  if (!response.ok) {
    await response.body?.cancel();
    return undefined;
  }
  const layers = ((await response.json()) as { layers?: Array<{ digest?: string }> }).layers;
  return layers?.every((layer) => typeof layer.digest === 'string') ? layers.map((layer) => layer.digest!) : undefined;
}
