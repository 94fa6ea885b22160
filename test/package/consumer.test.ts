import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  readdirSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { execa } from 'execa';
import { afterAll, describe, expect, it } from 'vitest';

// A TypeScript project that installs dockbook, with nothing else: its node_modules holds only
// dockbook (as `npm pack` ships it) and dockbook's production dependency closure, never the
// dev dependencies this checkout has. Its compiler checks every declaration file it reaches
// (skipLibCheck: false), so a public type that needs a dev-only @types package fails here.

const root = resolve(import.meta.dirname, '..', '..');
const tsc = join(root, 'node_modules', 'typescript', 'bin', 'tsc');

interface Manifest {
  name: string;
  dependencies?: Record<string, string>;
  optionalDependencies?: Record<string, string>;
  peerDependencies?: Record<string, string>;
  peerDependenciesMeta?: Record<string, { optional?: boolean }>;
}

const manifest = (dir: string) => JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as Manifest;

/** Where `name` resolves from the package in `dir`, as Node does: the nearest node_modules up the tree. */
function locate(name: string, dir: string): string | undefined {
  for (let at = dir; ; at = dirname(at)) {
    const candidate = join(at, 'node_modules', name);
    if (existsSync(join(candidate, 'package.json'))) return candidate;
    if (at === root || dirname(at) === at) return undefined;
  }
}

/**
 * The top-level packages of this checkout's node_modules that dockbook's `dependencies` need,
 * recursively (optional and optional peer dependencies when installed). A package nested in
 * another's node_modules comes along with the one it is nested in. `optional: false` is a
 * library-only install (`npm install dockbook --omit=optional`): no tslab, no zeromq.
 */
export function productionClosure({ optional = true } = {}): Set<string> {
  const top = join(root, 'node_modules');
  const closure = new Set<string>();
  const seen = new Set<string>();
  const visit = (dir: string) => {
    const m = manifest(dir);
    const peers = Object.keys(m.peerDependencies ?? {}).filter((name) => !m.peerDependenciesMeta?.[name]?.optional);
    const required = [...Object.keys(m.dependencies ?? {}), ...peers];
    const wanted = [
      ...required.map((name) => [name, true] as const),
      ...(optional || dir !== root ? Object.keys(m.optionalDependencies ?? {}) : []).map(
        (name) => [name, false] as const,
      ),
    ];
    for (const [name, needed] of wanted) {
      const found = locate(name, dir);
      if (!found) {
        if (needed) throw new Error(`${m.name} needs ${name}, which is not installed: run npm install`);
        continue;
      }
      if (seen.has(found)) continue;
      seen.add(found);
      if (dirname(found) === top || dirname(dirname(found)) === top) closure.add(found.slice(top.length + 1));
      visit(found);
    }
  };
  visit(root);
  return closure;
}

const made: string[] = [];
afterAll(() => {
  for (const dir of made) rmSync(dir, { recursive: true, force: true });
});

/** The consumer project: dockbook from its packed tarball, its dependencies linked from this checkout. */
async function consumerProject({ optional = true } = {}): Promise<string> {
  const dir = mkdtempSync(join(tmpdir(), 'dockbook-consumer-'));
  made.push(dir);
  const modules = join(dir, 'node_modules');
  mkdirSync(join(modules, 'dockbook'), { recursive: true });
  const { stdout } = await execa('npm', ['pack', '--ignore-scripts', '--json', '--pack-destination', dir], {
    cwd: root,
  });
  const [{ filename }] = JSON.parse(stdout) as [{ filename: string }];
  await execa('tar', ['-xzf', join(dir, filename), '-C', join(modules, 'dockbook'), '--strip-components=1']);
  for (const name of productionClosure({ optional })) {
    mkdirSync(dirname(join(modules, name)), { recursive: true });
    symlinkSync(join(root, 'node_modules', name), join(modules, name), 'dir');
  }
  symlinkSync(join(root, 'node_modules', 'typescript'), join(modules, 'typescript'), 'dir');
  writeFileSync(
    join(dir, 'package.json'),
    JSON.stringify({ name: 'consumer', private: true, type: 'module', dependencies: { dockbook: '*' } }),
  );
  writeFileSync(
    join(dir, 'index.ts'),
    `import { openSession, run, build, isDockbookError, DockbookError, type RunResult } from 'dockbook';

const docker = await openSession({ notebook: 'consumer' });
try {
  const hello: RunResult = await docker.run('busybox', 'echo hello', { rm: true });
  const code: number = hello.exitCode;
  const built = await docker.build('./app', { tags: ['app:v1'] });
  console.log(code, built.steps.length, typeof run, typeof build);
} catch (error) {
  if (isDockbookError(error, 'NOT_FOUND')) console.error(error.code, error.hint);
  if (error instanceof DockbookError) console.error(error.operation, error.command);
} finally {
  await docker.cleanup();
}
`,
  );
  return dir;
}

