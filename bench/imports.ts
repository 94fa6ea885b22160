// What importing each entry point costs: a fresh Node process per sample imports dist/<entry>.js
// and reports the import's wall time and whether zeromq or tslab got loaded. Needs `npm run build`.
// Run: npx tsx bench/imports.ts [samples=15]
import { execFileSync } from 'node:child_process';
import { loadavg } from 'node:os';
import { join, resolve } from 'node:path';

const samples = Number(process.argv[2] ?? 15);
const root = resolve(import.meta.dirname, '..');
const probe =
  `
const t0 = performance.now();
await import(process.argv[1]);
const ms = performance.now() - t0;
const { createRequire } = await import('node:module');
const cache = Object.keys(createRequire(import.meta.url).cache);
console.log(JSON.stringify({ ms, zeromq: cache.some((k) => k.includes('/zeromq/')), tslab: cache.some((k) => ` +
  `k.includes('/tslab/')) }));
`;
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

console.log(`import cost of each entry, ${samples} fresh processes each; load ${loadavg()[0]!.toFixed(2)}`);
for (const entry of ['index', 'runner', 'stack']) {
  const runs = Array.from(
    { length: samples },
    () =>
      JSON.parse(
        execFileSync(process.execPath, ['--input-type=module', '-e', probe, join(root, 'dist', `${entry}.js`)], {
          encoding: 'utf8',
        }),
      ) as { ms: number; zeromq: boolean; tslab: boolean },
  );
  const ms = runs.map((r) => r.ms);
  console.log(
    `${entry.padEnd(7)} median ${median(ms).toFixed(0)} ms, min ${Math.min(...ms).toFixed(0)} ms; loads ` +
      `zeromq: ${runs[0]!.zeromq}, tslab: ${runs[0]!.tslab}`,
  );
}
