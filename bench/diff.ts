// What the diff after a cell costs: snapshot + diffSnapshots + formatDiff, for an empty session and for one with 10
// containers (5 running), 10 images (built), 5 volumes, against the engine of DOCKER_HOST (or --podman: the project's
// Podman). The goal (issue 19): at most 50 ms per cell on a quiet machine. Prints medians and p90s, and the load.
//
//   npx tsx bench/diff.ts [--podman] [--runs 30]
import { loadavg } from 'node:os';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { connect } from '../src/core/connect.ts';
import { createContext } from '../src/core/context-factory.ts';
import type { Context } from '../src/core/context.ts';
import { LABEL_SESSION } from '../src/core/labels.ts';
import { create, run } from '../src/containers/run.ts';
import { build } from '../src/images/build.ts';
import { cleanupSession } from '../src/session/cleanup.ts';
import { diffSnapshots } from '../src/session/engine-diff.ts';
import { formatDiff } from '../src/session/engine-diff-format.ts';
import { snapshot, type EngineSnapshot } from '../src/session/engine-snapshot.ts';
import { createVolume } from '../src/volumes/volumes.ts';
import { summarize, time } from './stats.ts';

const args = process.argv.slice(2);
const podman = args.includes('--podman');
const runs = Number(args[args.indexOf('--runs') + 1] || 30) || 30;
const host = podman ? 'unix:///root/.cache/dockbook/podman/podman.sock' : process.env.DOCKER_HOST;
const engine = await connect(host ? { env: { DOCKER_HOST: host } } : {});

/** One cell's diff: a snapshot after it, against the one before; what the runner would do after every cell. */
async function measure(ctx: Context): Promise<{ median: number; p90: number; n: number }> {
  const selector = `${LABEL_SESSION}=${ctx.session}`;
  const take = (previous?: EngineSnapshot) =>
    snapshot(ctx.docker, selector, {
      sessions: [ctx.session],
      refs: ctx.addedImageRefs,
      ...(previous ? { previous } : {}),
    });
  let before = await take();
  return summarize(
    await time(runs, async () => {
      const after = await take(before);
      formatDiff(diffSnapshots(before, after));
      before = after;
    }),
  );
}

const show = (label: string, s: { median: number; p90: number; n: number }) =>
  console.log(`${label.padEnd(44)} median ${s.median.toFixed(1)} ms  p90 ${s.p90.toFixed(1)} ms  (n=${s.n})`);

const ctx = await createContext({ notebook: 'bench:diff', engine });
const dir = mkdtempSync(join(tmpdir(), 'dockbook-bench-diff-'));
try {
  console.log(
    `${engine.kind} ${engine.engineVersion}; load average ${loadavg()
      .map((l) => l.toFixed(2))
      .join(' ')}`,
  );
  show('empty session', await measure(ctx));
  const name = (base: string) => `${base}-${ctx.session.replace(/^db-/, '')}`;
  for (let i = 0; i < 10; i++) {
    writeFileSync(join(dir, 'Dockerfile'), `FROM busybox\nRUN echo ${ctx.session} ${i} > /stamp\n`);
    await build(ctx, dir, { tags: [`${name('bench')}:v${i}`] });
  }
  for (let i = 0; i < 5; i++) await createVolume(ctx, name(`vol${i}`));
  for (let i = 0; i < 10; i++) {
    const options = { name: name(`c${i}`), ports: ['0:80'], volumes: [`${name(`vol${i % 5}`)}:/data`] };
    if (i < 5) await run(ctx, `${name('bench')}:v${i}`, ['sleep', '600'], { ...options, detach: true });
    else await create(ctx, `${name('bench')}:v${i}`, ['true'], options);
  }
  console.log(
    `load average ${loadavg()
      .map((l) => l.toFixed(2))
      .join(' ')}`,
  );
  show('10 containers, 10 images, 5 volumes', await measure(ctx));
  // Each request of a snapshot alone, one after another: which one a slow snapshot waits for.
  const filters = { label: [`${LABEL_SESSION}=${ctx.session}`] };
  const calls: Record<string, () => Promise<unknown>> = {
    'containers (label filter)': () => ctx.docker.listContainers({ all: true, filters }),
    'images (all)': () => ctx.docker.listImages({}),
    'images (label filter)': () => ctx.docker.listImages({ filters }),
    'image inspect (busybox)': () => ctx.docker.getImage('busybox').inspect(),
    'volumes (label filter)': () => ctx.docker.listVolumes({ filters }),
    'networks (label filter)': () => ctx.docker.listNetworks({ filters }),
  };
  for (const [label, call] of Object.entries(calls)) show(`  ${label}`, summarize(await time(10, call)));
  console.log(
    `load average ${loadavg()
      .map((l) => l.toFixed(2))
      .join(' ')}`,
  );
} finally {
  await cleanupSession(ctx);
  rmSync(dir, { recursive: true, force: true });
}
