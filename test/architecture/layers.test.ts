import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, normalize, relative } from 'node:path';
import { describe, expect, it } from 'vitest';

// The layers of src/, bottom first: a file may import from its own folder or from any layer
// below its own, never from one above (ARCHITECTURE.md, "Layers"). Files at the top of src/
// are layers of their own.
const LAYERS = [
  'errors.ts',
  'validate',
  'paths.ts',
  'display',
  'check.ts',
  'input',
  'core',
  'net',
  'files',
  'volumes',
  'registry',
  'images',
  'containers',
  'docker-proxy',
  'docker-cli.ts',
  'session',
  'stack',
  'notebook',
  'render',
  'cli',
  'index.ts',
  'runner.ts',
  'stack.ts',
];
// The one import that runs upward, and why: isDockbookError() checks its own arguments with the
// validator, which makes DockbookErrors.
const ALLOWED = new Set(['errors.ts -> validate']);

const src = join(import.meta.dirname, '..', '..', 'src');

function files(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    return entry.isDirectory() ? files(path) : entry.name.endsWith('.ts') ? [path] : [];
  });
}

/** The layer a file of src/ belongs to: its top folder, or its own name at the top. */
const layerOf = (path: string) => relative(src, path).split('/')[0]!;

/** Every relative import and re-export of src/, as [from, to] files. */
function imports(): Array<[string, string]> {
  return files(src).flatMap((file) => {
    const text = readFileSync(file, 'utf8');
    return [...text.matchAll(/^(?:import|export)\b[^;]*?\bfrom\s+'(\.[^']+)'/gms)].map((m): [string, string] => [
      file,
      normalize(join(dirname(file), m[1]!)),
    ]);
  });
}

describe('the layers of src/', () => {
  it('name every folder and top-level file', () => {
    const layers = new Set(files(src).map(layerOf));
    expect([...layers].filter((layer) => !LAYERS.includes(layer))).toEqual([]);
  });

  it('import only downward (or within a folder)', () => {
    const upward = imports()
      .map(([from, to]) => [layerOf(from), layerOf(to), `${relative(src, from)} -> ${relative(src, to)}`] as const)
      .filter(
        ([from, to]) => from !== to && LAYERS.indexOf(to) > LAYERS.indexOf(from) && !ALLOWED.has(`${from} -> ${to}`),
      )
      .map(([, , edge]) => edge);
    expect(upward).toEqual([]);
  });

  it('keep the cell entry free of the runner, the kernel and the stack', () => {
    // What `import 'dockbook'` reaches, file by file.
    const graph = new Map<string, string[]>();
    for (const [from, to] of imports()) graph.set(from, [...(graph.get(from) ?? []), to]);
    const reached = new Set<string>();
    const visit = (file: string) => {
      if (reached.has(file)) return;
      reached.add(file);
      for (const next of graph.get(file) ?? []) visit(next);
    };
    visit(join(src, 'index.ts'));
    const layers = new Set([...reached].map(layerOf));
    for (const layer of ['notebook', 'render', 'cli', 'stack', 'runner.ts', 'stack.ts'])
      expect(layers.has(layer), layer).toBe(false);
    expect(
      [...reached].some((file) =>
        /zeromq|tslab/.test(
          readFileSync(file, 'utf8')
            .match(/^import[^;]*from '([^.][^']*)'/gm)
            ?.join(' ') ?? '',
        ),
      ),
    ).toBe(false);
  });
});
