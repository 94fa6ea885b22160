import { afterAll, beforeAll } from 'vitest';
import { cleanupSession } from '../../src/session/cleanup.ts';
import type { Context } from '../../src/core/context.ts';
import { createContext } from '../../src/core/context-factory.ts';

/**
 * A labelled Context for one test file, cleaned up after the file even when tests fail.
 * Call at the top of a describe block or file; read `.ctx` inside tests.
 */
export function useContext(name: string): { ctx: Context } {
  const holder = {} as { ctx: Context };
  beforeAll(async () => {
    holder.ctx = await createContext({ notebook: `test:${name}` });
  });
  afterAll(async () => {
    if (holder.ctx) await cleanupSession(holder.ctx);
  });
  return holder;
}
