import { beforeAll } from 'vitest';
import { connect, type Engine } from '../../../src/core/connect.ts';
import { ensureJupyter } from '../../../src/notebook/jupyter/packages.ts';

/**
 * For a test file that runs notebooks under Jupyter: Debian's Jupyter packages installed (if
 * missing) and the engine connected before its tests, and the suite's run id, so the suite's
 * last check sees what the notebooks leave. Read `.engine` inside tests.
 */
export function useJupyter(): { engine: Engine; runId: string } {
  const holder = { runId: process.env.DOCKBOOK_RUN ?? `vitest-${process.pid}` } as { engine: Engine; runId: string };
  beforeAll(async () => {
    holder.engine = await connect();
    await ensureJupyter({ log: (line) => console.error(line) });
  }, 600_000);
  return holder;
}
