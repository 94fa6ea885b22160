// The notebook runner: its overhead on a 50-cell notebook against the sum of the cells' own
// times, and how much kernel start-up prestarting the next notebook's kernel hides.
// Run: npx tsx bench/notebook.ts [cells]
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { connect } from '../src/core/connect.ts';
import { runNotebooks } from '../src/notebook/run/run-notebooks.ts';

const cellCount = Number(process.argv[2] ?? 50);
const dir = mkdtempSync(join(tmpdir(), 'dockbook-bench-'));
const header = (title: string) =>
  `---\njupyter:\n  kernelspec:\n    name: dockbook\n    display_name: TypeScript (dockbook)\n` +
  `    language: typescript\n  dockbook:\n    title: ${title}\n    concepts: []\n---\n\n`;

function notebook(name: string, cells: number): string {
  const body = Array.from(
    { length: cells },
    (_, i) => `Cell ${i + 1}.\n\n\`\`\`typescript\nconsole.log(${i} * 2);\n\`\`\`\n\n\`\`\`output\n${i * 2}\n\`\`\`\n`,
  ).join('\n');
  const path = join(dir, `${name}.md`);
  writeFileSync(path, header(name) + body);
  return path;
}

const engine = await connect();
const big = notebook('fifty', cellCount);
const [report] = await runNotebooks([big], { engine });
const cellsMs = report!.cells.reduce((sum, c) => sum + c.durationMs, 0);
console.log(
  `${cellCount}-cell notebook: ${report!.durationMs} ms in all, ${cellsMs} ms in its cells (kernel round trips)`,
);
console.log(
  `runner overhead: ${report!.durationMs - cellsMs} ms (verification, final cleanup cell, shutdown; the kernel was ` +
    `prestarted), ${((report!.durationMs - cellsMs) / cellCount).toFixed(1)} ms a cell`,
);

const small = ['a', 'b', 'c'].map((n) => notebook(n, 3));
for (const prestart of [false, true]) {
  const t0 = performance.now();
  await runNotebooks(small, { engine, prestart });
  console.log(`3 small notebooks, prestart ${prestart ? 'on ' : 'off'}: ${Math.round(performance.now() - t0)} ms`);
}
rmSync(dir, { recursive: true, force: true });
