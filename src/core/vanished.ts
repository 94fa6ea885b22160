import type Docker from 'dockerode';

// Podman 4.3 answers an image list, and an image inspect, by reading other images too: every image for a list (is it
// dangling, what is its parent), the images on the same layers for an inspect (its parent). An image that another
// session removes in that moment fails the whole answer, though nothing is wrong with what was asked for:
//   list:    checking if image "A" is dangling: reading image "B": image not known
//            retrieving parent of image "A": …: reading image "B": locating image with ID "B": image not known
//   inspect: failed to convert ImageData to ImageInspect 'web:v1': reading image "B": locating image with ID "B": …
//            … reading data blob size "sha256:…" for "B": size is not known
//            … locating item named "manifest" for image with ID "B" (…): file does not exist
// Docker answers both from its own store and never fails so. Podman's history, image tree, tag, rmi, prune and
// container create were seen not to (thousands of calls each while another loop made and removed images).

/** Podman's words for an image that was gone by the time it read it. */
const GONE = /image not known|size is not known|file does not exist/i;
/** Where those words name the image read: `reading image "ID"`, `image with ID "ID"`, `… for "ID": size …`. */
const NAMED = /(?:reading image|image with ID|for) "(?:sha256:)?([0-9a-f]{12,64})"/gi;

/** How many times a call is made again after such a failure, and how long to wait before each (50 ms, 100 ms, …). */
export const VANISHED_RETRIES = 5;
const BACKOFF_MS = 50;

const messageOf = (error: unknown): string => String((error as { message?: unknown } | undefined)?.message ?? '');
/** An image ID or ID prefix without `sha256:`, or undefined for a name. */
const hexOf = (ref: string): string | undefined => /^(?:sha256:)?([0-9a-f]{12,64})$/.exec(ref)?.[1];

/**
 * The IDs of the images an engine's failure says went away while it was reading them (Podman's words, above), without
 * `sha256:`; empty for any other failure, including a plain "no such image" for what was asked for.
 *
 * @example
 * vanishedImages(new Error('checking if image "3f2a…" is dangling: reading image "9c1b…": image not known'));
 * // ['9c1b…']
 */
export function vanishedImages(error: unknown): string[] {
  const message = messageOf(error);
  if (!GONE.test(message)) return [];
  return [...new Set([...message.matchAll(NAMED)].map((match) => match[1]!.toLowerCase()))];
}

/**
 * Whether a failure came only from another image vanishing while the engine read it: it names a vanished image, and
 * none of those it names is `asked` (an image ID or ID prefix; a name cannot be compared, and a list asks for none).
 * When the image asked for is itself gone, Podman says so without an ID (`no such image`, `failed to find image`):
 * that is not this failure.
 *
 * @example
 * vanishedMeanwhile(error, 'sha256:3f2a…'); // true when the error names only other images as gone
 */
export function vanishedMeanwhile(error: unknown, asked?: string): boolean {
  const gone = vanishedImages(error);
  if (gone.length === 0) return false;
  const own = asked === undefined ? undefined : hexOf(asked);
  return own === undefined || !gone.some((id) => id.startsWith(own) || own.startsWith(id));
}

/** The settle options: the image asked for (never retried for) and the signal that stops the retries. */
export interface SettleOptions {
  /** The image the call asks about, as given to the engine: a failure naming it as gone is thrown at once. */
  asked?: string;
  /** When aborted, the last failure is thrown without another try. */
  signal?: AbortSignal;
}

/**
 * Runs `work`, and runs it again (up to 5 times, waiting 50 ms, 100 ms, … before each) while it fails only because
 * another image vanished meanwhile (vanishedMeanwhile). Any other failure, one naming `asked` as gone, the last one,
 * or one after `signal` aborted is thrown as is.
 *
 * @example
 * const raw = await settleVanished(() => docker.getImage('web:v1').inspect(), { asked: 'web:v1', signal });
 */
export async function settleVanished<T>(work: () => Promise<T>, options: SettleOptions = {}): Promise<T> {
  for (let attempt = 0; ; attempt++) {
    try {
      return await work();
    } catch (error) {
      if (attempt >= VANISHED_RETRIES || options.signal?.aborted || !vanishedMeanwhile(error, options.asked)) {
        throw error;
      }
      await new Promise((resolve) => setTimeout(resolve, BACKOFF_MS * (attempt + 1)));
    }
  }
}

/**
 * `GET /images/{ref}/json` (dockerode's inspect), asked again while Podman fails it only because another image
 * vanished during it (settleVanished). An image that is itself not there fails at once, as before.
 *
 * @example
 * const raw = await inspectImageSettled(ctx.docker, 'busybox:latest', { signal });
 * raw.Id; // 'sha256:…'
 */
export function inspectImageSettled(
  docker: Docker,
  ref: string,
  options: { signal?: AbortSignal } = {},
): Promise<Docker.ImageInspectInfo> {
  return settleVanished(() => docker.getImage(ref).inspect(), { asked: ref, ...options });
}
