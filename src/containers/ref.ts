import type { ContainerRef } from '../core/resolve.ts';
import { shortId } from '../display/ids.ts';

/**
 * How a container ref reads in messages and docker commands: a string as given, a value with a
 * name by its name, anything else by its short ID.
 *
 * @example
 * refText(await inspect(ctx, 'web')) // 'web'
 */
export function refText(ref: ContainerRef): string {
  if (typeof ref === 'string') return ref;
  const name = (ref as { name?: unknown }).name;
  return typeof name === 'string' && name ? name : shortId(ref.id);
}

/**
 * The error target for a container ref.
 *
 * @example
 * containerTarget('web') // 'container "web"'
 */
export function containerTarget(ref: ContainerRef): string {
  return `container "${refText(ref)}"`;
}
