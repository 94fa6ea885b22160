import { describe, expect, it } from 'vitest';
import { listCommand } from '../../src/containers/ps.ts';
import { dockerState } from '../../src/containers/value.ts';

// What Podman (4.3) answers, in Docker's words: the ps COMMAND column and a container's state.
describe("Docker's words for Podman's values", () => {
  it.each([
    // Docker's list: sh -c 'sleep 600'; Podman's: sh -c sleep 600. Both inspects: Path sh, Args [-c, sleep 600].
    ['sh', ['-c', 'sleep 600'], "sh -c 'sleep 600'"],
    ['sleep', ['600'], 'sleep 600'],
    ['node', [], 'node'],
    ['docker-entrypoint.sh', ['node', 'server.js'], 'docker-entrypoint.sh node server.js'],
  ])('the command of Path %s and Args %j is %s, as Docker lists it', (path, args, command) => {
    expect(listCommand(path, args)).toBe(command);
  });

  it.each([
    ['stopped', 'exited'],
    ['stopping', 'running'],
    ['exited', 'exited'],
    ['running', 'running'],
    ['created', 'created'],
    ['paused', 'paused'],
  ])('state %s is %s', (podman, docker) => {
    expect(dockerState(podman)).toBe(docker);
  });
});
