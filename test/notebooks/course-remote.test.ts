import { afterAll, beforeAll } from 'vitest';
import { seedImages } from '../../src/stack/seed.ts';
import { describeCourse } from '../support/course.ts';
import { remoteEngine, type RemoteEngine } from '../support/remote-engine.ts';

// The whole course on a remote engine: a dockerd of this file's own in a network namespace, reached at its own
// address over TCP with TLS (test/support/remote-engine.ts), its base images seeded as `dockbook run` seeds them
// (pulled through the course's mirror). The kernels get DOCKER_HOST, DOCKER_TLS_VERIFY and DOCKER_CERT_PATH, as a
// learner's would; every cell must pass as it does locally.
let remote: RemoteEngine | undefined;

beforeAll(async () => {
  remote = await remoteEngine();
  await seedImages(await remote.connect());
}, 300_000);

afterAll(async () => {
  await remote?.dispose();
}, 120_000);

describeCourse({ label: 'remote', engine: () => remote!.connect(), env: () => remote!.env });
