import { describe, expect, it } from 'vitest';
import { classify, classifyCode, classifyMessage, daemonMessage } from '../../src/core/classify.ts';

const engine = (statusCode: number, message: string) => ({
  statusCode,
  json: { message },
  message: `(HTTP code ${statusCode}) unexpected - ${message}`,
});

describe('classify', () => {
  it.each([
    [
      409,
      'You cannot remove a running container abc. Stop the container before attempting removal or force remove',
      'CONFLICT_RUNNING',
    ],
    [
      409,
      'conflict: unable to remove repository reference "app" (must force) - container abc is using its referenced ' +
        'image def',
      'IMAGE_IN_USE',
    ],
    [409, 'Conflict. The container name "/web" is already in use by container "abc".', 'NAME_IN_USE'],
    [
      500,
      'driver failed programming external connectivity on endpoint web: Bind for 0.0.0.0:3000 failed: port is ' +
        'already allocated',
      'PORT_IN_USE',
    ],
    [404, 'No such container: web', 'NOT_FOUND'],
    [500, 'Head "http://127.0.0.1:5001/v2/app/manifests/latest": no basic auth credentials', 'UNAUTHORIZED'],
    [409, 'Container abc is not running', 'NOT_RUNNING'],
    [400, 'invalid reference format', 'INVALID_ARGUMENT'],
    [500, 'something new and strange', 'ENGINE_ERROR'],
  ])('classifies HTTP %i "%s" as %s', (status, message, code) => {
    expect(classifyCode(engine(status, message))).toBe(code);
  });

  it('keeps the daemon message, the operation, the command and the cause', () => {
    const cause = engine(
      409,
      'You cannot remove a running container abc. Stop the container before attempting removal or force remove',
    );
    const error = classify(cause, {
      operation: 'rm',
      target: 'container "web"',
      command: 'docker rm web',
      hints: { CONFLICT_RUNNING: 'Stop it first, or rm("web", { force: true })' },
    });
    expect(error.message).toBe(
      '[rm] container "web": You cannot remove a running container abc. Stop the container before attempting removal ' +
        'or force remove. Stop it first, or rm("web", { force: true }) (docker rm web)',
    );
    expect(error).toMatchObject({
      code: 'CONFLICT_RUNNING',
      statusCode: 409,
      daemonMessage: cause.json.message,
      cause,
    });
  });

  it('reads the message out of a dockerode error without json', () => {
    expect(daemonMessage({ message: '(HTTP code 404) no such container - No such container: x ' })).toBe(
      'No such container: x',
    );
  });

  it('tells an unreachable engine and an abort apart from engine errors', () => {
    expect(classifyCode({ code: 'ECONNREFUSED' })).toBe('ENGINE_UNREACHABLE');
    expect(classifyCode({ name: 'TimeoutError' })).toBe('TIMEOUT');
    expect(classifyCode({ name: 'AbortError' })).toBe('ABORTED');
  });
});

/**
 * Podman 4.3.1's Docker-compatible API, each refusal provoked on it (test/core/podman-errors.test.ts provokes them
 * again when DOCKBOOK_PODMAN_HOST is set): its status and its words, and the code each must get, as Docker's does.
 */
