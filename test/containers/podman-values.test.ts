import { describe, expect, it } from 'vitest';
import { listCommand, listPorts } from '../../src/containers/ps.ts';
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

  // Podman's list names only published ports, without an address, and keeps them for a stopped container; its
  // inspect's NetworkSettings.Ports is Docker's, but for the empty address of a port published on every one.
  it.each([
    ['an exposed port that is not published', true, { '80/tcp': null }, [{ PrivatePort: 80, Type: 'tcp' }]],
    [
      'a port published on every address',
      true,
      { '80/tcp': [{ HostIp: '', HostPort: '40767' }] },
      [{ IP: '0.0.0.0', PrivatePort: 80, PublicPort: 40767, Type: 'tcp' }],
    ],
    [
      'a port published on one address, and a udp one exposed',
      true,
      { '53/udp': [], '80/tcp': [{ HostIp: '127.0.0.1', HostPort: '3000' }] },
      [
        { PrivatePort: 53, Type: 'udp' },
        { IP: '127.0.0.1', PrivatePort: 80, PublicPort: 3000, Type: 'tcp' },
      ],
    ],
    ['the ports of a container that is not running', false, { '80/tcp': [{ HostIp: '', HostPort: '40767' }] }, []],
    ['no ports', true, undefined, []],
  ])('%s, as Docker lists them', (_what, running, ports, expected) => {
    expect(listPorts(running, ports)).toEqual(expected);
  });
});
