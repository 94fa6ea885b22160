import { posix } from 'node:path';
import { describe, expect, it } from 'vitest';
import { DockbookError } from '../../src/errors.ts';
import { place, type CopyDestination, type CopySource } from '../../src/files/placement.ts';

const fail = (code: 'INVALID_ARGUMENT' | 'NOT_FOUND', reason: string, hint: string) =>
  new DockbookError({ code, operation: 'cp', reason, hint, command: 'docker cp' });
const dir = (path: string, contentsOnly = false): CopySource => ({ path, isDirectory: true, contentsOnly });
const file = (path: string): CopySource => ({ path, isDirectory: false, contentsOnly: false });
const existingDir = (path: string): CopyDestination => ({
  path,
  exists: true,
  isDirectory: true,
  trailingSlash: false,
});
const existingFile = (path: string): CopyDestination => ({
  path,
  exists: true,
  isDirectory: false,
  trailingSlash: false,
});
const missing = (path: string): CopyDestination => ({
  path,
  exists: false,
  isDirectory: false,
  trailingSlash: path.endsWith('/'),
});
const codeOf = (work: () => unknown) => {
  try {
    work();
  } catch (error) {
    return (error as DockbookError).code;
  }
  return 'no error';
};

describe("docker cp's placement rules", () => {
  it('a folder into an existing folder nests under its own name; dir/. copies only its contents', () => {
    expect(place(dir('/h/dummy'), existingDir('/test'), posix, fail)).toEqual({ folder: '/test', name: 'dummy' });
    expect(place(dir('/h/dummy', true), existingDir('/test'), posix, fail)).toEqual({ folder: '/test', name: '' });
  });

  it('a folder to a missing path is copied as that path, with or without /.', () => {
    expect(place(dir('/h/dummy'), missing('/test'), posix, fail)).toEqual({ folder: '/', name: 'test' });
    expect(place(dir('/h/dummy', true), missing('/a/test/'), posix, fail)).toEqual({ folder: '/a', name: 'test' });
  });

  it('a file lands in an existing folder under its name, or as the destination path', () => {
    expect(place(file('/h/a.txt'), existingDir('/test'), posix, fail)).toEqual({ folder: '/test', name: 'a.txt' });
    expect(place(file('/h/a.txt'), missing('/test/b.txt'), posix, fail)).toEqual({ folder: '/test', name: 'b.txt' });
    expect(place(file('/h/a.txt'), existingFile('/test/b.txt'), posix, fail)).toEqual({
      folder: '/test',
      name: 'b.txt',
    });
  });

  it('refuses a folder onto a file, a file as a missing folder, and /. on a file', () => {
    expect(codeOf(() => place(dir('/h/dummy'), existingFile('/f'), posix, fail))).toBe('INVALID_ARGUMENT');
    expect(codeOf(() => place(file('/h/a.txt'), missing('/nope/'), posix, fail))).toBe('NOT_FOUND');
    expect(codeOf(() => place({ ...file('/h/a.txt'), contentsOnly: true }, existingDir('/x'), posix, fail))).toBe(
      'INVALID_ARGUMENT',
    );
  });
});
