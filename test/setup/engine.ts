import { engineDown, engineUp } from '../../src/engine/lifecycle.ts';
import { seedImages } from '../../src/images/seed.ts';

const log = (line: string) => console.error(`[dockbook] ${line}`);

export default async function setup(): Promise<() => Promise<void>> {
  const up = await engineUp({ log });
  log(`engine ${up.engine.engineVersion} at ${up.engine.endpoint.host}${up.started ? ` (started in ${up.startMs} ms${up.installed ? `, installed in ${up.installMs} ms` : ''})` : ''}`);
  for (const r of await seedImages(up.engine, { log })) log(`image ${r.name}: ${r.action} in ${r.ms} ms`);
  return async () => {
    if (!up.started) return;
    const pid = await engineDown();
    log(`stopped the engine this run started (pid ${pid})`);
  };
}
