import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll } from 'vitest';
import { registryDown } from '../../src/stack/registry.ts';

/** A TCP port nothing listens on right now. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer().listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
    server.on('error', reject);
  });
}

/**
 * An environment of its own for registry tests: a temporary cache folder and free ports for
 * the public and private registries, so the ones the suite runs against are never touched.
 * Registries started in it are stopped, and the folder removed, after the file.
 */
export function useRegistryEnv(): { env: NodeJS.ProcessEnv; cache: string } {
  const holder = {} as { env: NodeJS.ProcessEnv; cache: string };
  beforeAll(async () => {
    holder.cache = mkdtempSync(join(tmpdir(), 'dockbook-registry-test-'));
    holder.env = {
      ...process.env,
      DOCKBOOK_CACHE: holder.cache,
      DOCKBOOK_REGISTRY_PORT: String(await freePort()),
      DOCKBOOK_PRIVATE_REGISTRY_PORT: String(await freePort()),
    };
  });
  afterAll(async () => {
    if (!holder.env) return;
    await registryDown(holder.env);
    await registryDown(holder.env, 'private');
    rmSync(holder.cache, { recursive: true, force: true });
  });
  return holder;
}
