import { join } from 'node:path';
import type Docker from 'dockerode';
import type { Engine } from '../core/connect.ts';
import { withLock } from '../core/lock.ts';
import { DockbookError } from '../errors.ts';
import { streamError, streamEvents } from '../core/json-stream.ts';
import { inspectImageSettled } from '../core/vanished.ts';
import { registryImageId } from '../registry/api.ts';
import { publicRegistryDir, registryHost } from '../registry/config.ts';
import { engine as engineShape, environment, EXAMPLE_ENGINE, logLine } from '../validate/common.ts';
import { arrayOf, hasFields, nonEmptyString, string } from '../validate/shape.ts';
import { checkArgs, signature } from '../validate/signature.ts';

/** A base image to serve from the mirror: its Docker Hub name, tags and local image ID. */
export interface MirrorImage {
  name: string;
  tags: string[];
  id: string;
  /** What a locally built image was made from; only those are pushed. */
  source?: string;
}

export interface MirrorResult {
  name: string;
  /** `127.0.0.1:5000/library/node`. */
  repository: string;
  /** Tags this call pushed. */
  pushed: string[];
  /** Tags the registry already had with the same image ID. */
  present: string[];
  ms: number;
}

export interface FillMirrorOptions {
  env?: NodeJS.ProcessEnv;
  /** The registry to fill. Default the public registry, 127.0.0.1:<DOCKBOOK_REGISTRY_PORT or 5000>. */
  host?: string;
  log?: (line: string) => void;
}

/**
 * What fillMirror() takes, checked at its entry: before it tags or pushes anything. The images may be seedImages'
 * results (other fields are not looked at).
 */
export const FILL_MIRROR_SIGNATURE = signature({
  operation: 'fillMirror',
  ctx: false,
  params: [
    { name: 'engine', shape: engineShape, example: EXAMPLE_ENGINE },
    {
      name: 'images',
      shape: arrayOf(
        hasFields({ name: nonEmptyString, tags: arrayOf(string), id: nonEmptyString }, 'an image { name, tags, id }'),
        'an array of images { name, tags, id } (await seedImages(engine))',
      ),
      example: [],
    },
  ],
  options: { env: environment, host: nonEmptyString, log: logLine },
  command: 'dockbook images seed',
});

async function exists(docker: Docker, ref: string): Promise<boolean> {
  return inspectImageSettled(docker, ref).then(
    () => true,
    () => false,
  );
}

async function pushTag(docker: Docker, repository: string, tag: string): Promise<void> {
  const target = `${repository}:${tag}`;
  const fail = (reason: string, cause?: unknown) =>
    new DockbookError({
      code: 'PUSH_FAILED',
      operation: 'registry fill',
      target,
      reason,
      hint: 'Check that the registry runs (`dockbook registry status`) and has disk space.',
      command: `docker push ${target}`,
      ...(cause === undefined ? {} : { cause }),
    });
  let failure: string | undefined;
  try {
    // An empty auth header: the public registry takes anonymous pushes, and the engine wants the header.
    const stream = await docker.getImage(repository).push({ tag, authconfig: {} } as object);
    for await (const event of streamEvents(stream)) failure ??= streamError(event);
  } catch (cause) {
    throw fail((cause as Error).message, cause);
  }
  if (failure) throw fail(failure);
}

async function fillOne(docker: Docker, host: string, image: MirrorImage): Promise<MirrorResult> {
  const t0 = performance.now();
  const repository = `${host}/library/${image.name}`;
  const present: string[] = [];
  const missing: string[] = [];
  for (const tag of image.tags) {
    const held = await registryImageId(host, `library/${image.name}`, tag);
    if (held === image.id) present.push(tag);
    else missing.push(tag);
  }
  const added: string[] = [];
  try {
    for (const tag of missing) {
      if (!(await exists(docker, `${repository}:${tag}`))) added.push(`${repository}:${tag}`);
      await docker.getImage(image.id).tag({ repo: repository, tag });
    }
    for (const tag of missing) await pushTag(docker, repository, tag);
  } finally {
    for (const ref of added)
      await docker
        .getImage(ref)
        .remove()
        .catch(() => undefined);
  }
  return { name: image.name, repository, pushed: missing, present, ms: Math.round(performance.now() - t0) };
}

/**
 * Serves the locally built base images from a registry as Docker Hub's `library/<name>`, so
 * that an engine using it as its registry mirror pulls `node` or `busybox:1.35.0` as it would
 * online. Each tag the registry lacks (or holds as another image) is tagged
 * `<host>/library/<name>:<tag>`, pushed, and untagged again; images pulled from a real registry
 * are left out. Idempotent: a second call only reads manifests.
 * Defaults: host the public registry, env process.env.
 *
 * @example
 * const seeded = await seedImages(engine);
 * await fillMirror(engine, seeded); // [{ name: 'node', pushed: ['latest', '20', …], present: [] }, …]
 */
export async function fillMirror(
  engine: Engine,
  images: MirrorImage[],
  options: FillMirrorOptions = {},
): Promise<MirrorResult[]> {
  checkArgs(FILL_MIRROR_SIGNATURE, arguments);
  const { env = process.env, host = registryHost(env), log = () => {} } = options;
  const local = images.filter((image) => image.source !== undefined);
  return withLock(join(publicRegistryDir(env), 'fill.lock'), async () => {
    const results: MirrorResult[] = [];
    for (const image of local) {
      const result = await fillOne(engine.docker, host, image);
      log(
        `  ${result.repository}: ` +
          `${result.pushed.length > 0 ? `pushed ${result.pushed.join(', ')}` : `has ${result.present.join(', ')}`} ` +
          `(${result.ms} ms)`,
      );
      results.push(result);
    }
    return results;
  });
}
