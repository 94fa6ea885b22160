import { inspect } from 'node:util';
import { describe, expect, it } from 'vitest';
import { cli } from '../../src/docker-cli.ts';
import { isDockbookError } from '../../src/errors.ts';
import { createVolume, pruneVolumes, rmVolume, volumes } from '../../src/volumes/volumes.ts';
import { useContext } from '../support/context.ts';
import { testContainer } from '../support/containers.ts';

const t = useContext('volumes');

const exists = (name: string) =>
  t.ctx.docker
    .getVolume(name)
    .inspect()
    .then(
      () => true,
      () => false,
    );

describe('createVolume', () => {
  it('creates a named volume carrying the session labels and extra ones', async () => {
    const name = `feedback-${t.ctx.session}`;
    const volume = await createVolume(t.ctx, name, { labels: { purpose: 'test' } });
    expect(volume).toMatchObject({ name, driver: 'local', labels: { ...t.ctx.labels, purpose: 'test' } });
    expect(volume.mountpoint).toMatch(new RegExp(`/volumes/${name}/_data$`));
    expect(volume.createdAt).toBeInstanceOf(Date);
    const real = await t.ctx.docker.getVolume(name).inspect();
    expect(real.Labels).toMatchObject(t.ctx.labels);
    expect(inspect(volume)).toBe(`volume ${name} (local)`);
  });

  it('lets the engine name a volume without a name (64 hex characters)', async () => {
    const volume = await createVolume(t.ctx);
    expect(volume.name).toMatch(/^[0-9a-f]{64}$/);
    expect(volume.labels).toMatchObject(t.ctx.labels);
  });

  it('gives back an existing volume unchanged, as the engine does', async () => {
    const name = `again-${t.ctx.session}`;
    const first = await createVolume(t.ctx, name, { labels: { round: '1' } });
    const second = await createVolume(t.ctx, name, { labels: { round: '2' } });
    expect(second.name).toBe(first.name);
    expect(second.labels.round).toBe('1');
  });

  it('refuses an invalid name before calling the engine', async () => {
    const error = await createVolume(t.ctx, 'has space').catch((e: unknown) => e);
    expect(isDockbookError(error, 'INVALID_ARGUMENT')).toBe(true);
    expect((await t.ctx.docker.listVolumes({ filters: { name: ['has space'] } })).Volumes ?? []).toHaveLength(0);
  });
});

describe('volumes (C54)', () => {
  it("lists the session's volumes only, in the columns of docker volume ls, like the CLI", async () => {
    const names = [`b-${t.ctx.session}`, `a-${t.ctx.session}`];
    for (const name of names) await createVolume(t.ctx, name);
    const outsider = `outsider-${t.ctx.session}`;
    await t.ctx.docker.createVolume({ Name: outsider, Labels: { 'dockbook.session': `${t.ctx.session}-other` } });
    try {
      const listed = await volumes(t.ctx);
      const listedNames = listed.map((v) => v.name);
      expect(listedNames).toEqual(expect.arrayContaining(names));
      expect(listedNames).not.toContain(outsider);
      expect(listedNames).toEqual([...listedNames].sort());
      expect(listed.every((v) => v.driver === 'local' && v.labels['dockbook.session'] === t.ctx.session)).toBe(true);
      const text = String(listed);
      expect(text.split('\n')[0]).toMatch(/^DRIVER\s+VOLUME NAME$/);
      expect(text).toMatch(new RegExp(`^local\\s+a-${t.ctx.session}$`, 'm'));
      expect(listed.toHTML()).toContain('<th>VOLUME NAME</th>');

      const viaCli = await cli(t.ctx, `volume ls -q --filter label=dockbook.session=${t.ctx.session}`);
      expect(viaCli.lines.sort()).toEqual(listed.map((v) => v.name).sort());

      const everything = (await volumes(t.ctx, { scope: 'all' })).map((v) => v.name);
      expect(everything).toEqual(expect.arrayContaining([...names, outsider]));
    } finally {
      await t.ctx.docker.getVolume(outsider).remove();
    }
  });
});

describe('rmVolume (C54)', () => {
  it('removes several volumes at once', async () => {
    const names = [`one-${t.ctx.session}`, `two-${t.ctx.session}`];
    for (const name of names) await createVolume(t.ctx, name);
    const result = await rmVolume(t.ctx, names);
    expect(result.removed).toEqual(names);
    for (const name of names) expect(await exists(name)).toBe(false);
    expect(String(result)).toBe(`removed ${names.join(', ')}`);
  });

  it('refuses a volume that a stopped container still mounts, with VOLUME_IN_USE and what to do', async () => {
    const name = `used-${t.ctx.session}`;
    await createVolume(t.ctx, name);
    await testContainer(t.ctx, 'true', { exited: true, create: { HostConfig: { Binds: [`${name}:/data`] } } });
    const error = await rmVolume(t.ctx, name).catch((e: unknown) => e);
    expect(isDockbookError(error, 'VOLUME_IN_USE')).toBe(true);
    expect((error as Error).message).toMatch(
      new RegExp(`^\\[volume rm\\] volume "${name}": remove ${name}: volume is in use`),
    );
    expect((error as Error).message).toContain('remove that container first');
    expect((error as Error).message).toContain(`(docker volume rm ${name})`);
    expect(await exists(name)).toBe(true);
    await expect(rmVolume(t.ctx, name, { force: true })).rejects.toSatisfy((e: unknown) =>
      isDockbookError(e, 'VOLUME_IN_USE'),
    );
  });

  it('fails with NOT_FOUND for an unknown volume, unless force', async () => {
    const missing = `missing-${t.ctx.session}`;
    await expect(rmVolume(t.ctx, missing)).rejects.toSatisfy((e: unknown) => isDockbookError(e, 'NOT_FOUND'));
    expect((await rmVolume(t.ctx, missing, { force: true })).removed).toEqual([missing]);
  });
});

describe('pruneVolumes (C54)', () => {
  // A session of its own, so the volumes the other tests leave unused are not in its way.
  const p = useContext('volumes-prune');
  const exists = (name: string) =>
    p.ctx.docker
      .getVolume(name)
      .inspect()
      .then(
        () => true,
        () => false,
      );

  it("removes the session's unused volumes only: never one in use, never another's", async () => {
    const unused = `unused-${p.ctx.session}`;
    const used = `used-${p.ctx.session}`;
    const foreign = `foreign-${p.ctx.session}`;
    await createVolume(p.ctx, unused);
    await createVolume(p.ctx, used);
    await testContainer(p.ctx, 'echo data > /data/file', {
      exited: true,
      create: { HostConfig: { Binds: [`${used}:/data`] } },
    });
    await p.ctx.docker.createVolume({ Name: foreign });
    try {
      const result = await pruneVolumes(p.ctx);
      expect(result.deleted).toEqual([unused]);
      expect(result.spaceReclaimed).toBeGreaterThanOrEqual(0);
      expect(await exists(unused)).toBe(false);
      expect(await exists(used)).toBe(true);
      expect(await exists(foreign)).toBe(true);
      expect(String(result)).toMatch(new RegExp(`^deleted 1 volume \\(${unused}\\), reclaimed \\d+B$`));
      expect((await pruneVolumes(p.ctx)).deleted).toEqual([]);
    } finally {
      await p.ctx.docker.getVolume(foreign).remove();
    }
  });
});
