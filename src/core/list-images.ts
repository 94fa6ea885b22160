import type Docker from 'dockerode';
import { settleVanished } from './vanished.ts';

/**
 * `GET /images/json`, asked again when the engine failed it only because an image vanished while it was being listed.
 * Podman 4.3 reads every image to answer (`checking if image "X" is dangling: reading image "Y": image not known`),
 * so a removal by another session at that moment fails the whole list, though nothing about the images asked for is
 * wrong. Docker lists from its store and never answers so. Any other failure, and the last one, is thrown as is
 * (settleVanished: up to 5 more tries, backing off).
 *
 * @example
 * const images = await listImagesSettled(ctx.docker, { all: true, abortSignal });
 */
export function listImagesSettled(docker: Docker, options: Docker.ListImagesOptions): Promise<Docker.ImageInfo[]> {
  return settleVanished(() => docker.listImages(options as object), { signal: options.abortSignal });
}
