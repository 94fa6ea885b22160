import type Docker from 'dockerode';
import { describe, expect, it } from 'vitest';
import { listImagesSettled } from '../../src/core/list-images.ts';

/** A client whose list fails with each of `failures` in turn, then answers `images`; it counts its calls. */
function flaky(failures: string[], images: Docker.ImageInfo[] = []) {
  let calls = 0;
  const docker = {
    listImages: async () => {
      const failure = failures[calls++];
      if (failure !== undefined) throw Object.assign(new Error(failure), { statusCode: 500 });
      return images;
    },
  } as unknown as Docker;
  return { docker, calls: () => calls };
}

// Podman 4.3's words when an image it was reading for the list was removed meanwhile by another session.
const VANISHED =
  `(HTTP code 500) server error - checking if image "${'3f2a'.repeat(16)}" is dangling: ` +
  `reading image "${'9c1b'.repeat(16)}": image not known`;

describe('listImagesSettled', () => {
  it('asks again when an image vanished during the list, and answers the list', async () => {
    const image = { Id: 'sha256:' + 'a'.repeat(64) } as Docker.ImageInfo;
    const client = flaky([VANISHED, VANISHED], [image]);
    expect(await listImagesSettled(client.docker, { all: true })).toEqual([image]);
    expect(client.calls()).toBe(3);
  });

  it('throws any other failure at once, and the same failure after five more tries', async () => {
    const refused = flaky(['(HTTP code 500) server error - database is locked']);
    await expect(listImagesSettled(refused.docker, {})).rejects.toThrow('database is locked');
    expect(refused.calls()).toBe(1);
    const gone = flaky(Array(10).fill(VANISHED));
    await expect(listImagesSettled(gone.docker, {})).rejects.toThrow('image not known');
    expect(gone.calls()).toBe(6);
  });
});
