import { createReadStream, rmSync } from 'node:fs';
import { join } from 'node:path';
import type Docker from 'dockerode';
import type { Engine } from '../core/connect.ts';
import { inspectImageSettled } from '../core/vanished.ts';
import { DockbookError } from '../errors.ts';
import { cacheDir } from '../paths.ts';
import { engine as engineShape, EXAMPLE_ENGINE, logLine } from '../validate/common.ts';
import { arrayOf, boolean, nonEmptyString } from '../validate/shape.ts';
import { checkArgs, signature } from '../validate/signature.ts';
import { busybox } from './base-images/busybox.ts';
import { debian } from './base-images/debian.ts';
import { node } from './base-images/node.ts';
import { RootfsStage, tarStage } from './base-images/rootfs.ts';
import type { BaseImageSpec } from './base-images/spec.ts';

/** The base images the course uses. */
export const BASE_IMAGES: readonly BaseImageSpec[] = [node, busybox, debian];

/** The PATH every image sets, as the official images do. */
const PATH_ENV = 'ENV PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin';

/** The label a locally built base image carries, with what it was built from as its value. */
export const SEED_LABEL = 'dockbook.seed.source';

export interface SeedResult {
  name: string;
  tags: string[];
  id: string;
  /** `present`: already there; `pulled`: from a registry; `built`: made locally from this machine. */
  action: 'present' | 'pulled' | 'built';
  ms: number;
  /** What a locally built image was made from. */
  source?: string;
}

/** What seedImages() takes, checked at its entry: before it pulls or builds anything. */
export const SEED_IMAGES_SIGNATURE = signature({
  operation: 'seedImages',
  ctx: false,
  params: [{ name: 'engine', shape: engineShape, example: EXAMPLE_ENGINE }],
  options: {
    only: arrayOf(nonEmptyString, 'an array of base image names ["busybox"]'),
    pull: boolean,
    cache: nonEmptyString,
    log: logLine,
  },
  command: 'dockbook images seed',
});

export interface SeedOptions {
  /** Which base images, by name. Default all of node, busybox and debian. */
  only?: string[];
  /** Try a registry before building locally. Default true. */
  pull?: boolean;
  cache?: string;
  log?: (line: string) => void;
}

/** Follows a JSON progress stream to its end; an `error` event in it is a failure. */
export function followStream(docker: Docker, stream: NodeJS.ReadableStream): Promise<Array<Record<string, unknown>>> {
  return new Promise((resolve, reject) => {
    docker.modem.followProgress(stream, (error: Error | null, events: Array<Record<string, unknown>>) => {
      if (error) return reject(error);
      const failed = events.find((event) => event.error || event.errorDetail);
      if (failed)
        return reject(new Error(String(failed.error ?? (failed.errorDetail as { message?: string }).message)));
      resolve(events);
    });
  });
}

async function inspectImage(docker: Docker, ref: string): Promise<Docker.ImageInspectInfo | undefined> {
  try {
    return await inspectImageSettled(docker, ref);
  } catch {
    return undefined;
  }
}

async function imageId(docker: Docker, ref: string): Promise<string | undefined> {
  return (await inspectImage(docker, ref))?.Id;
}

async function tagAll(docker: Docker, id: string, name: string, tags: string[]): Promise<void> {
  for (const tag of tags) {
    if ((await imageId(docker, `${name}:${tag}`)) !== id) await docker.getImage(id).tag({ repo: name, tag });
  }
}

async function tryPull(docker: Docker, ref: string, log: (line: string) => void): Promise<boolean> {
  try {
    await followStream(docker, await docker.pull(ref));
    return true;
  } catch (error) {
    log(`  ${ref}: no registry serves it (${(error as Error).message.split('\n')[0]}); building it locally`);
    return false;
  }
}

async function build(docker: Docker, spec: BaseImageSpec, cache: string): Promise<{ id: string; source: string }> {
  const stageDir = join(cache, 'seed', `${spec.name}.stage`);
  rmSync(stageDir, { recursive: true, force: true });
  try {
    const stage = new RootfsStage(stageDir);
    const { changes, source, tarball } = await spec.stage(stage, cache);
    const tar = tarball ? createReadStream(tarball) : tarStage(stageDir).stdout!;
    const labels = `LABEL ${SEED_LABEL}=${JSON.stringify(source)}`;
    const stream = await docker.importImage(tar, {
      repo: spec.name,
      tag: 'latest',
      changes: [PATH_ENV, ...changes, labels],
      message: `dockbook: ${source}`,
    } as object);
    await followStream(docker, stream);
    const id = await imageId(docker, `${spec.name}:latest`);
    if (!id) throw new Error('the engine accepted the import but has no image');
    return { id, source };
  } catch (cause) {
    if (cause instanceof DockbookError) throw cause;
    throw new DockbookError({
      code: 'SEED_FAILED',
      operation: 'images seed',
      target: spec.name,
      reason: (cause as Error).message,
      hint: 'Check that the engine can import images, then seed again.',
      command: `dockbook images seed ${spec.name}`,
      cause,
    });
  } finally {
    rmSync(stageDir, { recursive: true, force: true });
  }
}

/**
 * Makes sure the course's base images are on the engine: present ones are left alone (only
 * missing tags are added), missing ones are pulled where a registry serves them, and built
 * locally from this machine where none does. Idempotent.
 *
 * @example
 * const results = await seedImages(engine);
 * results.map((r) => `${r.name}: ${r.action}`); // ['node: present', 'busybox: built', …]
 */
export async function seedImages(engine: Engine, options: SeedOptions = {}): Promise<SeedResult[]> {
  checkArgs(SEED_IMAGES_SIGNATURE, arguments);
  const { only, pull = true, cache = cacheDir(), log = () => {} } = options;
  const unknown = only?.filter((name) => !BASE_IMAGES.some((spec) => spec.name === name)) ?? [];
  if (unknown.length > 0) {
    throw new DockbookError({
      code: 'INVALID_ARGUMENT',
      operation: 'images seed',
      target: unknown.join(', '),
      reason: 'not a base image of the course',
      hint: `Choose from ${BASE_IMAGES.map((s) => s.name).join(', ')}.`,
      command: 'dockbook images seed',
    });
  }
  const { docker } = engine;
  const results: SeedResult[] = [];
  for (const spec of BASE_IMAGES.filter((s) => !only || only.includes(s.name))) {
    const t0 = performance.now();
    const latest = `${spec.name}:latest`;
    const present = await inspectImage(docker, latest);
    let id = present?.Id;
    let action: SeedResult['action'] = 'present';
    let source = present?.Config.Labels?.[SEED_LABEL];
    if (!id && pull && (await tryPull(docker, latest, log))) {
      // A pulled image may be one this project built and pushed to the mirror: its label says so, and its version
      // tags are then added here as on the engine that built it.
      const pulled = await inspectImage(docker, latest);
      id = pulled?.Id ?? (await imageId(docker, latest));
      source = pulled?.Config.Labels?.[SEED_LABEL];
      action = 'pulled';
    }
    if (!id) {
      log(`  ${latest}: building locally…`);
      ({ id, source } = await build(docker, spec, cache));
      action = 'built';
    }
    // Version tags name what this machine built; an image from a registry keeps its own tags.
    const local = source !== undefined;
    const tags = spec.tags(source);
    if (local) await tagAll(docker, id, spec.name, tags.slice(1));
    results.push({
      name: spec.name,
      tags: local ? tags : ['latest'],
      id,
      action,
      ms: Math.round(performance.now() - t0),
      ...(source ? { source } : {}),
    });
  }
  return results;
}
