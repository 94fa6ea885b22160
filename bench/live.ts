// Live progress in a learner's Jupyter kernel: how soon a build cell shows its first step, and
// how often the display is redrawn. A tslab kernel as Jupyter starts it (no DOCKBOOK_RUN), a
// build of a four-step Dockerfile with slow RUN steps; the cell records when tslab's display
// was drawn, relative to the call. Run: npx tsx bench/live.ts [rounds=3]
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadavg } from 'node:os';
import { startKernel } from '../src/notebook/kernel/kernel.ts';
import { packageRoot } from '../src/paths.ts';

const rounds = Number(process.argv[2] ?? 3);
const context = mkdtempSync(join(tmpdir(), 'dockbook-bench-live-'));
writeFileSync(join(context, 'Dockerfile'), 'FROM busybox\nRUN sleep 1\nRUN sleep 1\nCMD ["true"]\n');
const { DOCKBOOK_RUN: _run, ...env } = process.env;
const kernel = await startKernel(join(packageRoot, 'notebooks'), { env });
try {
  const setup = await kernel.execute(`
import { openSession } from 'dockbook';
const docker = await openSession({ notebook: 'bench-live' });
const tslab = require('tslab');
const draws: { at: number; text: string }[] = [];
const newDisplay = tslab.newDisplay;
tslab.newDisplay = () => {
  const display = newDisplay();
  const text = display.text.bind(display);
  display.text = (shown: string) => (draws.push({ at: performance.now(), text: shown }), text(shown));
  return display;
};`);
  if (setup.status !== 'ok') throw new Error(JSON.stringify(setup));
  console.log(`live progress of a build cell in Jupyter's kernel, ${rounds} rounds; load ${loadavg()[0]!.toFixed(2)}`);
  console.log('round   first step shown   build call ends   redraws   steps');
  for (let round = 1; round <= rounds; round++) {
    const result = await kernel.execute(`
draws.length = 0;
const t0 = performance.now();
const built = await docker.build(${JSON.stringify(context)}, { noCache: true });
const first = draws.find((d) => d.text.includes('Step 1/'));
console.log(JSON.stringify({ first: first ? first.at - t0 : null, end: performance.now() - t0,
  draws: draws.length, steps: built.steps.length }));`);
    const out = result.outputs.find((o) => o.type === 'stream' && o.name === 'stdout');
    if (result.status !== 'ok' || out?.type !== 'stream') throw new Error(JSON.stringify(result));
    const figures = JSON.parse(out.text.trim().split('\n').at(-1)!) as Record<string, number>;
    console.log(
      `${String(round).padStart(5)}   ${`${figures.first!.toFixed(0)} ms`.padStart(16)}   ` +
        `${`${figures.end!.toFixed(0)} ms`.padStart(15)}   ${String(figures.draws).padStart(7)}   ${figures.steps}`,
    );
  }
  await kernel.execute('await docker.cleanup();');
} finally {
  await kernel.shutdown();
  rmSync(context, { recursive: true, force: true });
}
