import type Docker from 'dockerode';
import { engineCall, type CallOptions } from '../core/call.ts';
import { resolveContainer, type ContainerRef } from '../core/resolve.ts';
import { printable, type Printable } from '../display/printable.ts';
import type { Context } from '../core/context.ts';
import { containerTarget, refText } from './ref.ts';
import { anyOf, arrayOf, boolean } from '../validate/shape.ts';
import { CALL_OPTIONS, checkArgs, containerRef, signature } from '../validate/signature.ts';

export interface RmOptions extends CallOptions {
  /** `-f`: stop (kill) a running container and remove it. Default false: a running one is refused. */
  force?: boolean;
  /** `-v`: remove its anonymous volumes too. Default false: they stay, and session cleanup removes them. */
  volumes?: boolean;
}

export interface RmResult {
  /** The names of the removed containers, in the order given. */
  removed: string[];
}

const ANONYMOUS = /^[0-9a-f]{64}$/;

/** The anonymous volumes a container mounts (engine-named: 64 hex characters). */
export function anonymousVolumes(info: Docker.ContainerInspectInfo): string[] {
  return info.Mounts.filter((m) => m.Type === 'volume' && m.Name && ANONYMOUS.test(m.Name)).map((m) => m.Name!);
}

/** What rm() takes, checked at its entry. */
export const RM_SIGNATURE = signature({
  operation: 'rm',
  ctx: true,
  params: [
    {
      name: 'refs',
      shape: anyOf([containerRef, arrayOf(containerRef)], 'a container (name, ID or Container) or an array of them'),
      example: 'web',
    },
  ],
  options: { ...CALL_OPTIONS, force: boolean, volumes: boolean },
  command: 'docker rm [OPTIONS] CONTAINER [CONTAINER...]',
  flags: { force: '--force', volumes: '--volumes' },
});

/**
 * Removes one or several containers, as `docker rm a b c`. A running container is refused
 * (CONFLICT_RUNNING, and it keeps running) unless `force`. Every name is resolved first, so an
 * unknown one removes nothing; then each is removed in turn and the first failure is thrown
 * after the others were tried, as the CLI does. Without `volumes`, the anonymous volumes left
 * behind are recorded for session cleanup.
 *
 * @example
 * await rm(ctx, ['web', 'db']);            // docker rm web db
 * await rm(ctx, 'web', { force: true });   // docker rm -f web
 */
export async function rm(
  ctx: Context,
  refs: ContainerRef | ContainerRef[],
  options: RmOptions = {},
): Promise<Printable<RmResult>> {
  checkArgs(RM_SIGNATURE, arguments);
  const { force = false, volumes = false } = options;
  const list = Array.isArray(refs) ? refs : [refs];
  const flags = `${force ? ' -f' : ''}${volumes ? ' -v' : ''}`;
  const meta = (ref: ContainerRef, command: string) => ({
    operation: 'rm',
    target: containerTarget(ref),
    command,
    hints: { CONFLICT_RUNNING: `Stop it first, or rm(${JSON.stringify(refText(ref))}, { force: true })` },
  });
  const found: Docker.ContainerInspectInfo[] = [];
  for (const ref of list) {
    const id = await resolveContainer(ctx, ref, 'rm', options);
    found.push(
      await engineCall(options, ctx.timeoutMs, meta(ref, `docker rm${flags} ${refText(ref)}`), (signal) =>
        ctx.docker.getContainer(id).inspect({ abortSignal: signal }),
      ),
    );
  }
  const removed: string[] = [];
  const failures: unknown[] = [];
  for (const [i, ref] of list.entries()) {
    const info = found[i]!;
    // A running container's advice is the forced command.
    const command = `docker rm${info.State.Running && !force ? ' -f' : ''}${flags} ${refText(ref)}`;
    try {
      await engineCall(options, ctx.timeoutMs, meta(ref, command), (signal) =>
        ctx.docker
          .getContainer(info.Id)
          .remove({ force, v: volumes, abortSignal: signal } as Docker.ContainerRemoveOptions),
      );
      if (!volumes) for (const volume of anonymousVolumes(info)) ctx.orphanVolumes.add(volume);
      removed.push(refText(ref));
    } catch (error) {
      failures.push(error);
    }
  }
  if (failures.length) throw failures[0];
  return printable({ removed }, (r) => `removed ${r.removed.join(', ')}`);
}
