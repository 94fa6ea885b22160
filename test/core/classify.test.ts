import { describe, expect, it } from 'vitest';
import { classify, classifyCode, daemonMessage } from '../../src/core/classify.ts';

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

describe('engine faults', () => {
  it('does not mistake a broken engine network for a missing image', () => {
    expect(classifyCode(engine(404, 'could not find bridge docker0: route ip+net: no such network interface'))).toBe(
      'ENGINE_ERROR',
    );
  });
});
