import { createReadStream, type Stats } from 'node:fs';
import { lstat, readdir, readlink } from 'node:fs/promises';
import { join, posix } from 'node:path';
import { pipeline } from 'node:stream/promises';
import type Docker from 'dockerode';
import type { Header, Pack } from 'tar-stream';
import type * as TarStream from 'tar-stream';
import { createRequire } from 'node:module';
import type { DockbookError } from '../errors.ts';
import { statInContainer } from './archive-stat.ts';
import { place } from './placement.ts';

// Loaded on first use: importing dockbook (a notebook's first cell) need not load the tar and
// .dockerignore parsers.
const require = createRequire(import.meta.url);

/** What a copy moved: regular files and their bytes. */
export interface CopyCounts {
  files: number;
  bytes: number;
}

type Fail = (code: 'INVALID_ARGUMENT' | 'NOT_FOUND', reason: string, hint: string) => DockbookError;

function entry(pack: Pack, header: Partial<Header> & Pick<Header, 'name'>): Promise<void> {
  return new Promise((resolve, reject) => pack.entry(header, (error) => (error ? reject(error) : resolve())));
}

/** Adds a host file, folder (recursively, in name order) or symlink to the archive under `name`. */
async function add(pack: Pack, path: string, name: string, stat: Stats, counts: CopyCounts): Promise<void> {
  const common = { mode: stat.mode & 0o7777, mtime: stat.mtime };
  if (stat.isDirectory()) {
    if (name) await entry(pack, { ...common, name: `${name}/`, type: 'directory' });
    for (const child of (await readdir(path)).sort()) {
      await add(pack, join(path, child), name ? `${name}/${child}` : child, await lstat(join(path, child)), counts);
    }
  } else if (stat.isSymbolicLink()) {
    await entry(pack, { ...common, name, type: 'symlink', linkname: await readlink(path) });
  } else if (stat.isFile()) {
    await pipeline(createReadStream(path), pack.entry({ ...common, name, type: 'file', size: stat.size }));
    counts.files += 1;
    counts.bytes += stat.size;
  }
}

/**
 * Copies a host file or folder into a container (running or stopped) through the archive API,
 * streaming a tar of it with docker cp's placement rules. Files land owned by root, as with
 * `docker cp`.
 *
 * @example
 * await copyIn(container, { path: '/home/me/dummy', contentsOnly: true }, '/test', signal, fail) // { files: 3, bytes:
 * 200019 }
 */
export async function copyIn(
  container: Docker.Container,
  source: { path: string; contentsOnly: boolean },
  destination: string,
  signal: AbortSignal,
  fail: Fail,
): Promise<CopyCounts> {
  const stat = await lstat(source.path).catch(() => undefined);
  if (!stat)
    throw fail(
      'NOT_FOUND',
      `${source.path} does not exist on this machine`,
      "Check the path; a relative one starts at the session folder (ctx.cwd). cp's host side is this machine " +
        '(where dockbook runs), even when the engine runs elsewhere.',
    );
  const found = await statInContainer(container, destination, signal);
  const placement = place(
    { path: source.path, isDirectory: stat.isDirectory(), contentsOnly: source.contentsOnly },
    {
      path: destination,
      exists: found !== undefined,
      isDirectory: found?.isDirectory ?? false,
      trailingSlash: destination.endsWith('/'),
    },
    posix,
    fail,
  );
  const counts: CopyCounts = { files: 0, bytes: 0 };
  const pack = (require('tar-stream') as typeof TarStream).pack();
  const upload = container.putArchive(pack as unknown as NodeJS.ReadableStream, {
    path: placement.folder,
    noOverwriteDirNonDir: true,
    abortSignal: signal,
  });
  const packing = add(pack, source.path, placement.name, stat, counts).then(() => pack.finalize());
  // When the upload fails first, the packing stops on the destroyed archive; the upload's error is the one to report.
  packing.catch(() => {});
  try {
    await Promise.all([upload, packing]);
  } finally {
    pack.destroy();
  }
  return counts;
}
