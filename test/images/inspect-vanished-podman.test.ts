import { beforeAll, describe, expect, it, vi } from 'vitest';
import { create } from '../../src/containers/run.ts';
import { cli } from '../../src/docker-cli.ts';
import { isDockbookError } from '../../src/errors.ts';
import { inspectImage } from '../../src/images/inspect.ts';
import { images } from '../../src/images/list.ts';
import { tag } from '../../src/images/tag.ts';
import { usePodmanContext } from '../support/podman.ts';

// Podman 4.3 answers an image inspect by reading the images on the same layers too (and a list by reading every
// image): another session removing one of them at that moment failed the inspect with `… reading image "B": locating
// image with ID "B": image not known` (500), though the image asked for was there all along. Here a loop commits and
// removes images on the inspected image's layers, as another session's builds and cleanups do, while the library
// inspects it: before inspectImage asked again, about 1 inspect in 12 failed so.
const t = usePodmanContext('images-inspect-vanished');

const INSPECTS = 300;

/** Commits the container again and again, each image removed at once, until stopped; resolves to how many it made. */
function churn(commit: (name: string, changes: string[]) => Promise<unknown>): { stop: () => Promise<number> } {
  let churning = true;
  const done = (async () => {
    let made = 0;
    while (churning) {
      const { Id } = (await commit(`churn${made}`, [`LABEL churn=${made}`])) as { Id: string };
      await t.ctx.docker.getImage(Id).remove({ force: true });
      made++;
    }
    return made;
  })();
  return {
    stop: () => {
      churning = false;
      return done;
    },
  };
}

describe('image inspect on Podman while another session removes images', () => {
  let ref: string;
  let commit: (name: string, changes: string[]) => Promise<unknown>;

  beforeAll(async () => {
    const container = (await create(t.ctx, 'busybox', 'true')).id;
    const labels = Object.entries(t.ctx.labels).map(([key, value]) => `LABEL ${key}=${value}`);
    ref = `vanish-${t.ctx.session}:static`;
    // Commits of the same container share the static image's layers: the images Podman reads for its parent.
    commit = (name, changes) =>
      t.ctx.docker
        .getContainer(container)
        .commit({ repo: `vanish-${t.ctx.session}`, tag: name, changes: [...labels, ...changes] });
    await commit('static', []);
  });

  it('inspectImage of an image that stays answers every time', async () => {
    const other = churn(commit);
    const failures: string[] = [];
    try {
      for (let i = 0; i < INSPECTS; i++) {
        await inspectImage(t.ctx, ref).catch((error: Error) => failures.push(error.message));
      }
    } finally {
      const made = await other.stop();
      console.log(`${INSPECTS} inspects while ${made} images were made and removed: ${failures.length} failed`);
      expect(made).toBeGreaterThan(20);
    }
    expect(failures).toEqual([]);
  });

  it('tag (which inspects what it made) and images() with a filter answer too', async () => {
    const other = churn(commit);
    const failures: string[] = [];
    try {
      for (let i = 0; i < 100; i++) {
        await tag(t.ctx, ref, `vanish-${t.ctx.session}:copy${i % 3}`).catch((e: Error) => failures.push(e.message));
        await images(t.ctx, { reference: `vanish-${t.ctx.session}` }).catch((e: Error) => failures.push(e.message));
      }
    } finally {
      const made = await other.stop();
      console.log(`100 tags and lists while ${made} images were made and removed: ${failures.length} failed`);
    }
    expect(failures).toEqual([]);
  });

  it('the docker CLI through the session proxy: image inspect and images --filter answer too', async () => {
    const other = churn(commit);
    const failures: string[] = [];
    const calls = [
      ['image', 'inspect', '--format', '{{.Id}}', ref],
      ['images', '--filter', `reference=vanish-${t.ctx.session}`, '--format', '{{.ID}}'],
    ];
    try {
      for (let i = 0; i < 60; i++) {
        for (const args of calls) {
          const result = await cli(t.ctx, args, { reject: false });
          if (result.exitCode !== 0) failures.push(result.stderr);
        }
      }
    } finally {
      const made = await other.stop();
      console.log(`120 docker CLI reads while ${made} images were made and removed: ${failures.length} failed`);
    }
    expect(failures).toEqual([]);
  });

  it('the docker CLI still says at once that an image is not there', async () => {
    const result = await cli(t.ctx, ['image', 'inspect', `vanish-${t.ctx.session}:never`], { reject: false });
    expect(result.exitCode).toBe(1);
    expect(result.stderr).toMatch(/no such image/i);
  });

  it('an image that is not there still fails at once, NOT_FOUND, without asking again', async () => {
    const getImage = vi.spyOn(t.ctx.docker, 'getImage');
    try {
      const error = await inspectImage(t.ctx, `vanish-${t.ctx.session}:never`).catch((e: unknown) => e);
      expect(isDockbookError(error) && error.code).toBe('NOT_FOUND');
      expect(getImage).toHaveBeenCalledTimes(1);
    } finally {
      getImage.mockRestore();
    }
  });
});
