import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { execa } from 'execa';
import { afterAll } from 'vitest';
import type { Context } from '../../src/core/context.ts';

/**
 * Makes build-context folders from `{ path: content }` maps, removed after the test file.
 * Call at the top of a file; the returned function writes a fresh folder each time.
 */
export function useContextDirs(): (files: Record<string, string>) => string {
  const dirs: string[] = [];
  afterAll(() => {
    for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
  });
  return (files) => {
    const dir = mkdtempSync(join(tmpdir(), 'dockbook-build-'));
    dirs.push(dir);
    writeFiles(dir, files);
    return dir;
  };
}

/** Writes (or overwrites) files under a folder, creating subfolders. */
export function writeFiles(dir: string, files: Record<string, string>): void {
  for (const [path, content] of Object.entries(files)) {
    mkdirSync(dirname(join(dir, path)), { recursive: true });
    writeFileSync(join(dir, path), content);
  }
}

/** Runs a throwaway, labelled container with the real CLI and returns its output. */
export async function runIn(ctx: Context, image: string, script: string): Promise<string> {
  const labels = Object.entries(ctx.labels).flatMap(([key, value]) => ['--label', `${key}=${value}`]);
  const { stdout } = await execa('docker', ['run', '--rm', ...labels, image, 'sh', '-c', script]);
  return stdout;
}

/** A context whose `docker` fails any use: proves that validation happens before an engine call. */
export function offline(ctx: Context): Context {
  return { ...ctx, docker: undefined as never };
}
