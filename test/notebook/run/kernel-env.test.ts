import { describe, expect, it } from 'vitest';
import type { Notebook } from '../../../src/notebook/format/types.ts';
import { kernelEnv } from '../../../src/notebook/run/notebook-run.ts';

const notebook = { path: '/course/notebooks/02-dockerfile.md' } as Notebook;

describe('kernelEnv', () => {
  it("starts from the runner's environment, its run's labels and seed added", () => {
    const env = kernelEnv(notebook, 'run-1', { env: { COURSE: 'yes' } });
    expect(env).toMatchObject({
      COURSE: 'yes',
      DOCKBOOK_RUN: 'run-1:02-dockerfile',
      DOCKBOOK_NOTEBOOK: '02-dockerfile',
    });
    expect(env.DOCKBOOK_SESSION_SEED).toMatch(/^[0-9a-f]{16}$/);
    expect(kernelEnv(notebook, 'run-1').DOCKBOOK_SESSION_SEED).toBe(env.DOCKBOOK_SESSION_SEED);
    expect(kernelEnv(notebook, 'run-1').PATH).toBe(process.env.PATH);
  });

  it("points the kernel at the runner's engine: its DOCKER_HOST and TLS folder replace the environment's", () => {
    const endpoint = { host: 'tcp://198.19.0.2:2376', source: 'DOCKER_HOST' as const, tlsDir: '/certs' };
    const env = kernelEnv(notebook, 'run-1', {
      env: { DOCKER_HOST: 'unix:///var/run/docker.sock', DOCKER_CONTEXT: 'desktop' },
      endpoint,
    });
    expect(env).toMatchObject({ DOCKER_HOST: endpoint.host, DOCKER_TLS_VERIFY: '1', DOCKER_CERT_PATH: '/certs' });
    expect(env.DOCKER_CONTEXT).toBeUndefined();
  });
});
