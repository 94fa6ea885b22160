import { inspect } from 'node:util';
import type Docker from 'dockerode';
import { shortId } from '../display/ids.ts';
import { familiarRef } from '../input/reference.ts';
import { hasFields, string } from '../validate/shape.ts';
import { checkArgs, signature } from '../validate/signature.ts';

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
 * A container's state in Docker's words. Podman (4.3) has two states Docker has not: `stopped`, a container that exited
 * and whose clean-up has not run yet (for a moment after every exit), which Docker calls `exited`; and `stopping`, one
 * a stop is ending, which for Docker is still `running` until it exits.
 *
 * @example
 * dockerState('stopped') // 'exited'
 */
export function dockerState(state: string): string {
  return state === 'stopped' ? 'exited' : state === 'stopping' ? 'running' : state;
}

/** What toContainer() takes (an engine inspect answer; the fields a Container keeps), checked at its entry. */
export const TO_CONTAINER_SIGNATURE = signature({
  operation: 'toContainer',
  ctx: false,
  params: [
    {
      name: 'info',
      shape: hasFields(
        {
          Id: string,
          Name: string,
          Image: string,
          Config: hasFields({ Image: string }, 'a config { Image }'),
          State: hasFields({ Status: string }, 'a state { Status }'),
        },
        'a container inspect answer (await ctx.docker.getContainer(id).inspect())',
      ),
      example: {
        Id: 'f'.repeat(64),
        Name: '/web',
        Image: `sha256:${'e'.repeat(64)}`,
        Config: { Image: 'node' },
        State: { Status: 'running' },
      },
    },
  ],
  command: 'docker container inspect CONTAINER',
});

/**
 * The Container value of an engine inspect answer.
 *
 * @example
 * toContainer(await ctx.docker.getContainer('web').inspect()).toString() // 'container web (3f2a1c9d8e7b) from node'
 */
export function toContainer(info: Docker.ContainerInspectInfo): Container {
  checkArgs(TO_CONTAINER_SIGNATURE, arguments);
  return new Container({
    id: info.Id,
    name: info.Name,
    image: familiarRef(info.Config.Image),
    imageId: info.Image,
    state: dockerState(info.State.Status),
  });
}
