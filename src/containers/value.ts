import { inspect } from 'node:util';
import type Docker from 'dockerode';
import { shortId } from '../display/ids.ts';

/** What a Container is built from. */
export interface ContainerInit {
  id: string;
  name: string;
  /** The image as it was asked for (`node`, `busybox:latest`, an ID). */
  image: string;
  imageId?: string;
  /** `created`, `running`, `exited`, … */
  state?: string;
}

/**
 * A container, as every operation returns and accepts it (it works wherever a name or ID does).
 *
 * @example
 * const web = new Container({ id: '3f2a1c9d8e7b…', name: '/web', image: 'node' });
 * `${web}` // 'container web (3f2a1c9d8e7b) from node'
 */
export class Container {
  readonly id: string;
  readonly shortId: string;
  readonly name: string;
  readonly image: string;
  readonly imageId: string | undefined;
  readonly state: string | undefined;

  constructor({ id, name, image, imageId, state }: ContainerInit) {
    this.id = id;
    this.shortId = shortId(id);
    this.name = name.replace(/^\//, '');
    this.image = image;
    this.imageId = imageId;
    this.state = state;
  }

  toString(): string {
    return `container ${this.name} (${this.shortId}) from ${this.image}`;
  }

  [inspect.custom](): string {
    return this.toString();
  }
}

/**
 * The Container value of an engine inspect answer.
 *
 * @example
 * toContainer(await ctx.docker.getContainer('web').inspect()).toString() // 'container web (3f2a1c9d8e7b) from node'
 */
export function toContainer(info: Docker.ContainerInspectInfo): Container {
  return new Container({ id: info.Id, name: info.Name, image: info.Config.Image, imageId: info.Image, state: info.State.Status });
}
