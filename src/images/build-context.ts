import { createReadStream, existsSync, readFileSync, statSync } from 'node:fs';
import { lstat, readdir, readlink } from 'node:fs/promises';
import { isAbsolute, join, relative, resolve, sep } from 'node:path';
import { Readable } from 'node:stream';
import type Dockerignore from '@balena/dockerignore';
import type { Header, Pack } from 'tar-stream';
import type * as TarStream from 'tar-stream';
import { createRequire } from 'node:module';
import { invalid } from '../input/invalid.ts';

// Loaded on first use: importing dockbook (a notebook's first cell) need not load the tar and
// .dockerignore parsers.
const require = createRequire(import.meta.url);

/** A build context checked to exist: its absolute folder and the Dockerfile's path inside it. */
export interface BuildContext {
  dir: string;
  /** Relative to `dir`, with `/` separators, as the engine expects it. */
  dockerfile: string;
}

/**
 * Checks that the context folder and its Dockerfile exist before any engine call, so a typo
 * fails with INVALID_ARGUMENT rather than a half-sent build.
 *
 * @example
 * checkContext('/home/me/course', 'app', 'docker/Dockerfile') // { dir: '/home/me/course/app', dockerfile:
 * 'docker/Dockerfile' }
 */
export function checkContext(cwd: string, contextDir: string, dockerfile: string): BuildContext {
  const dir = resolve(cwd, contextDir);
  if (!existsSync(dir) || !statSync(dir).isDirectory()) {
    throw invalid(
      'build',
      contextDir,
      `the build context folder ${dir} does not exist`,
      `Give the folder that holds the Dockerfile; a relative one resolves against ${cwd}.`,
      `docker build ${contextDir}`,
    );
  }
  const file = resolve(dir, dockerfile);
  const inside = relative(dir, file);
  if (inside === '..' || inside.startsWith(`..${sep}`) || isAbsolute(inside)) {
    throw invalid(
      'build',
      dockerfile,
      'the Dockerfile must be inside the build context',
      'Give its path relative to the context folder, e.g. "docker/Dockerfile".',
      `docker build -f ${dockerfile} ${contextDir}`,
    );
  }
  if (!existsSync(file) || !statSync(file).isFile()) {
    throw invalid(
      'build',
      dockerfile,
      `there is no ${dockerfile} in ${dir}`,
      'Create it, or name another file with the dockerfile option.',
      `docker build -f ${dockerfile} ${contextDir}`,
    );
  }
  return { dir, dockerfile: inside.split(sep).join('/') };
}

const OWNER = { uid: 0, gid: 0 };

function addFile(pack: Pack, header: Partial<Header> & { name: string }, path: string): Promise<void> {
  return new Promise((done, fail) => {
    const entry = pack.entry(header, (error) => (error ? fail(error) : done()));
    // e.g. `Size mismatch` when the file changed size while it was being packed.
    entry.on('error', fail);
    const source = createReadStream(path);
    source.on('error', (error) => {
      entry.destroy(error);
      fail(error);
    });
    source.pipe(entry);
  });
}

/**
 * Packs a build context as an uncompressed tar stream, the way the docker CLI sends it: files
 * excluded by `.dockerignore` stay out (its `!` exceptions honoured), the Dockerfile and
 * `.dockerignore` always go (the engine needs them and keeps them out of COPY itself), and
 * every entry is owned by root so the build cache does not depend on who owns the files.
 *
 * @example
 * await docker.buildImage(packContext(checkContext(cwd, 'app', 'Dockerfile')), { t: 'web:v1' });
 */
export function packContext({ dir, dockerfile }: BuildContext): Readable {
  const ignoreFile = join(dir, '.dockerignore');
  const patterns = existsSync(ignoreFile) ? readFileSync(ignoreFile, 'utf8') : '';
  // A CommonJS module whose typings declare a default export; it sets `.default` to itself for this.
  const rules = (require('@balena/dockerignore') as typeof Dockerignore).default({ ignorecase: false }).add(patterns);
  const hasExceptions = /^\s*!/m.test(patterns);
  const always = new Set([dockerfile, '.dockerignore']);
  const pack = (require('tar-stream') as typeof TarStream).pack();

  async function walk(folder: string): Promise<void> {
    const entries = (await readdir(join(dir, folder), { withFileTypes: true })).sort((a, b) =>
      a.name < b.name ? -1 : 1,
    );
    for (const dirent of entries) {
      const name = folder ? `${folder}/${dirent.name}` : dirent.name;
      const path = join(dir, name);
      const ignored = rules.ignores(name) && !always.has(name);
      const stats = await lstat(path);
      const header = { name, mode: stats.mode & 0o7777, mtime: stats.mtime, ...OWNER };
      if (stats.isDirectory()) {
        if (ignored && !hasExceptions && !dockerfile.startsWith(`${name}/`)) continue;
        if (!ignored) pack.entry({ ...header, type: 'directory' });
        await walk(name);
      } else if (ignored) {
        continue;
      } else if (stats.isSymbolicLink()) {
        pack.entry({ ...header, type: 'symlink', linkname: await readlink(path) });
      } else if (stats.isFile()) {
        await addFile(pack, { ...header, type: 'file', size: stats.size }, path);
      }
    }
  }

  walk('').then(
    () => pack.finalize(),
    (error: Error) => pack.destroy(error),
  );
  return Readable.from(pack);
}
