import { connect } from '../../src/engine/connect.ts';
import { engineDown, engineUp } from '../../src/engine/lifecycle.ts';
import { seedImages } from '../../src/images/seed.ts';
import { removeLabelled } from '../../src/session/cleanup.ts';
import { newSessionId } from '../../src/session/context-factory.ts';
import { LABEL_RUN } from '../../src/session/labels.ts';

const log = (line: string) => console.error(`[dockbook] ${line}`);

/**
 * The suite's last check: nothing labelled by this run's sessions may be left on the engine. What is found
 * is removed (so the next run starts clean) and fails the run, naming it.
 */
async function assertNothingLeft(run: string): Promise<void> {
  const { docker } = await connect();
  const left = await removeLabelled(docker, (labels) => labels[LABEL_RUN] === run || labels[LABEL_RUN]?.startsWith(`${run}:`) === true);
  const found = Object.entries(left).filter(([, ids]) => ids.length > 0);
  if (found.length > 0) {
    throw new Error(`the suite left labelled resources behind: ${found.map(([kind, ids]) => `${ids.length} ${kind} (${ids.map((id: string) => id.replace('sha256:', '').slice(0, 12)).join(', ')})`).join('; ')}`);
  }
  log('no labelled container, volume, network or image left behind');
}

export default async function setup(): Promise<() => Promise<void>> {
  // Every session the workers open carries this run's id, so the last check sees only this run's resources.
  const run = (process.env.DOCKBOOK_RUN = `test-${newSessionId()}`);
  const up = await engineUp({ log });
  log(`engine ${up.engine.engineVersion} at ${up.engine.endpoint.host}${up.started ? ` (started in ${up.startMs} ms${up.installed ? `, installed in ${up.installMs} ms` : ''})` : ''}`);
  for (const r of await seedImages(up.engine, { log })) log(`image ${r.name}: ${r.action} in ${r.ms} ms`);
  return async () => {
    try {
      await assertNothingLeft(run);
    } finally {
      if (up.started) log(`stopped the engine this run started (pid ${await engineDown()})`);
    }
  };
}
