import type Docker from 'dockerode';
import type { Context } from '../../src/core/context.ts';

let counter = 0;

/** A container name unique to this session and test file. */
export function uniqueName(ctx: Context, prefix = 'c'): string {
  counter += 1;
  return `${prefix}-${ctx.session}-${process.pid}-${counter}`;
}

export interface TestContainerOptions {
  name?: string;
  image?: string;
  /** Start it after creating. Default true. */
  start?: boolean;
  /** Wait until it exits (after starting). Default false. */
  exited?: boolean;
  /** Extra engine create options (Tty, Env, ExposedPorts, HostConfig, …). */
  create?: Partial<Docker.ContainerCreateOptions>;
}

/**
 * Creates a labelled container straight through dockerode (a busybox `sh -c` command by
 * default) and starts it, so these tests do not depend on the library's own run/create.
 */
export async function testContainer(
  ctx: Context,
  command: string | string[],
  options: TestContainerOptions = {},
): Promise<{ id: string; name: string }> {
  const { name = uniqueName(ctx), image = 'busybox', start = true, exited = false, create = {} } = options;
  const container = await ctx.docker.createContainer({
    name,
    Image: image,
    Cmd: typeof command === 'string' ? ['sh', '-c', command] : command,
    Labels: ctx.labels,
    ...create,
  });
  if (start) await container.start();
  if (start && exited) await container.wait();
  return { id: container.id, name };
}

/** Whether a container still exists, and whether it runs. */
export async function stateOf(ctx: Context, id: string): Promise<'missing' | 'running' | 'stopped'> {
  try {
    return (await ctx.docker.getContainer(id).inspect()).State.Running ? 'running' : 'stopped';
  } catch {
    return 'missing';
  }
}
