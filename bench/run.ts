// `run --rm` of a trivial command three ways: the docker CLI, raw dockerode, and dockbook.
// Prints medians and the ratios the library is held to. Run: npx tsx bench/run.ts [rounds]
import { execa } from 'execa';
import { run } from '../src/containers/run.ts';
import { registerWait } from '../src/containers/io.ts';
import { cleanupSession } from '../src/session/cleanup.ts';
import { createContext } from '../src/core/context-factory.ts';
import { summarize, time } from './stats.ts';

const rounds = Number(process.argv[2] ?? 30);
const ctx = await createContext({ notebook: 'bench:run' });
const { docker } = ctx;

/** The least dockerode needs for `run --rm busybox true` with its output: create, attach, wait, start. */
async function rawDockerode(): Promise<void> {
  const container = await docker.createContainer({
    Image: 'busybox',
    Cmd: ['true'],
    Labels: ctx.labels,
    AttachStdout: true,
    AttachStderr: true,
    HostConfig: { AutoRemove: true },
  });
  const stream = await container.attach({ stream: true, stdout: true, stderr: true });
  const ended = new Promise((r) => stream.once('end', r));
  stream.resume();
  const exit = await registerWait(docker, container.id, 'removed', AbortSignal.timeout(30_000));
  await container.start();
  await Promise.all([exit.exited, ended]);
}

const interleaved: Record<string, number[]> = { cli: [], dockerode: [], dockbook: [] };
const ways: Record<string, () => Promise<unknown>> = {
  cli: () => execa('docker', ['run', '--rm', 'busybox', 'true']),
  dockerode: rawDockerode,
  dockbook: () => run(ctx, 'busybox', ['true'], { rm: true }),
};
// Interleave the three so that drift in the engine's speed affects each alike.
// The order rotates each round, so that none always runs on a warmer (or busier) engine.
const names = Object.keys(ways);
for (let i = 0; i < rounds; i++) {
  for (let j = 0; j < names.length; j++) {
    const name = names[(i + j) % names.length]!;
    interleaved[name]!.push(...(await time(1, ways[name]!, i === 0 ? 2 : 0)));
  }
}
const s = Object.fromEntries(Object.entries(interleaved).map(([k, v]) => [k, summarize(v)]));
for (const [name, { median, p90, n }] of Object.entries(s))
  console.log(`${name.padEnd(10)} median ${median.toFixed(1)} ms   p90 ${p90.toFixed(1)} ms   (n=${n})`);
// Each round's own ratio too (the three ran back to back), whose median drift between rounds moves less.
const paired = (a: string, b: string) => summarize(interleaved[a]!.map((ms, i) => ms / interleaved[b]![i]!)).median;
console.log(
  `dockbook / docker CLI: ${(s.dockbook!.median / s.cli!.median).toFixed(3)} of ` +
    `medians, ${paired('dockbook', 'cli').toFixed(3)} median per round  (target <= 1)`,
);
console.log(
  `dockbook / dockerode:  ${(s.dockbook!.median / s.dockerode!.median).toFixed(3)} of ` +
    `medians, ${paired('dockbook', 'dockerode').toFixed(3)} median per round  (target <= 1.02)`,
);
await cleanupSession(ctx);
