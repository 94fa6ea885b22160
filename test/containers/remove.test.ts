import { describe, expect, it } from 'vitest';
import { rm } from '../../src/containers/remove.ts';
import { isDockbookError } from '../../src/errors.ts';
import { useContext } from '../support/context.ts';
import { stateOf, testContainer, uniqueName } from '../support/containers.ts';

const t = useContext('containers-remove');

async function volumeExists(name: string): Promise<boolean> {
  return t.ctx.docker
    .getVolume(name)
    .inspect()
    .then(
      () => true,
      () => false,
    );
}

describe('rm (C30)', () => {
  it('refuses a running container with CONFLICT_RUNNING, and the container keeps running', async () => {
    const { id, name } = await testContainer(t.ctx, 'sleep 300');
    const error = await rm(t.ctx, name).catch((e: unknown) => e);
    expect(isDockbookError(error, 'CONFLICT_RUNNING')).toBe(true);
    const message = (error as Error).message;
    expect(message).toMatch(new RegExp(`^\\[rm\\] container "${name}": You cannot remove a running container`));
    expect(message).toContain(`Stop it first, or rm("${name}", { force: true })`);
    expect(message).toMatch(new RegExp(`\\(docker rm -f ${name}\\)$`));
    expect(await stateOf(t.ctx, id)).toBe('running');
  });

  it('removes several stopped containers at once', async () => {
    const made = await Promise.all([1, 2, 3].map(() => testContainer(t.ctx, 'true', { exited: true })));
    const result = await rm(
      t.ctx,
      made.map((c) => c.name),
    );
    expect(result.removed).toEqual(made.map((c) => c.name));
    for (const c of made) expect(await stateOf(t.ctx, c.id)).toBe('missing');
    expect(String(result)).toBe(`removed ${made.map((c) => c.name).join(', ')}`);
  });

  it('removes a running container with force', async () => {
    const { id, name } = await testContainer(t.ctx, 'sleep 300');
    expect((await rm(t.ctx, name, { force: true })).removed).toEqual([name]);
    expect(await stateOf(t.ctx, id)).toBe('missing');
  });

  it('resolves every name before removing any: one unknown name removes nothing', async () => {
    const kept = await testContainer(t.ctx, 'true', { exited: true });
    const missing = uniqueName(t.ctx, 'missing');
    const error = await rm(t.ctx, [kept.name, missing]).catch((e: unknown) => e);
    expect(isDockbookError(error, 'NOT_FOUND')).toBe(true);
    expect((error as Error).message).toContain(missing);
    expect(await stateOf(t.ctx, kept.id)).toBe('stopped');
  });

  it('tries every container and reports the first failure, as the CLI does', async () => {
    const running = await testContainer(t.ctx, 'sleep 300');
    const stopped = await testContainer(t.ctx, 'true', { exited: true });
    await expect(rm(t.ctx, [running.name, stopped.name])).rejects.toSatisfy((e: unknown) =>
      isDockbookError(e, 'CONFLICT_RUNNING'),
    );
    expect(await stateOf(t.ctx, running.id)).toBe('running');
    expect(await stateOf(t.ctx, stopped.id)).toBe('missing');
  });

  it('records the anonymous volumes it leaves behind for session cleanup; volumes: true removes them', async () => {
    const kept = await testContainer(t.ctx, 'true', { exited: true, create: { Volumes: { '/data': {} } } });
    const keptVolume = (await t.ctx.docker.getContainer(kept.id).inspect()).Mounts[0]!.Name!;
    expect(keptVolume).toMatch(/^[0-9a-f]{64}$/);
    await rm(t.ctx, kept.name);
    expect(await volumeExists(keptVolume)).toBe(true);
    expect(t.ctx.orphanVolumes.has(keptVolume)).toBe(true);

    const dropped = await testContainer(t.ctx, 'true', { exited: true, create: { Volumes: { '/data': {} } } });
    const droppedVolume = (await t.ctx.docker.getContainer(dropped.id).inspect()).Mounts[0]!.Name!;
    await rm(t.ctx, dropped.name, { volumes: true });
    expect(await volumeExists(droppedVolume)).toBe(false);
    expect(t.ctx.orphanVolumes.has(droppedVolume)).toBe(false);
  });

  it('never records a named volume as an orphan', async () => {
    const volume = `vol-${t.ctx.session}-named`;
    await t.ctx.docker.createVolume({ Name: volume, Labels: t.ctx.labels });
    const c = await testContainer(t.ctx, 'true', {
      exited: true,
      create: { HostConfig: { Binds: [`${volume}:/data`] } },
    });
    await rm(t.ctx, c.name, { volumes: true });
    expect(await volumeExists(volume)).toBe(true);
    expect(t.ctx.orphanVolumes.has(volume)).toBe(false);
  });
});
