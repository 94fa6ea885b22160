// Collecting a large output, and waiting for a pattern at the end of one: dockbook against the
// docker CLI, interleaved A/B so that drift in the engine's speed affects both alike.
//   collect: `docker run --rm busybox head -c N /dev/zero | wc -c`  vs  run(…, { rm: true })
//   wait:    `docker logs -f C | grep -m1 'READY [0-9]'` vs  logs(ctx, C, { until: /READY \d+/ }),
//            over the log of a stopped container that printed N bytes of lines, then READY 42
// Prints every pair and the median ratios (the target for collect is <= 1.2).
// Run: npx tsx bench/output.ts [pairs=5] [bytes=20000000] [collect|wait|both]
import { execa } from 'execa';
import { logs } from '../src/containers/logs.ts';
import { run } from '../src/containers/run.ts';
import { wait } from '../src/containers/wait.ts';
import { cleanupSession } from '../src/session/cleanup.ts';
import { createContext } from '../src/core/context-factory.ts';
import { summarize } from './stats.ts';

const pairs = Number(process.argv[2] ?? 5);
const bytes = Number(process.argv[3] ?? 20_000_000);
const only = process.argv[4] ?? 'both';
const ctx = await createContext({ notebook: 'bench:output' });

async function timed(work: () => Promise<unknown>): Promise<number> {
  const t0 = performance.now();
  await work();
  return performance.now() - t0;
}

function expectSize(got: number, what: string): void {
  if (got !== bytes) throw new Error(`${what} collected ${got} bytes, not ${bytes}`);
}

const collect = {
  cli: async () => {
    const { stdout } = await execa('sh', ['-c', `docker run --rm busybox head -c ${bytes} /dev/zero | wc -c`]);
    expectSize(Number(stdout.trim()), 'the CLI');
  },
  dockbook: async () => {
    const r = await run(ctx, 'busybox', ['head', '-c', String(bytes), '/dev/zero'], { rm: true, timeoutMs: 600_000 });
    expectSize(r.stdout.length, 'dockbook');
  },
};

// A stopped container whose log is `bytes` of short lines, then the line awaited.
const logger =
  only === 'collect'
    ? { id: '' }
    : await run(ctx, 'busybox', `yes 'a line of output, not the one awaited' | head -c ${bytes}; echo; echo READY 42`, {
        detach: true,
      });
if (logger.id) await wait(ctx, logger.id, { timeoutMs: 600_000 });
const waitFor = {
  cli: async () => {
    const { stdout } = await execa('sh', ['-c', `docker logs -f ${logger.id} | grep -m1 'READY [0-9]'`]);
    if (stdout.trim() !== 'READY 42') throw new Error(`the CLI saw ${stdout}`);
  },
  dockbook: async () => {
    const r = await logs(ctx, logger.id, { until: /READY \d+/, timeoutMs: 600_000 });
    if (!r.output.endsWith('READY 42\n')) throw new Error('dockbook missed READY 42');
  },
};

for (const [name, ways] of Object.entries({ collect, wait: waitFor })) {
  if (only !== 'both' && only !== name) continue;
  await ways.cli();
  await ways.dockbook();
  const ratios: number[] = [];
  const samples = { cli: [] as number[], dockbook: [] as number[] };
  for (let i = 0; i < pairs; i++) {
    // Alternate which goes first, so neither always runs on a warmer engine.
    const order = i % 2 === 0 ? (['cli', 'dockbook'] as const) : (['dockbook', 'cli'] as const);
    const pair: Record<string, number> = {};
    for (const way of order) pair[way] = await timed(ways[way]);
    samples.cli.push(pair.cli!);
    samples.dockbook.push(pair.dockbook!);
    ratios.push(pair.dockbook! / pair.cli!);
    console.log(
      `${name.padEnd(8)} pair ${i + 1}: cli ${pair.cli!.toFixed(0)} ms, dockbook ${pair.dockbook!.toFixed(0)} ms, ` +
        `ratio ${ratios.at(-1)!.toFixed(3)}`,
    );
  }
  const median = (values: number[]) => summarize(values).median;
  console.log(
    `${name.padEnd(8)} ${(bytes / 1e6).toFixed(0)} MB: cli median ${median(samples.cli).toFixed(0)} ms, dockbook ` +
      `median ${median(samples.dockbook).toFixed(0)} ms, median ` +
      `ratio ${median(ratios).toFixed(3)}${name === 'collect' ? '  (target <= 1.2)' : ''}`,
  );
}
await cleanupSession(ctx);
