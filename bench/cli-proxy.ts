// `docker run --rm busybox true` through cli() (the CLI talks to the session's Docker proxy) and
// the same CLI straight at the engine. Prints medians and the proxy's overhead.
// Run: npx tsx bench/cli-proxy.ts [rounds]
import { execa } from 'execa';
import { cli } from '../src/docker-cli.ts';
import { sessionDockerConfig } from '../src/registry/docker-config.ts';
import { cleanupSession } from '../src/session/cleanup.ts';
import { createContext } from '../src/core/context-factory.ts';
import { summarize, time } from './stats.ts';

const rounds = Number(process.argv[2] ?? 15);
const ctx = await createContext({ notebook: 'bench:cli-proxy' });
const args = ['run', '--rm', 'busybox', 'true'];
const env = {
  DOCKER_HOST: ctx.engine.endpoint.host,
  DOCKER_CONTEXT: undefined,
  DOCKER_CONFIG: sessionDockerConfig(ctx),
};

const samples: Record<string, number[]> = { direct: [], proxy: [] };
const ways: Record<string, () => Promise<unknown>> = {
  direct: () => execa('docker', args, { env, stdin: 'ignore' }),
  proxy: () => cli(ctx, args),
};
// Interleaved, so that drift in the engine's speed affects both alike.
for (let i = 0; i < rounds; i++) {
  for (const [name, work] of Object.entries(ways)) samples[name]!.push(...(await time(1, work, i === 0 ? 2 : 0)));
}
const s = Object.fromEntries(Object.entries(samples).map(([k, v]) => [k, summarize(v)]));
for (const [name, { median, p90, n }] of Object.entries(s))
  console.log(`${name.padEnd(7)} median ${median.toFixed(1)} ms   p90 ${p90.toFixed(1)} ms   (n=${n})`);
console.log(
  `proxy - direct: ${(s.proxy!.median - s.direct!.median).toFixed(1)} ms ` +
    `(${((s.proxy!.median / s.direct!.median - 1) * 100).toFixed(1)} %)`,
);
await cleanupSession(ctx);
