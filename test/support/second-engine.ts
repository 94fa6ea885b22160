import { randomInt } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { execa } from 'execa';
import { connect, type Engine } from '../../src/core/connect.ts';
import { startDockerd, stopDockerd } from '../../src/stack/daemon.ts';
import { ownedDaemonArgs } from '../../src/stack/engine.ts';

/** A dockerd of a test's own, that the test may stop and start again. */
export interface SecondEngine {
  /** `unix:///tmp/dockbook-engine2-…/docker.sock`. */
  host: string;
  /** Starts it (again): same data, so what it held before is still there. */
  start(): Promise<Engine>;
  /** Stops it (SIGTERM, as `engine down` does). */
  stop(): Promise<void>;
  /** Stops it and removes its bridge and folder. */
  dispose(): Promise<void>;
}

/**
 * Starts a second dockerd with everything of its own: data root, exec root, socket, config and
 * a bridge (never `--bridge=none`, which deletes the shared engine's docker0), with no iptables,
 * so stopping it never touches the shared engine. `env` is the registry environment its mirror
 * comes from (ownedDaemonArgs).
 *
 * @example
 * const second = await secondEngine();
 * const engine = await second.start();
 * await second.stop();
 */
export async function secondEngine(env: NodeJS.ProcessEnv = process.env): Promise<SecondEngine> {
  const dir = mkdtempSync(join(tmpdir(), 'dockbook-engine2-'));
  writeFileSync(join(dir, 'daemon.json'), '{}\n');
  const bridge = `dbk${randomInt(0, 0xffffff).toString(16).padStart(6, '0')}`;
  await execa('ip', ['link', 'add', 'name', bridge, 'type', 'bridge']);
  await execa('ip', ['addr', 'add', `198.18.${randomInt(1, 255)}.1/24`, 'dev', bridge]);
  await execa('ip', ['link', 'set', bridge, 'up']);
  const host = `unix://${join(dir, 'docker.sock')}`;
  const endpoint = { host, source: 'DOCKER_HOST' as const };
  const isolation = [
    '--data-root',
    join(dir, 'data'),
    '--exec-root',
    join(dir, 'exec'),
    '--config-file',
    join(dir, 'daemon.json'),
    `--bridge=${bridge}`,
    '--iptables=false',
    '--ip6tables=false',
    '--ip-forward=false',
  ];
  return {
    host,
    async start() {
      await startDockerd({
        dir,
        host,
        args: ownedDaemonArgs({ env, daemonArgs: isolation }),
        ready: () =>
          connect({ endpoint, timeoutMs: 1000 }).then(
            () => true,
            () => false,
          ),
      });
      return connect({ endpoint });
    },
    async stop() {
      await stopDockerd({ dir });
    },
    async dispose() {
      await stopDockerd({ dir }).catch(() => undefined);
      await execa('ip', ['link', 'del', bridge], { reject: false });
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
