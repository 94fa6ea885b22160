import { readdirSync, readFileSync, rmSync } from 'node:fs';
import { execa } from 'execa';
import { DockbookError } from '../errors.ts';
import type { PodmanPaths } from './podman-conf.ts';
import { mountsUnder } from './podman-host.ts';
import { answering } from './podman-start.ts';

// Bringing the project's Podman service down: its containers first, their helpers, and with purge its folder.

/** Stops the containers that run (each with its own stop timeout), as dockerd does when it stops. */
export async function stopContainers(paths: PodmanPaths, log: (line: string) => void): Promise<string[]> {
  const engine = await answering(paths);
  if (!engine) return [];
  const running = await engine.docker.listContainers();
  const names = running.map((c) => c.Names[0]?.replace(/^\//, '') ?? c.Id.slice(0, 12));
  if (running.length > 0) log(`stopping ${names.join(', ')}…`);
  await Promise.all(
    running.map((c) =>
      engine.docker
        .getContainer(c.Id)
        .stop()
        .catch(() => undefined),
    ),
  );
  return names;
}

/** The pids of processes besides `except` whose command line names `path`: conmon, `podman container cleanup`. */
function processesNaming(path: string, except: number): number[] {
  return readdirSync('/proc')
    .filter((name) => /^\d+$/.test(name) && Number(name) !== except && Number(name) !== process.pid)
    .filter((name) => {
      try {
        return readFileSync(`/proc/${name}/cmdline`, 'utf8').includes(path);
      } catch {
        return false;
      }
    })
    .map(Number);
}

/**
 * Waits (up to `timeoutMs`) until the helpers of its stopped containers are gone: each container's conmon and the
 * `podman container cleanup` it runs as the container exits, which would otherwise recreate folders as they go.
 */
export async function helpersGone(paths: PodmanPaths, servicePid: number, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (processesNaming(paths.graphRoot, servicePid).length > 0 && Date.now() < deadline) {
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** Unmounts what Podman left mounted under its folder (its storage driver's own bind mount), then removes it. */
export async function purgeFolder(paths: PodmanPaths, log: (line: string) => void): Promise<void> {
  const other = await answering(paths);
  if (other) {
    throw new DockbookError({
      code: 'ENGINE_ERROR',
      operation: 'engine down --podman',
      target: paths.host,
      reason: 'a Podman service that dockbook did not start answers there, so its storage stays',
      hint: 'Stop that service first.',
      command: `DOCKER_HOST=${paths.host} docker version`,
    });
  }
  for (const point of mountsUnder(readFileSync('/proc/self/mountinfo', 'utf8'), paths.dir)) {
    const { failed } = await execa('umount', [point], { reject: false });
    if (failed) await execa('umount', ['--lazy', point]);
  }
  log(`removing ${paths.dir}`);
  rmSync(paths.dir, { recursive: true, force: true });
}
