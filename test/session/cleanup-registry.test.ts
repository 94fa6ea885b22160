import { describe, expect, it } from 'vitest';
import { push } from '../../src/images/push.ts';
import { tag } from '../../src/images/tag.ts';
import { registryImageId, registryRepositories } from '../../src/registry/api.ts';
import { privateRegistryDir, privateRegistryHost, registryHost } from '../../src/registry/config.ts';
import { courseCredentials } from '../../src/registry/credentials.ts';
import { registryUp } from '../../src/stack/registry.ts';
import { login } from '../../src/registry/login.ts';
import { cleanupSession } from '../../src/session/cleanup.ts';
import { createContext } from '../../src/core/context-factory.ts';
import { useRegistryEnv } from '../registry/fixtures.ts';

const r = useRegistryEnv();

describe("cleanup and the course's registries", () => {
  it('deletes what the session pushed to the public and the private registry, with every tag of it', async () => {
    const ctx = await createContext({ notebook: 'test:cleanup-registry' });
    const repository = `cleanup-${ctx.session}`;
    const credentials = courseCredentials(privateRegistryDir());
    let pushed: string[] = [];
    try {
      await tag(ctx, 'busybox', `${registryHost()}/${repository}:v1`);
      await tag(ctx, 'busybox', `${registryHost()}/${repository}:latest`);
      await tag(ctx, 'busybox', `${privateRegistryHost()}/${repository}:v1`);
      const results = [
        await push(ctx, `${registryHost()}/${repository}:v1`),
        await push(ctx, `${registryHost()}/${repository}:latest`),
      ];
      await login(ctx, privateRegistryHost(), credentials);
      results.push(await push(ctx, `${privateRegistryHost()}/${repository}:v1`));
      pushed = [
        `${registryHost()}/${repository}@${results[0]!.digest}`,
        `${privateRegistryHost()}/${repository}@${results[2]!.digest}`,
      ];
      expect(await registryImageId(registryHost(), repository, 'latest')).toMatch(/^sha256:/);
      expect(await registryRepositories(registryHost())).toContain(repository);
    } finally {
      const report = await cleanupSession(ctx);
      // v1 and latest name one manifest: deleting it once removes both tags.
      expect(report.manifests).toEqual(pushed);
    }
    for (const tagName of ['v1', 'latest'])
      expect(await registryImageId(registryHost(), repository, tagName)).toBeUndefined();
    expect(await registryRepositories(registryHost())).not.toContain(repository);
    expect(await registryRepositories(privateRegistryHost(), credentials)).not.toContain(repository);
  });

  it('never deletes what the session pushed to any other registry', async () => {
    const host = (await registryUp({ env: r.env })).host;
    const ctx = await createContext({ notebook: 'test:cleanup-registry-other' });
    const repository = `kept-${ctx.session}`;
    try {
      await tag(ctx, 'busybox', `${host}/${repository}:v1`);
      await push(ctx, `${host}/${repository}:v1`);
    } finally {
      expect((await cleanupSession(ctx)).manifests).toEqual([]);
    }
    expect(await registryImageId(host, repository, 'v1')).toMatch(/^sha256:/);
  });
});
