import Docker from 'dockerode';
import type { Context } from '../../src/core/context.ts';
import { createContext } from '../../src/core/context-factory.ts';

/**
 * A Context whose engine cannot be reached (a socket path that does not exist): any call that
 * got past validation to the engine fails with ENGINE_UNREACHABLE, never INVALID_ARGUMENT.
 */
export function unreachableContext(): Promise<Context> {
  const docker = new Docker({ socketPath: '/nonexistent/dockbook-validate/docker.sock' });
  return createContext({
    notebook: 'test:validate',
    engine: {
      docker,
      endpoint: { host: 'unix:///nonexistent/dockbook-validate/docker.sock', source: 'default-socket' },
      apiVersion: '1.41',
      serverApiVersion: '1.41',
      engineVersion: 'none',
      os: 'linux',
      arch: 'amd64',
      kind: 'docker',
      publishHost: '127.0.0.1',
    },
  });
}
