import type Docker from 'dockerode';
import { closeSessionProxy, sweepStaleProxies } from '../docker-proxy/session.ts';
import { releaseBuildLease, removingImages } from '../images/image-gate.ts';
import { deleteManifest } from '../registry/api.ts';
import { removeSessionDockerConfig, sweepStaleDockerConfigs } from '../registry/docker-config.ts';
import { sessionAuth } from '../registry/session-auth.ts';
import type { Context } from '../core/context.ts';
import { removeTempDirs, sweepStaleTempDirs } from './temp-dirs.ts';
import { LABEL_OWNER, LABEL_SESSION, ownerIsGone, sessionFilter } from '../core/labels.ts';
import { engineKind } from '../core/connect.ts';
import { listImagesSettled } from '../core/list-images.ts';
import { dockerClient, EXAMPLE_DOCKER } from '../validate/common.ts';
import { checkArgs, signature } from '../validate/signature.ts';

/** What cleanupSession() takes (a Context), checked at its entry. */
export const CLEANUP_SESSION_SIGNATURE = signature({
  operation: 'cleanupSession',
  ctx: true,
  params: [],
  command: 'docker rm -f $(docker ps -aq --filter label=dockbook.session=SESSION)',
});

/** What sweepStaleSessions() takes (a dockerode client), checked at its entry: before it removes anything. */
export const SWEEP_STALE_SESSIONS_SIGNATURE = signature({
  operation: 'sweepStaleSessions',
  ctx: false,
  params: [{ name: 'docker', shape: dockerClient, example: EXAMPLE_DOCKER }],
  command: 'docker rm -f $(docker ps -aq --filter label=dockbook.session)',
});

/** What a cleanup or sweep removed, by kind. */
export interface CleanupReport {
  containers: string[];
  volumes: string[];
  images: string[];
  networks: string[];
  /** What the session had pushed to the course's registries and deleted there: `host/repository@digest`. */
  manifests: string[];
}

function quiet<T>(work: Promise<T>): Promise<T | undefined> {
  // A resource may vanish between listing and removal (e.g. an --rm container): that is the goal reached.
  return work.catch(() => undefined);
}

/**
 * Removes every resource labelled with one session (or, with `which`, those sessions chosen by
 * their labels): containers with their anonymous volumes, then volumes, networks and images.
 */
export async function removeLabelled(
  docker: Docker,
  which: (labels: Record<string, string>) => boolean,
  session?: string,
): Promise<CleanupReport> {
  const filters = sessionFilter(session);
  const report: CleanupReport = { containers: [], volumes: [], images: [], networks: [], manifests: [] };
  for (const c of await docker.listContainers({ all: true, filters })) {
    if (!which(c.Labels)) continue;
    await quiet(docker.getContainer(c.Id).remove({ force: true, v: true }));
    report.containers.push(c.Id);
  }
  for (const v of (await docker.listVolumes({ filters })).Volumes ?? []) {
    if (!which(v.Labels ?? {})) continue;
    await quiet(docker.getVolume(v.Name).remove());
    report.volumes.push(v.Name);
  }
  for (const n of await docker.listNetworks({ filters })) {
    if (!which(n.Labels ?? {})) continue;
    await quiet(docker.getNetwork(n.Id).remove());
    report.networks.push(n.Id);
  }
  // Children before parents: newest first, so an image built on another goes before it. Pruning
  // the untagged parents waits until no build is in flight: another session may stand on them.
  await removingImages(docker, (prune) => removeLabelledImages(docker, which, filters, prune, report));
  return report;
}

const newestFirst = (images: Docker.ImageInfo[]) => [...images].sort((a, b) => b.Created - a.Created);
/** An image's ID without its `sha256:` (Podman gives ParentId without it). */
const hex = (id: string) => id.replace(/^sha256:/, '');

/**
 * The labelled images, removed (see removeLabelled). On Docker the labels are on what a build gave
 * back: the engine appends one LABEL step per label, sorted, so the session's label comes last and only
 * the final image carries it; the intermediate images are unlabelled and go with it (pruned). On
 * Podman, buildah commits every step of a build with the build's labels: the intermediate images
 * carry the session's labels too. The report then names what `docker images` shows (what the builds
 * gave back), and the intermediates are removed unreported, as Docker prunes its own: those of the
 * session's removed images with them (pruned), the others once no image stands on them (one of another
 * session's builds that took them from the cache keeps them; its removal prunes them).
 */
