import { createHash, randomBytes } from 'node:crypto';
import { mkdir, mkdtemp, readFile, readdir, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { exec } from '../../src/containers/exec.ts';
import { cp, splitCopyArg } from '../../src/files/cp.ts';
import { isDockbookError } from '../../src/errors.ts';
import { useContext } from '../support/context.ts';
import { testContainer, uniqueName } from '../support/containers.ts';

const t = useContext('files-cp');
let dir: string;

const sha = (data: Buffer | string) => createHash('sha256').update(data).digest('hex');

/** `relative/path sha256` of every file under a host folder, sorted. */
async function hostDigests(root: string): Promise<string[]> {
  const out: string[] = [];
  for (const entry of await readdir(root, { recursive: true, withFileTypes: true })) {
    if (entry.isFile()) {
      const path = join(entry.parentPath, entry.name);
      out.push(`${relative(root, path)} ${sha(await readFile(path))}`);
    }
  }
  return out.sort();
}

/** The same, computed inside the container. */
async function containerDigests(name: string, root: string): Promise<string[]> {
  const result = await exec(
    t.ctx,
    name,
    `cd ${root} && find . -type f | while read f; do echo "\${f#./} $(sha256sum "$f" | cut -d' ' -f1)"; done`,
  );
  expect(result.exitCode).toBe(0);
  return result.lines.sort();
}

const fail = (code: string) => (e: unknown) => isDockbookError(e, code as never);

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'dockbook-cp-'));
  t.ctx.cwd = dir;
  await mkdir(join(dir, 'dummy/sub/deeper'), { recursive: true });
  await writeFile(join(dir, 'dummy/a.txt'), 'alpha\n');
  await writeFile(join(dir, 'dummy/sub/b.bin'), randomBytes(200_000));
  await writeFile(join(dir, 'dummy/sub/deeper/c txt'), 'with a space\n');
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('cp into a container (C36)', () => {
  it("copies a folder's contents with dir/. into a running container, creating the folder", async () => {
    const { name } = await testContainer(t.ctx, 'sleep 300');
    const result = await cp(t.ctx, 'dummy/.', `${name}:/test`);
    expect(result).toMatchObject({
      source: 'dummy/.',
      destination: `${name}:/test`,
      files: 3,
      bytes: 6 + 200_000 + 13,
    });
    expect(await containerDigests(name, '/test')).toEqual(await hostDigests(join(dir, 'dummy')));
    expect(String(result)).toBe(`copied 3 files (200kB) from dummy/. to ${name}:/test`);
  });

  it('nests a folder copied into an existing folder, and copies a file into a folder or as a name', async () => {
    const { name } = await testContainer(t.ctx, 'mkdir /test; sleep 300');
    await cp(t.ctx, 'dummy', `${name}:/test`);
    expect(await containerDigests(name, '/test/dummy')).toEqual(await hostDigests(join(dir, 'dummy')));
    await cp(t.ctx, 'dummy/a.txt', `${name}:/test`);
    await cp(t.ctx, join(dir, 'dummy/a.txt'), `${name}:/renamed.txt`);
    expect((await exec(t.ctx, name, 'cat /test/a.txt /renamed.txt')).stdout).toBe('alpha\nalpha\n');
  });

  it('copies into a stopped container, and back out byte for byte', async () => {
    const { name } = await testContainer(t.ctx, 'true', { start: false });
    await cp(t.ctx, 'dummy', `${name}:/data`);
    const back = await cp(t.ctx, `${name}:/data`, 'roundtrip');
    expect(back.files).toBe(3);
    expect(await hostDigests(join(dir, 'roundtrip'))).toEqual(await hostDigests(join(dir, 'dummy')));
  });

  it('refuses what docker cp refuses, before or at the engine', async () => {
    const { name } = await testContainer(t.ctx, 'touch /file; sleep 300');
    await expect(cp(t.ctx, 'dummy', 'elsewhere')).rejects.toSatisfy(fail('INVALID_ARGUMENT'));
    await expect(cp(t.ctx, `${name}:/a`, `${name}:/b`)).rejects.toSatisfy(fail('INVALID_ARGUMENT'));
    await expect(cp(t.ctx, 'no-such-folder', `${name}:/x`)).rejects.toSatisfy(fail('NOT_FOUND'));
    await expect(cp(t.ctx, 'dummy', `${name}:/no/such/parent`)).rejects.toSatisfy(fail('NOT_FOUND'));
    await expect(cp(t.ctx, 'dummy', `${name}:/file`)).rejects.toSatisfy(fail('INVALID_ARGUMENT'));
    await expect(cp(t.ctx, 'dummy/a.txt/.', `${name}:/x`)).rejects.toSatisfy(fail('INVALID_ARGUMENT'));
    const error = await cp(t.ctx, 'dummy', `${uniqueName(t.ctx, 'missing')}:/x`).catch((e: unknown) => e);
    expect(isDockbookError(error, 'NOT_FOUND')).toBe(true);
    expect((error as Error).message).toContain('(docker cp dummy missing-');
  });
});

