// Peak memory of a run: `dockbook run <notebook>` (default notebook 03), sampling every 100 ms the
// resident memory of the runner and all its descendants (the tslab kernel, the docker CLI…),
// summed. Prints the peak sum and each process's own peak. Needs `npm run build` and the stack up.
// Run: npx tsx bench/memory.ts [notebooks/03-layers-and-cache.md]
import { spawn } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { join, resolve } from 'node:path';

const root = resolve(import.meta.dirname, '..');
const notebook = process.argv[2] ?? 'notebooks/03-layers-and-cache.md';

/** pid → [parent pid, resident KiB, command] for every process. */
function processes(): Map<number, [number, number, string]> {
  const all = new Map<number, [number, number, string]>();
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    try {
      const status = readFileSync(`/proc/${name}/status`, 'utf8');
      const ppid = Number(/^PPid:\s+(\d+)/m.exec(status)?.[1]);
      const rss = Number(/^VmRSS:\s+(\d+)/m.exec(status)?.[1] ?? 0);
      const cmd = readFileSync(`/proc/${name}/cmdline`, 'utf8').replaceAll('\0', ' ');
      all.set(Number(name), [ppid, rss, cmd]);
    } catch {
      // gone meanwhile
    }
  }
  return all;
}

const child = spawn(process.execPath, [join(root, 'bin', 'dockbook.js'), 'run', notebook], {
  cwd: root,
  stdio: 'inherit',
});
let peak = 0;
const own = new Map<string, number>();
const timer = setInterval(() => {
  const all = processes();
  const tree = new Set([child.pid!]);
  for (let grew = true; grew;) {
    grew = false;
    for (const [pid, [ppid]] of all) if (tree.has(ppid) && !tree.has(pid)) (tree.add(pid), (grew = true));
  }
  let sum = 0;
  for (const pid of tree) {
    const [, rss = 0, cmd = ''] = all.get(pid) ?? [];
    sum += rss;
    const key = cmd.includes('tslab') ? 'kernel (tslab)' : pid === child.pid ? 'runner' : cmd.split(' ')[0]!;
    own.set(key, Math.max(own.get(key) ?? 0, rss));
  }
  peak = Math.max(peak, sum);
}, 100);
child.on('exit', (code) => {
  clearInterval(timer);
  const mb = (kib: number) => `${(kib / 1024).toFixed(0)} MB`;
  console.log(
    `\n${notebook}: exit ${code}; peak RSS of runner plus descendants ${mb(peak)} (goal <= 250 MB); ` +
      `load ${loadavg()[0]!.toFixed(2)}`,
  );
  for (const [key, kib] of own) console.log(`  ${key}: peak ${mb(kib)}`);
});
