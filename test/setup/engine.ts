import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { connect } from '../../src/core/connect.ts';
import type { Endpoint } from '../../src/core/endpoint.ts';
import { podmanDown, podmanUp } from '../../src/stack.ts';
import { bringDown, bringUp } from '../../src/stack/stack.ts';
import { removeLabelled } from '../../src/session/cleanup.ts';
import { newSessionId } from '../../src/core/context-factory.ts';
import { LABEL_RUN } from '../../src/core/labels.ts';

const log = (line: string) => console.error(`[dockbook] ${line}`);

/**
 * The suite's last check: nothing labelled by this run's sessions may be left on the engine. What is found
 * is removed (so the next run starts clean) and fails the run, naming it.
 */
async function assertNothingLeft(run: string, endpoint?: Endpoint): Promise<void> {
  const { docker } = await connect(endpoint ? { endpoint } : {});
  const left = await removeLabelled(
    docker,
    (labels) => labels[LABEL_RUN] === run || labels[LABEL_RUN]?.startsWith(`${run}:`) === true,
  );
  const found = Object.entries(left).filter(([, ids]) => ids.length > 0);
  if (found.length > 0) {
    const shortIds = (ids: string[]): string => ids.map((id) => id.replace('sha256:', '').slice(0, 12)).join(', ');
    const listed = found.map(([kind, ids]) => `${ids.length} ${kind} (${shortIds(ids)})`).join('; ');
    throw new Error(`the suite left labelled resources behind: ${listed}`);
  }
  log(`no labelled container, volume, network or image left behind${endpoint ? ` on ${endpoint.host}` : ''}`);
}

export default async function setup(): Promise<() => Promise<void>> {
  // Every session the workers open carries this run's id, so the last check sees only this run's resources.
  const run = (process.env.DOCKBOOK_RUN = `test-${newSessionId()}`);
  // Registry, engine (with the registry as its mirror when it starts one), base images, mirror filled.
  const stack = await bringUp({ log });
  // The project's own Podman, for the tests that prove the course on it: they find it at DOCKBOOK_PODMAN_HOST.
  const podman = await podmanUp({ log });
  process.env.DOCKBOOK_PODMAN_HOST = podman.host;
  const podmanEndpoint = { host: podman.host, source: 'DOCKER_HOST' as const };
  // Every temporary file or folder the tests, their kernels and their CLIs make goes into one folder of
  // this run's own (the workers inherit TMPDIR), removed at the end, whatever the tests forgot. Set after
  // the stack is up, so that an engine or registry started here never holds a folder that goes away.
  const temp = mkdtempSync(join(tmpdir(), 'dockbook-test-run-'));
  process.env.TMPDIR = temp;
  return async () => {
    try {
      // Both engines are checked (and cleaned) whatever the first one finds.
      const results = await Promise.allSettled([assertNothingLeft(run), assertNothingLeft(run, podmanEndpoint)]);
      const failed = results.flatMap((r) => (r.status === 'rejected' ? [r.reason as Error] : []));
      if (failed.length > 0) throw new Error(failed.map((e) => e.message).join('; '));
    } finally {
      rmSync(temp, { recursive: true, force: true });
      if (podman.started) await podmanDown({ log });
      await bringDown(stack, log);
    }
  };
}