const PODMAN: Array<[number, string, string]> = [
  [
    500,
    'container create: creating container storage: the container name "web" is already in use by ' +
      'd9f7a58cd29e81f5b72d8a89e5d00b610b62c3aa54d158ea301aa25097e10c91. You have to remove that container to be ' +
      'able to reuse that name: that name is already in use',
    'NAME_IN_USE',
  ],
  [
    500,
    'cannot remove container d9f7a58cd29e81f5b72d8a89e5d00b610b62c3aa54d158ea301aa25097e10c91 as it is running - ' +
      'running or paused containers cannot be removed without force: container state improper',
    'CONFLICT_RUNNING',
  ],
  [
    409,
    'volume feedback is being used by the following container(s): ' +
      'af837406e8353181b9937e8702de7517ea4e1e97b746cc0398e06b693487e959: volume is being used',
    'VOLUME_IN_USE',
  ],
  [
    409,
    'image busybox:latest is in use: image used by d9f7a58cd29e81f5b72d8a89e5d00b610b62c3aa54d158ea301aa25097e10c91: ' +
      'image is in use by a container: consider listing external containers and force-removing image',
    'IMAGE_IN_USE',
  ],
  [
    500,
    'unable to delete image "9041a5dd95d6d67cc10b891ccefb5d576f63551204585966cc962b69446fc857" by ID with more than ' +
      'one tag ([docker.io/library/busybox:latest docker.io/library/probe-multi:one]): please force removal',
    'IMAGE_IN_USE',
  ],
  [500, 'can only create exec sessions on running containers: container state improper', 'NOT_RUNNING'],
  [
    500,
    'can only kill running containers. af837406e8353181b9937e8702de7517ea4e1e97b746cc0398e06b693487e959 is in state ' +
      'created: container state improper',
    'NOT_RUNNING',
  ],
  [500, '"created" is not running, can\'t pause: container state improper', 'NOT_RUNNING'],
  [500, 'login attempt to localhost:5001 failed with status: 401 Unauthorized', 'UNAUTHORIZED'],
  [
    200,
    'trying to reuse blob sha256:89b82da473bf08b63f75849958614864521db662711e54c8a1b25d5ab0d4e562 at destination: ' +
      'checking whether a blob sha256:89b82da473bf08b63f75849958614864521db662711e54c8a1b25d5ab0d4e562 exists in ' +
      '127.0.0.1:5001/probe17: unauthorized: authentication required',
    'UNAUTHORIZED',
  ],
  [404, 'no container with name or ID "nonexistent-x" found: no such container', 'NOT_FOUND'],
  [404, 'failed to find image nonexistent-x: docker.io/library/nonexistent-x: No such image', 'NOT_FOUND'],
  [404, 'no such image: docker.io/library/nonexistent-x: image not known', 'NOT_FOUND'],
  [404, 'failed to find image nonexistent-x: docker.io/library/nonexistent-x: image not known', 'NOT_FOUND'],
  [404, 'volume with name nonexistent-x not found: no such volume', 'NOT_FOUND'],
  [404, 'no volume with name "nonexistent-x" found: no such volume', 'NOT_FOUND'],
  [
    200,
    'initializing source docker://127.0.0.1:5000/nonexistent-probe17:v1: reading manifest v1 in ' +
      '127.0.0.1:5000/nonexistent-probe17: manifest unknown: manifest unknown',
    'NOT_FOUND',
  ],
  [500, 'cannot listen on the TCP port: listen tcp4 :38111: bind: address already in use', 'PORT_IN_USE'],
  // A run attaches before it starts; Podman's attach prepares (creates) the container, so a start's failure is a 409.
  [
    409,
    'preparing container cc3a78a38625a082ec3d83d8ee7a1e68c1a4baf8a3ce654ae4dae04209d13419 for attach: runc: runc ' +
      'create failed: unable to start container process: exec: "/etc/passwd": permission denied: OCI permission denied',
    'ENGINE_ERROR',
  ],
  [
    500,
    'runc: runc create failed: unable to start container process: exec: "/etc/passwd": permission denied: OCI ' +
      'permission denied',
    'ENGINE_ERROR',
  ],
  [
    409,
    'preparing container 29f5f4d8e444663f5d6cb2c0dc51fb55030a00fac323940ccc3296719e657942 for attach: runc: runc ' +
      'create failed: unable to start container process: exec: "nosuchprog": executable file not found in $PATH: OCI ' +
      'runtime attempted to invoke a command that was not found',
    'NOT_FOUND',
  ],
  [
    500,
    'runc: runc create failed: unable to start container process: error during container init: error mounting ' +
      '"/tmp/pm/storage/volumes/1d0b/_data" to rootfs at "/app/node_modules": mkdir ' +
      '/tmp/pm/storage/overlay/f1a8/merged/app/node_modules: read-only file system: OCI runtime error',
    'ENGINE_ERROR',
  ],
  [
    500,
    'container create: running container create option: names must match [a-zA-Z0-9][a-zA-Z0-9_.-]*: invalid argument',
    'INVALID_ARGUMENT',
  ],
];