function tsconfig(dir: string, name: string, extra: Record<string, unknown>): string {
  const file = join(dir, name);
  // preserveSymlinks: a linked package resolves its own imports from this project's
  // node_modules, not from the checkout it links to (where the dev dependencies are).
  const compilerOptions = {
    target: 'ES2022',
    module: 'NodeNext',
    moduleResolution: 'NodeNext',
    strict: true,
    skipLibCheck: false,
    noEmit: true,
    preserveSymlinks: true,
    ...extra,
  };
  writeFileSync(file, JSON.stringify({ compilerOptions, files: ['index.ts'] }, null, 2));
  return file;
}

describe('a TypeScript project that installs dockbook', () => {
  it('gets only the production dependency closure, never a dev dependency', () => {
    const closure = productionClosure();
    expect(closure).toContain('dockerode');
    for (const dev of ['vitest', 'tsx', 'ajv', 'playwright-core']) expect(closure).not.toContain(dev);
  });

  it('compiles with skipLibCheck: false and strict, with the default types and with types: []', async () => {
    const dir = await consumerProject();
    expect(readdirSync(join(dir, 'node_modules', 'dockbook', 'dist'))).toContain('index.d.ts');
    const configs = [tsconfig(dir, 'tsconfig.json', {}), tsconfig(dir, 'tsconfig.no-types.json', { types: [] })];
    const results = await Promise.all(
      configs.map((config) => execa('node', [tsc, '-p', config], { cwd: dir, reject: false })),
    );
    results.forEach((result, i) => expect(result.exitCode, `${configs[i]}:\n${result.stdout}${result.stderr}`).toBe(0));
  });
});

describe('a library-only install (npm install dockbook --omit=optional)', () => {
  it('leaves tslab and zeromq out, and is smaller', async () => {
    const full = productionClosure();
    const lean = productionClosure({ optional: false });
    for (const name of ['tslab', 'zeromq']) {
      expect(full).toContain(name);
      expect(lean).not.toContain(name);
    }
    expect(lean.size).toBeLessThan(full.size);
  });

  it('imports every entry, runs a container, and says what to install to run notebooks', async () => {
    const dir = await consumerProject({ optional: false });
    writeFileSync(
      join(dir, 'lean.mjs'),
      `import { openSession } from 'dockbook';
import { startKernel } from 'dockbook/runner';
import { engineStatus } from 'dockbook/stack';
const docker = await openSession({ notebook: 'lean' });
try {
  console.log((await docker.run('busybox', 'echo lean', { rm: true })).stdout.trim(), typeof engineStatus);
} finally {
  await docker.cleanup();
}
try {
  await startKernel(process.cwd());
} catch (error) {
  console.log(error.code, error.target, error.command);
}
`,
    );
    const result = await execa('node', ['--preserve-symlinks', 'lean.mjs'], { cwd: dir, reject: false, all: true });
    expect(result.all).toBe('lean function\nMISSING_DEPENDENCY zeromq npm install tslab zeromq');
  });
});
