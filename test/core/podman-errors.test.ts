import { describe, expect, it } from 'vitest';
import { create, run } from '../../src/containers/run.ts';
import { exec } from '../../src/containers/exec.ts';
import { inspect } from '../../src/containers/inspect.ts';
import { rm } from '../../src/containers/remove.ts';
import { inspectImage } from '../../src/images/inspect.ts';
import { rmi } from '../../src/images/rmi.ts';
import { build } from '../../src/images/build.ts';
import { privateRegistryHost } from '../../src/registry/config.ts';
import { login } from '../../src/registry/login.ts';
import { createVolume, rmVolume } from '../../src/volumes/volumes.ts';
import type { ErrorCode } from '../../src/errors.ts';
import { usePodmanContext } from '../support/podman.ts';
import { useContextDirs } from '../images/fixtures.ts';

// Each refusal of test/core/classify.test.ts's Podman table, provoked on Podman (DOCKBOOK_PODMAN_HOST): the code is
// Docker's for the same refusal, and the words are still the ones the table holds.
const t = usePodmanContext('core-podman-errors');
const contextDir = useContextDirs();

/** What a call threw, checked to be a DockbookError with this code; its engine message returned. */
async function refusal(call: Promise<unknown>, code: ErrorCode): Promise<{ message: string; statusCode?: number }> {
  const error = (await call.then(
    () => undefined,
    (e: unknown) => e,
  )) as { code?: string; daemonMessage?: string; message?: string; statusCode?: number } | undefined;
  expect(error, `the call was expected to fail with ${code}`).toBeDefined();
  expect({ code: error!.code, message: error!.message }).toMatchObject({ code });
  return { message: error!.daemonMessage ?? error!.message ?? '', statusCode: error!.statusCode };
}

const sleeper = (name: string) => run(t.ctx, 'busybox', 'sleep 300', { detach: true, name });

describe('Podman refusals get Docker codes', () => {
  it('NAME_IN_USE: a second container of the same name (Podman: 500)', async () => {
    const name = `podman-name-${t.ctx.session}`;
    await create(t.ctx, 'busybox', 'true', { name });
    const { message, statusCode } = await refusal(create(t.ctx, 'busybox', 'true', { name }), 'NAME_IN_USE');
    expect(message).toMatch(new RegExp(`the container name "${name}" is already in use`));
    expect(statusCode).toBe(500);
  });

  it('CONFLICT_RUNNING: rm of a running container (Podman: 500)', async () => {
    const name = `podman-running-${t.ctx.session}`;
    await sleeper(name);
    const { message } = await refusal(rm(t.ctx, name), 'CONFLICT_RUNNING');
    expect(message).toMatch(/cannot remove container \w+ as it is running/);
    expect((await inspect(t.ctx, name)).state.running).toBe(true);
  });

  it('NOT_RUNNING: exec in a stopped container (Podman: 500, "can only create exec sessions…")', async () => {
    const stopped = await create(t.ctx, 'busybox', 'true');
    const { message } = await refusal(exec(t.ctx, stopped, 'true'), 'NOT_RUNNING');
    expect(message).toMatch(/can only create exec sessions on running containers/);
  });

  it('VOLUME_IN_USE, not IMAGE_IN_USE: a volume a container mounts', async () => {
    const volume = await createVolume(t.ctx, `podman-vol-${t.ctx.session}`);
    await create(t.ctx, 'busybox', 'true', { volumes: [`${volume.name}:/data`] });
    const { message } = await refusal(rmVolume(t.ctx, volume.name), 'VOLUME_IN_USE');
    expect(message).toMatch(/is being used by the following container\(s\)/);
  });

  it('IMAGE_IN_USE: an image a stopped container uses (Podman: 409, "image is in use by a container")', async () => {
    // An image of one name: rmi of one of several names only untags it, on both engines.
    const ref = `podman-used-${t.ctx.session}:v1`;
    await build(t.ctx, contextDir({ Dockerfile: `FROM busybox\nLABEL only=${t.ctx.session}\n` }), { tags: [ref] });
    await create(t.ctx, ref, 'true');
    const { message } = await refusal(rmi(t.ctx, ref), 'IMAGE_IN_USE');
    expect(message).toMatch(/image is in use by a container/);
  });

  it('NOT_FOUND: a container, an image, a volume, a program that is not there', async () => {
    await refusal(inspect(t.ctx, `podman-none-${t.ctx.session}`), 'NOT_FOUND');
    await refusal(inspectImage(t.ctx, `podman-none-${t.ctx.session}:v1`), 'NOT_FOUND');
    await refusal(rmVolume(t.ctx, `podman-none-${t.ctx.session}`), 'NOT_FOUND');
    const { message } = await refusal(run(t.ctx, 'busybox', ['no-such-program'], { rm: true }), 'NOT_FOUND');
    expect(message).toMatch(/OCI runtime attempted to invoke a command that was not found/);
  });

  it('ENGINE_ERROR, never NAME_IN_USE: a program the runtime may not run (409 from the attach)', async () => {
    const { message, statusCode } = await refusal(run(t.ctx, 'busybox', ['/etc/passwd'], { rm: true }), 'ENGINE_ERROR');
    expect(message).toMatch(/OCI permission denied/);
    expect(statusCode).toBe(409);
  });

  it('UNAUTHORIZED: a wrong password (Podman: 500; its /auth reaches plain HTTP at localhost:PORT)', async () => {
    const port = privateRegistryHost().split(':').pop();
    const wrong = { username: 'student', password: `wrong-${t.ctx.session}` };
    const { message } = await refusal(login(t.ctx, `localhost:${port}`, wrong), 'UNAUTHORIZED');
    expect(message).toBe(`login attempt to localhost:${port} failed with status: 401 Unauthorized`);
  });
});
