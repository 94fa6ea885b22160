// `dockbook run` of the course (or the notebooks named) against a remote engine: a dockerd of its own in a network
// namespace, reached over TCP with TLS (test/support/remote-engine.ts). Prints the run's own lines and summary, then
// how long the engine took to start, the run, and the teardown. Run: npx tsx bench/remote-course.ts [notebooks…]
import { execa } from 'execa';
import { remoteEngine } from '../test/support/remote-engine.ts';

const seconds = (ms: number) => `${(ms / 1000).toFixed(1)} s`;
const t0 = performance.now();
const remote = await remoteEngine();
const started = performance.now() - t0;
console.log(`remote engine at ${remote.host} (DOCKER_CERT_PATH=${remote.certPath}) up in ${seconds(started)}`);
let ran = 0;
let exitCode: number | undefined;
try {
  const t1 = performance.now();
  const run = await execa('node', ['bin/dockbook.js', 'run', '--continue', ...process.argv.slice(2)], {
    env: remote.env,
    stdout: 'inherit',
    stderr: 'inherit',
    reject: false,
  });
  ran = performance.now() - t1;
  exitCode = run.exitCode;
} finally {
  const t2 = performance.now();
  await remote.dispose();
  console.log(
    `engine start ${seconds(started)}, dockbook run ${seconds(ran)} (exit code ${exitCode}), ` +
      `teardown ${seconds(performance.now() - t2)}`,
  );
}
process.exitCode = exitCode ?? 1;
