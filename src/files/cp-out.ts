import { createWriteStream } from 'node:fs';
import { mkdir, rm, stat, symlink } from 'node:fs/promises';
import type { IncomingMessage } from 'node:http';
import path from 'node:path';
import { pipeline } from 'node:stream/promises';
import type Docker from 'dockerode';
import type * as TarStream from 'tar-stream';
import { createRequire } from 'node:module';
import type { DockbookError } from '../errors.ts';
import { parsePathStat } from './archive-stat.ts';
import type { CopyCounts } from './cp-in.ts';
import { place } from './placement.ts';

// Loaded on first use: importing dockbook (a notebook's first cell) need not load the tar and
// .dockerignore parsers.
const require = createRequire(import.meta.url);

type Fail = (code: 'INVALID_ARGUMENT' | 'NOT_FOUND', reason: string, hint: string) => DockbookError;

/**
 * The host path of an archive entry: its first component (the copied root) becomes `root`; nothing may escape `root`.
 */
function target(root: string, entryName: string, fail: Fail): string {
  const rest = entryName
    .split('/')
    .slice(1)
    .filter((part) => part !== '' && part !== '.')
    .join('/');
  const resolved = path.resolve(root, rest);
  if (resolved !== root && !resolved.startsWith(root + path.sep))
    throw fail(
      'INVALID_ARGUMENT',
      `the archive entry ${entryName} points outside ${root}`,
      'The container holds a path that cannot be copied safely.',
    );
  return resolved;
}

/**
 * Copies a file or folder out of a container (running or stopped) through the archive API,
 * extracting the engine's tar with docker cp's placement rules: the destination's parent
 * folder must exist; a missing destination is created as the copy.
 *
 * @example
 * await copyOut(container, { path: '/var/log/app', contentsOnly: false }, '/home/me/logs', signal, fail) // { files: 2,
 * bytes: 30 }
 */
export async function copyOut(
  container: Docker.Container,
  source: { path: string; contentsOnly: boolean },
  destination: string,
  signal: AbortSignal,
  fail: Fail,
): Promise<CopyCounts> {
  const response = (await container.getArchive({
    path: source.contentsOnly ? `${source.path}/.` : source.path,
    abortSignal: signal,
  })) as IncomingMessage;
  const found = parsePathStat(response.headers['x-docker-container-path-stat']);
  const existing = await stat(destination).catch(() => undefined);
  const placement = place(
    { path: source.path, isDirectory: found?.isDirectory ?? false, contentsOnly: source.contentsOnly },
    {
      path: destination,
      exists: existing !== undefined,
      isDirectory: existing?.isDirectory() ?? false,
      trailingSlash: /[/\\]$/.test(destination),
    },
    path,
    fail,
  );
  const parent = await stat(placement.folder).catch(() => undefined);
  if (!parent?.isDirectory()) {
    response.destroy();
    throw fail(
      'NOT_FOUND',
      `the folder ${placement.folder} does not exist on this machine`,
      "Create it first: docker cp creates the destination itself, not its parents. cp's host side is this " +
        'machine (where dockbook runs), even when the engine runs elsewhere.',
    );
  }
  const root = path.join(placement.folder, placement.name);
  const counts: CopyCounts = { files: 0, bytes: 0 };
  const extract = (require('tar-stream') as typeof TarStream).extract();
  const feeding = pipeline(response, extract);
  // A failure while extracting ends the loop below, which reports it; the feeding then fails too.
  feeding.catch(() => {});
  try {
    for await (const entry of extract) {
      const to = target(root, entry.header.name, fail);
      const mode = (entry.header.mode ?? 0o644) & 0o7777;
      if (entry.header.type === 'file') {
        await pipeline(entry, createWriteStream(to, { mode }));
        counts.files += 1;
        counts.bytes += entry.header.size ?? 0;
        continue;
      }
      if (entry.header.type === 'directory') await mkdir(to, { recursive: true, mode });
      if (entry.header.type === 'symlink')
        await rm(to, { force: true }).then(() => symlink(entry.header.linkname ?? '', to));
      entry.resume();
    }
    await feeding;
  } finally {
    response.destroy();
  }
  return counts;
}
