import { describe, expect, it } from 'vitest';
import { settleVanished, vanishedImages, vanishedMeanwhile } from '../../src/core/vanished.ts';

const A = '3f2a1c9d8e7b'.repeat(5) + '3f2a';
const B = '9c1b4d5e6f70'.repeat(5) + '9c1b';
const failure = (message: string) =>
  Object.assign(new Error(`(HTTP code 500) server error - ${message}`), {
    statusCode: 500,
  });

// Podman 4.3.1's words, as it answered an inspect or a list of image A while another loop removed image B.
const INSPECT = "failed to convert ImageData to ImageInspect 'web:v1': ";
const VANISHED = [
  `${INSPECT}reading image "${B}": locating image with ID "${B}": image not known`,
  `${INSPECT}locating image with ID "${B}": image not known`,
  `${INSPECT}reading data blob size "sha256:${'0'.repeat(64)}" for "${B}": size is not known`,
  `${INSPECT}reading data blob size "signature-${'1'.repeat(64)}" for "${B}": size is not known`,
  `${INSPECT}locating item named "manifest" for image with ID "${B}" (consider removing the image to resolve ` +
    'the issue): file does not exist',
  `checking if image "${A}" is dangling: reading image "${B}": image not known`,
  `retrieving parent of image "${A}": you may need to remove the image to resolve the error: reading image "${B}": ` +
    `locating image with ID "${B}": image not known`,
];

// Podman's words for an image asked for that is not there: no other image is named.
const ABSENT = [
  'failed to find image web:v1: docker.io/library/web:v1: No such image',
  'failed to find image docker.io/library/web:v1: docker.io/library/web:v1: image not known',
  `failed to find image sha256:${B}: docker.io/library/sha256:${B}: No such image`,
  'no such image: docker.io/library/web:v1: image not known',
];

describe('vanishedImages', () => {
  it.each(VANISHED)('names the image that went away: %s', (message) => {
    expect(vanishedImages(failure(message))).toEqual([B]);
  });

  it.each([...ABSENT, 'database is locked', `reading image "${B}": permission denied`])(
    'names none for any other failure: %s',
    (message) => expect(vanishedImages(failure(message))).toEqual([]),
  );

  it('reads anything thrown', () => {
    expect(vanishedImages(undefined)).toEqual([]);
    expect(vanishedImages('image not known')).toEqual([]);
  });
});

describe('vanishedMeanwhile', () => {
  it('is true when only another image went away, whatever was asked for', () => {
    const error = failure(VANISHED[0]!);
    expect(vanishedMeanwhile(error)).toBe(true);
    expect(vanishedMeanwhile(error, 'web:v1')).toBe(true);
    expect(vanishedMeanwhile(error, `sha256:${A}`)).toBe(true);
  });

  it('is false when the image asked for (its ID, or a prefix of it) is the one gone', () => {
    const error = failure(VANISHED[0]!);
    expect(vanishedMeanwhile(error, `sha256:${B}`)).toBe(false);
    expect(vanishedMeanwhile(error, B)).toBe(false);
    expect(vanishedMeanwhile(error, B.slice(0, 12))).toBe(false);
  });
});

describe('settleVanished', () => {
  /** Work that fails with each of `failures` in turn, then answers 'ok'; it counts its calls. */
  function flaky(failures: string[]) {
    let calls = 0;
    const work = async () => {
      const message = failures[calls++];
      if (message !== undefined) throw failure(message);
      return 'ok';
    };
    return { work, calls: () => calls };
  }

  it('asks again while another image went away, then answers', async () => {
    const client = flaky([VANISHED[0]!, VANISHED[2]!, VANISHED[4]!]);
    expect(await settleVanished(client.work, { asked: 'web:v1' })).toBe('ok');
    expect(client.calls()).toBe(4);
  });

  it('throws at once when the image asked for is not there, or the failure is another', async () => {
    for (const message of [...ABSENT, 'database is locked']) {
      const client = flaky([message]);
      await expect(settleVanished(client.work, { asked: 'web:v1' })).rejects.toThrow(message);
      expect(client.calls()).toBe(1);
    }
    const own = flaky([VANISHED[0]!]);
    await expect(settleVanished(own.work, { asked: `sha256:${B}` })).rejects.toThrow('image not known');
    expect(own.calls()).toBe(1);
  });

  it('gives up after five more tries, and at once when its signal aborted', async () => {
    const gone = flaky(Array(10).fill(VANISHED[1]!));
    await expect(settleVanished(gone.work)).rejects.toThrow('image not known');
    expect(gone.calls()).toBe(6);
    const aborted = flaky(Array(10).fill(VANISHED[1]!));
    await expect(settleVanished(aborted.work, { signal: AbortSignal.abort() })).rejects.toThrow('image not known');
    expect(aborted.calls()).toBe(1);
  });
});
