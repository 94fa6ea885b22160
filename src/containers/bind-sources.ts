import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import type Docker from 'dockerode';
import { isLoopbackHost } from '../core/connect.ts';
import type { Context } from '../core/context.ts';
import { DockbookError } from '../errors.ts';

/*
 * A bind mount's host path is a path on the engine's machine: the engine mounts what it finds
 * there, and `-v` creates an empty folder where it finds nothing. On a local engine that is this
 * machine. On a remote one (reached over TCP or SSH at an address that is not loopback) a folder
 * of this machine is mounted only when the engine's machine has the same path (a shared
 * filesystem, or the same machine under another address); otherwise the container would quietly
 * get an empty folder. So, for a remote engine, a bind source that exists here is first looked
 * for on the engine's side, and a path only this machine has fails, saying which side is which.
 * A path this machine lacks is the engine machine's business, as with the CLI.
 *
 * | engine | source here | on the engine's machine | dockbook                       | docker CLI                 |
 * |--------|-------------|-------------------------|--------------------------------|----------------------------|
 * | local  | (one machine: this one)               | mounts it                      | same                       |
 * | remote | yes         | yes                     | mounts the engine's            | same                       |
 * | remote | yes         | no                      | NOT_FOUND, naming both sides   | mounts a new empty folder  |
 * | remote | no          | yes, or no              | as the CLI                     | the engine's, or a new one |
 */

/**
 * Whether the engine's machine has `path`, asked without making anything: a create of an image that
 * does not exist, with `path` as a bind mount, which the engine validates first (`bind source path does not
 * exist`) and then refuses for the image. Undefined when its answer says neither.
 */
async function engineHasPath(docker: Docker, path: string, signal: AbortSignal): Promise<boolean | undefined> {
  const image = `dockbook-bind-probe:absent-${randomBytes(6).toString('hex')}`;
  try {
    const made = await docker.createContainer({
      Image: image,
      HostConfig: { Mounts: [{ Type: 'bind', Source: path, Target: '/dockbook-probe', ReadOnly: true }] },
      abortSignal: signal,
    } as Docker.ContainerCreateOptions);
    await made.remove({ force: true }).catch(() => undefined);
    return true;
  } catch (error) {
    const message = String((error as { json?: { message?: string } }).json?.message ?? (error as Error).message);
    if (/bind source path does not exist/i.test(message)) return false;
    if (/no such image/i.test(message)) return true;
    return undefined;
  }
}

/**
 * For a remote engine, fails with NOT_FOUND when a bind mount's source is a path of this machine that the
 * engine's machine does not have (see the table above); a local engine is not asked anything.
 */
export async function checkBindSources(
  ctx: Context,
  sources: string[],
  operation: string,
  command: string,
  signal: AbortSignal,
): Promise<void> {
  if (isLoopbackHost(ctx.engine.publishHost)) return;
  for (const source of sources) {
    if (!existsSync(source) || (await engineHasPath(ctx.docker, source, signal)) !== false) continue;
    throw new DockbookError({
      code: 'NOT_FOUND',
      operation,
      target: `bind mount ${source}`,
      reason:
        `${source} is on this machine, and the engine at ${ctx.engine.endpoint.host} runs on another one, ` +
        `which has no such path: a bind mount's host path is a path on the engine's machine`,
      hint:
        "Mount a path the engine's machine has, or copy the files into a volume or the container instead (cp), " +
        'or use an engine on this machine.',
      command,
    });
  }
}