describe('cp out of a container (C37)', () => {
  const writeLogs =
    'mkdir -p /var/log/app && for i in 1 2 3; do echo "entry $i" >> /var/log/app/app.log; done && echo other > ' +
    '/var/log/app/other.log; sleep 300';

  it('copies a log folder the container wrote to a new host folder', async () => {
    const { name } = await testContainer(t.ctx, writeLogs);
    await exec(t.ctx, name, 'while [ ! -f /var/log/app/other.log ]; do sleep 0.1; done');
    const result = await cp(t.ctx, `${name}:/var/log/app`, 'logs');
    expect(result).toMatchObject({ files: 2, bytes: 24 + 6 });
    expect(await readFile(join(dir, 'logs/app.log'), 'utf8')).toBe('entry 1\nentry 2\nentry 3\n');
    expect(await readFile(join(dir, 'logs/other.log'), 'utf8')).toBe('other\n');

    await cp(t.ctx, `${name}:/var/log/app`, 'logs');
    expect(await readFile(join(dir, 'logs/app/app.log'), 'utf8')).toBe('entry 1\nentry 2\nentry 3\n');

    await mkdir(join(dir, 'flat'));
    await cp(t.ctx, `${name}:/var/log/app/.`, 'flat');
    expect((await readdir(join(dir, 'flat'))).sort()).toEqual(['app.log', 'other.log']);

    await cp(t.ctx, `${name}:/var/log/app/app.log`, 'single.log');
    expect(await readFile(join(dir, 'single.log'), 'utf8')).toBe('entry 1\nentry 2\nentry 3\n');
    expect((await stat(join(dir, 'single.log'))).isFile()).toBe(true);
  });

  it('fails with NOT_FOUND for a missing path in the container or a missing host parent folder', async () => {
    const { name } = await testContainer(t.ctx, 'sleep 300');
    await expect(cp(t.ctx, `${name}:/no/such/path`, 'out')).rejects.toSatisfy(fail('NOT_FOUND'));
    await expect(cp(t.ctx, `${name}:/etc/hostname`, 'no/such/parent/file')).rejects.toSatisfy(fail('NOT_FOUND'));
  });
});

describe('splitCopyArg', () => {
  it('reads CONTAINER:PATH, and leaves host paths (absolute, ./x:y, no colon) alone', () => {
    expect(splitCopyArg('web:/test')).toEqual({ container: 'web', path: '/test' });
    expect(splitCopyArg('3f2a1c:logs')).toEqual({ container: '3f2a1c', path: 'logs' });
    expect(splitCopyArg('/abs/a:b')).toEqual({ path: '/abs/a:b' });
    expect(splitCopyArg('./file:name')).toEqual({ path: './file:name' });
    expect(splitCopyArg('dummy/.')).toEqual({ path: 'dummy/.' });
  });
});
