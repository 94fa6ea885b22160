// What a user's `npm install dockbook` brings: the packed tarball installed into two empty
// projects, with its optional dependencies (tslab and zeromq: the learner's install, what running
// notebooks needs) and without them (`--omit=optional`: the library alone). Prints each
// node_modules' size, package count and install time. Needs the npm registry.
// Run: npx tsx bench/install-size.ts
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

const root = resolve(import.meta.dirname, '..');
const work = mkdtempSync(join(tmpdir(), 'dockbook-install-size-'));
try {
  const packed = JSON.parse(
    execFileSync('npm', ['pack', '--ignore-scripts', '--json', '--pack-destination', work], { cwd: root }).toString(),
  ) as [{ filename: string }];
  const tarball = join(work, packed[0].filename);
  const packages = (dir: string): number =>
    readdirSync(dir).reduce(
      (n, name) => n + (name.startsWith('@') ? readdirSync(join(dir, name)).length : name.startsWith('.') ? 0 : 1),
      0,
    );
  console.log(`${'install'.padEnd(38)} node_modules  packages   time`);
  for (const [label, extra] of [
    ['npm install dockbook', []],
    ['npm install dockbook --omit=optional', ['--omit=optional']],
  ] as const) {
    const dir = join(work, extra.length ? 'lean' : 'full');
    mkdirSync(dir);
    writeFileSync(join(dir, 'package.json'), '{"name":"consumer","private":true}');
    const t0 = performance.now();
    execFileSync('npm', ['install', '--no-audit', '--no-fund', ...extra, tarball], { cwd: dir, stdio: 'ignore' });
    const seconds = (performance.now() - t0) / 1000;
    const mb =
      Number(
        execFileSync('du', ['-sb', join(dir, 'node_modules')])
          .toString()
          .split('\t')[0],
      ) / 1e6;
    const modules = join(dir, 'node_modules');
    console.log(
      `${label.padEnd(38)} ${mb.toFixed(1).padStart(7)} MB ${String(packages(modules)).padStart(9)} ` +
        `${seconds.toFixed(1).padStart(6)} s`,
    );
  }
} finally {
  rmSync(work, { recursive: true, force: true });
}