/** Docker 20.10's words for the same refusals, provoked on the shared engine. */
const DOCKER: Array<[number, string, string]> = [
  [
    409,
    'Conflict. The container name "/probe17-a" is already in use by container ' +
      '"ea6c598e065181a28ee3e3185c86b68a262379903bb2be08f644d2a844586c07". You have to remove (or rename) that ' +
      'container to be able to reuse that name.',
    'NAME_IN_USE',
  ],
  [
    409,
    'You cannot remove a running container ea6c598e065181a28ee3e3185c86b68a262379903bb2be08f644d2a844586c07. Stop ' +
      'the container before attempting removal or force remove',
    'CONFLICT_RUNNING',
  ],
  [
    409,
    'remove probe17-v: volume is in use - [a1781e552151c0933ffc2c3c9ea9f1f3246e6c6acf7494ee3db013d103b93040]',
    'VOLUME_IN_USE',
  ],
  [
    409,
    'conflict: unable to delete 9041a5dd95d6 (cannot be forced) - image is being used by running container ' +
      'ea6c598e0651',
    'IMAGE_IN_USE',
  ],
  [409, 'Container a1781e552151c0933ffc2c3c9ea9f1f3246e6c6acf7494ee3db013d103b93040 is not running', 'NOT_RUNNING'],
  [
    409,
    'Cannot kill container: probe17-b: Container a1781e552151c0933ffc2c3c9ea9f1f3246e6c6acf7494ee3db013d103b93040 is ' +
      'not running',
    'NOT_RUNNING',
  ],
  [500, 'login attempt to http://127.0.0.1:5001/v2/ failed with status: 401 Unauthorized', 'UNAUTHORIZED'],
  [404, 'no such image: nonexistent-x: No such image: nonexistent-x:latest', 'NOT_FOUND'],
  [404, 'get nonexistent-x: no such volume', 'NOT_FOUND'],
  [
    400,
    'failed to create shim task: OCI runtime create failed: runc create failed: unable to start container process: ' +
      'exec: "/etc/passwd": permission denied: unknown',
    'ENGINE_ERROR',
  ],
  [
    400,
    'failed to create shim task: OCI runtime create failed: runc create failed: unable to start container process: ' +
      'exec: "nosuchprog": executable file not found in $PATH: unknown',
    'NOT_FOUND',
  ],
];

describe.each([
  ['Podman 4.3', PODMAN],
  ['Docker 20.10', DOCKER],
])("%s's refusals", (_, table) => {
  it.each(table)('HTTP %i "%s" is %s', (status, message, code) => {
    expect(classifyCode(engine(status, message))).toBe(code);
  });

  it.each(table)('without its status (the CLI prints only the words): HTTP %i "%s" is still %s', (_, message, code) => {
    expect(classifyMessage(message)).toBe(code);
  });
});

describe('a status alone', () => {
  it('never makes a name clash: an unrecognised 409 is ENGINE_ERROR', () => {
    expect(classifyCode(engine(409, 'something conflicting, in new words'))).toBe('ENGINE_ERROR');
  });

  it("an OCI runtime failure's hint points at the container, not the engine", () => {
    const [status, message] = PODMAN.find(([, text]) => text.includes('OCI permission denied'))!;
    const error = classify(engine(status, message), { operation: 'run', command: 'docker run busybox' });
    expect(error.code).toBe('ENGINE_ERROR');
    expect(error.hint).toMatch(/process could not start/);
  });
});

describe('engine faults', () => {
  it('does not mistake a broken engine network for a missing image', () => {
    expect(classifyCode(engine(404, 'could not find bridge docker0: route ip+net: no such network interface'))).toBe(
      'ENGINE_ERROR',
    );
  });
});