async function removeLabelledImages(
  docker: Docker,
  which: (labels: Record<string, string>) => boolean,
  filters: { label: string[] },
  prune: boolean,
  report: CleanupReport,
): Promise<void> {
  const labelled = (await listImagesSettled(docker, { all: true, filters })).filter((i) => which(i.Labels ?? {}));
  if (labelled.length === 0) return;
  const shown = new Set((await listImagesSettled(docker, { filters })).map((i) => i.Id));
  const hidden = labelled.filter((i) => !shown.has(i.Id));
  const podman = hidden.length > 0 && engineKind(await docker.version()) === 'podman';
  for (const image of newestFirst(podman ? labelled.filter((i) => shown.has(i.Id)) : labelled)) {
    await quiet(docker.getImage(image.Id).remove({ force: true, noprune: !prune }));
    report.images.push(image.Id);
  }
  if (podman) await removeIntermediates(docker, new Set(hidden.map((i) => hex(i.Id))), prune);
}

/**
 * Podman: removes these intermediate images once no image stands on them, children first (what pruning did not take
 * already). Podman removes an image with children when asked; it is not asked here.
 */
async function removeIntermediates(docker: Docker, ids: Set<string>, prune: boolean): Promise<void> {
  const tried = new Set<string>();
  for (;;) {
    const images = await listImagesSettled(docker, { all: true });
    const parents = new Set(images.map((i) => hex(i.ParentId ?? '')));
    const leaves = images.filter((i) => ids.has(hex(i.Id)) && !parents.has(hex(i.Id)) && !tried.has(i.Id));
    if (leaves.length === 0) return;
    for (const image of leaves) {
      tried.add(image.Id);
      await quiet(docker.getImage(image.Id).remove({ noprune: !prune }));
    }
  }
}

/**
 * Removes everything one session created: labelled resources, the tags and volumes it tracked,
 * the manifests it pushed to the course's registries, its DOCKER_CONFIG folder with any
 * `docker login` made through `cli()`, and its temporary folders (tempDir).
 */
export async function cleanupSession(ctx: Context): Promise<CleanupReport> {
  checkArgs(CLEANUP_SESSION_SIGNATURE, arguments);
  // What timed-out calls were still making is removed first (see Context.pending).
  await Promise.allSettled([...ctx.pending]);
  // Then the session's Docker proxy stops, so that no CLI call makes anything while it is cleaned up.
  await closeSessionProxy(ctx);
  const report = await removeLabelled(ctx.docker, () => true, ctx.session);
  await removingImages(ctx.docker, async (prune) => {
    for (const ref of ctx.addedImageRefs) {
      if (await quiet(ctx.docker.getImage(ref).remove({ noprune: !prune }))) report.images.push(ref);
    }
  });
  ctx.addedImageRefs.clear();
  for (const name of ctx.orphanVolumes) {
    if (
      await quiet(
        ctx.docker
          .getVolume(name)
          .remove()
          .then(() => true),
      )
    )
      report.volumes.push(name);
  }
  ctx.orphanVolumes.clear();
  for (const { registry, repository, digest } of ctx.pushed.splice(0)) {
    const auth = sessionAuth(ctx, registry);
    if (await quiet(deleteManifest(registry, repository, digest, auth)))
      report.manifests.push(`${registry}/${repository}@${digest}`);
  }
  // The copies its no-cache builds made are gone with its images: other sessions' builds may use the cache again.
  releaseBuildLease(ctx.docker, ctx.session);
  removeSessionDockerConfig(ctx);
  removeTempDirs(ctx);
  return report;
}

/**
 * Removes the resources of sessions whose owning process is gone (a crash, a killed kernel),
 * their DOCKER_CONFIG folders and their temporary folders. Sessions of live processes, on this host or another, are
 * never touched.
 */
export async function sweepStaleSessions(docker: Docker): Promise<CleanupReport> {
  checkArgs(SWEEP_STALE_SESSIONS_SIGNATURE, arguments);
  sweepStaleDockerConfigs();
  sweepStaleTempDirs();
  const report = await removeLabelled(
    docker,
    (labels) => labels[LABEL_SESSION] !== undefined && ownerIsGone(labels[LABEL_OWNER]),
  );
  // After their containers: the tags and volumes the sessions' CLI calls made, which no label marks.
  const tracked = await sweepStaleProxies(docker);
  return { ...report, images: [...report.images, ...tracked.images], volumes: [...report.volumes, ...tracked.volumes] };
}
