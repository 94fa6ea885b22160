import type Docker from 'dockerode';
import { DockbookError } from '../errors.ts';
import { probeRegistry, registryImageId } from '../registry/api.ts';
import type { ImageRef } from '../input/reference.ts';

/** Docker Hub's own names: what an engine without a mirror, or past its mirror, pulls from. */
const HUB = /registry-1\.docker\.io|index\.docker\.io|auth\.docker\.io|production\.cloudflare\.docker\.com/i;

/** Words of a network failure (not a refusal by a registry that answered). */
const NETWORK = new RegExp(
  /no such host|dial tcp|i\/o timeout|connection refused|network is unreachable|TLS handshake timeout/.source +
    '|' +
    /Client\.Timeout|server misbehaving|temporary failure in name resolution/.source,
  'i',
);

/** Whether a pull's failure says Docker Hub could not be reached. */
export function hubUnreachable(ref: ImageRef, message: string): boolean {
  const fromHub = ref.registry === undefined || ref.registry === 'docker.io' || ref.registry === 'index.docker.io';
  return fromHub && HUB.test(message) && NETWORK.test(message);
}

/** The engine's registry mirrors (`docker info` RegistryConfig.Mirrors), or none when it cannot say. */
async function engineMirrors(docker: Docker): Promise<string[]> {
  try {
    const info = (await docker.info()) as { RegistryConfig?: { Mirrors?: string[] | null } };
    return info.RegistryConfig?.Mirrors ?? [];
  } catch {
    return [];
  }
}

function hostOf(mirror: string): string {
  return mirror.replace(/^[a-z]+:\/\//i, '').replace(/\/+$/, '');
}

/** What the mirror says about the image: it lacks it, it has it (then the engine could not use it), or no answer. */
async function mirrorHas(host: string, repository: string, tag: string): Promise<'missing' | 'present' | 'silent'> {
  if ((await probeRegistry(host)) !== 'registry') return 'silent';
  return registryImageId(host, repository, tag).then(
    (id) => (id ? 'present' : 'missing'),
    () => 'silent',
  );
}

/**
 * The error for a pull of a Docker Hub name that the engine's mirror could not serve while Docker
 * Hub is out of reach (as offline, in the course's sandbox): it says the image is not in the
 * course's registry mirror (by address), that Docker Hub cannot be reached, and how to seed it.
 */
export async function offlinePullError(
  docker: Docker,
  ref: ImageRef,
  message: string,
  cause?: unknown,
): Promise<DockbookError> {
  const repository = ref.repository.includes('/') ? ref.repository : `library/${ref.repository}`;
  const tag = ref.tag ?? 'latest';
  const mirrors = await engineMirrors(docker);
  const hub = /lookup (\S+?):? .*?(no such host|server misbehaving|i\/o timeout)/i.exec(message);
  const why = hub ? `${hub[1]}: ${hub[2]}` : 'the connection failed';
  const unreachable = `Docker Hub cannot be reached from the engine (${why})`;
  let reason: string;
  let hint: string;
  if (mirrors.length === 0) {
    reason = `the engine has no registry mirror, and ${unreachable}`;
    hint =
      "Start the course's engine, which pulls Docker Hub names through the course's registry mirror: `dockbook " +
      'engine up`.';
  } else {
    const host = hostOf(mirrors[0]!);
    const state = ref.digest ? 'missing' : await mirrorHas(host, repository, tag);
    const where = `the course's registry mirror (${mirrors.join(', ')})`;
    reason =
      state === 'silent'
        ? `${where} does not answer, and ${unreachable}`
        : state === 'present'
          ? `${where} has ${repository}:${tag} but the engine could not pull it from there, and ${unreachable}`
          : `it is not in ${where}, and ${unreachable}`;
    hint =
      state === 'silent'
        ? 'Start the mirror: `dockbook registry up`.'
        : `Seed it into the mirror where Docker Hub is reachable: \`docker pull ${ref.full}\`, \`docker ` +
          `tag ${ref.full} ${host}/${repository}:${tag}\`, \`docker push ${host}/${repository}:${tag}\` (the ` +
          `course's base images: \`dockbook images seed\`).`;
  }
  return new DockbookError({
    code: 'PULL_FAILED',
    operation: 'pull',
    target: ref.full,
    reason,
    hint,
    command: `docker pull ${ref.full}`,
    daemonMessage: message,
    ...(cause === undefined ? {} : { cause }),
  });
}
