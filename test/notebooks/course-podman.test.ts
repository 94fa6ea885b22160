import { beforeAll } from 'vitest';
import { seedImages } from '../../src/stack/seed.ts';
import { describeCourse } from '../support/course.ts';
import { podmanEngine } from '../support/podman.ts';

// The whole course on Podman: the project's own Podman that the suite's setup brings up (`dockbook engine up
// --podman`, DOCKBOOK_PODMAN_HOST), its base images seeded as `dockbook run` seeds them (pulled through the
// course's mirror). Every cell must pass as written: where Podman really differs, the notebook says so, and its
// ```output engine=podman block or its claim holds for Podman.
beforeAll(async () => {
  await seedImages(await podmanEngine());
}, 300_000);

describeCourse({ label: 'podman', engine: () => podmanEngine() });
