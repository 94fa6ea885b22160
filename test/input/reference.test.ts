import { describe, expect, it } from 'vitest';
import { familiarRef, parseImageRef } from '../../src/input/reference.ts';

describe('familiarRef: a name as the docker CLI shows it (FamiliarString)', () => {
  it.each([
    // Podman's answers (4.3): RepoTags, RepoDigests, a container's Image, rmi's Untagged.
    ['docker.io/library/busybox:latest', 'busybox:latest'],
    ['docker.io/library/app-d13f69e5:latest', 'app-d13f69e5:latest'],
    ['docker.io/library/busybox@sha256:' + 'a'.repeat(64), 'busybox@sha256:' + 'a'.repeat(64)],
    ['docker.io/team/app:v1', 'team/app:v1'],
    // An official name has no further path: library/ stays where one follows, as Docker's rule has it.
    ['docker.io/library/team/app:v1', 'library/team/app:v1'],
    // Docker's own answers are familiar already; other registries' names, Podman's localhost/ included, stay.
    ['busybox:latest', 'busybox:latest'],
    ['127.0.0.1:5000/library/busybox:1.35.0', '127.0.0.1:5000/library/busybox:1.35.0'],
    ['localhost/probe-local:v1', 'localhost/probe-local:v1'],
    ['localhost:5000/app:v1', 'localhost:5000/app:v1'],
    ['docker.io.example.com/app:v1', 'docker.io.example.com/app:v1'],
    ['<none>:<none>', '<none>:<none>'],
  ])('%s → %s', (given, familiar) => {
    expect(familiarRef(given)).toBe(familiar);
  });

  it('is the name the engine resolves the same: parsing the familiar one gives back the full one', () => {
    expect(parseImageRef(familiarRef('docker.io/library/busybox:latest')).full).toBe('busybox:latest');
  });
});
