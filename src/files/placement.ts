import type { PlatformPath } from 'node:path';
import { DockbookError } from '../errors.ts';

/** The side a copy reads from. */
export interface CopySource {
  path: string;
  isDirectory: boolean;
  /** `dir/.`: copy the folder's contents, not the folder. */
  contentsOnly: boolean;
}

/** The side a copy writes to, as found before copying. */
export interface CopyDestination {
  path: string;
  exists: boolean;
  isDirectory: boolean;
  /** Written with a trailing `/`: it must be a folder. */
  trailingSlash: boolean;
}

/**
 * Where a copy lands: the existing folder that receives it, and the name its root takes there ('' for a folder's
 * contents).
 */
export interface Placement {
  folder: string;
  name: string;
}

/**
 * Where `docker cp` puts a copy. A folder is copied into an existing folder (nested under its
 * own name), or only its contents with `dir/.`; to a path that does not exist it is copied as
 * that path. A file is copied into an existing folder under its name, or as the destination path.
 *
 * @example
 * place({ path: '/h/dummy', isDirectory: true, contentsOnly: false }, { path: '/test', exists: true, isDirectory: true,
 * trailingSlash: false }, posix, fail)
 * // { folder: '/test', name: 'dummy' }: docker cp dummy c:/test nests it as /test/dummy
 */
export function place(
  source: CopySource,
  destination: CopyDestination,
  path: PlatformPath,
  fail: (code: 'INVALID_ARGUMENT' | 'NOT_FOUND', reason: string, hint: string) => DockbookError,
): Placement {
  const base = path.basename(source.path);
  if (source.contentsOnly && !source.isDirectory)
    throw fail(
      'INVALID_ARGUMENT',
      `${source.path} is not a folder, so it has no contents to copy`,
      'Drop the trailing "/." to copy the file.',
    );
  if (destination.exists && destination.isDirectory)
    return { folder: destination.path, name: source.contentsOnly ? '' : base };
  if (destination.exists && source.isDirectory)
    throw fail(
      'INVALID_ARGUMENT',
      `cannot copy the folder ${source.path} onto the file ${destination.path}`,
      'Copy it to a folder, or to a path that does not exist yet.',
    );
  if (!destination.exists && destination.trailingSlash && !source.isDirectory)
    throw fail(
      'NOT_FOUND',
      `the folder ${destination.path} does not exist`,
      'Create the folder first, or drop the trailing "/" to copy the file as that name.',
    );
  return { folder: path.dirname(destination.path), name: path.basename(destination.path) };
}
