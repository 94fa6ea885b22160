import type Docker from 'dockerode';

/** Podman's list fails when an image it is reading goes away meanwhile (another session removed it). */
const VANISHED_DURING_LIST = /image not known/i;

/** How many times a list is asked again after such a failure, and how long to wait before each. */
const RETRIES = 5;
const BACKOFF_MS = 50;

/**
 * `GET /images/json`, asked again when the engine failed it only because an image vanished while it was being listed.
 * Podman 4.3 reads every image to answer (`checking if image "X" is dangling: reading image "Y": image not known`),
 * so a removal by another session at that moment fails the whole list, though nothing about the images asked for is
 * wrong. Docker lists from its store and never answers so. Any other failure, and the last one, is thrown as is.
 *
 * @example
 * const images = await listImagesSettled(ctx.docker, { all: true, abortSignal });
 */
export async function listImagesSettled(
  docker: Docker,
  options: Docker.ListImagesOptions,
): Promise<Docker.ImageInfo[]> {
  for (let attempt = 0; ; attempt++) {
    try {
      return await docker.listImages(options as object);
    } catch (error) {
      const message = String((error as { message?: unknown }).message ?? '');
      if (attempt >= RETRIES || !VANISHED_DURING_LIST.test(message) || options.abortSignal?.aborted) throw error;
      await new Promise((resolve) => setTimeout(resolve, BACKOFF_MS * (attempt + 1)));
    }
  }
}
