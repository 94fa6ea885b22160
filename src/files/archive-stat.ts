import type { IncomingMessage } from 'node:http';
import type Docker from 'dockerode';

/** What the engine says of a path in a container (the `X-Docker-Container-Path-Stat` header). */
export interface PathStat {
  name: string;
  size: number;
  isDirectory: boolean;
}

/**
 * Decodes the engine's path stat header. The directory bit of Go's FileMode is 1 << 31.
 *
 * @example
 * parsePathStat(response.headers['x-docker-container-path-stat'])?.isDirectory // true for /etc
 */
export function parsePathStat(header: string | string[] | undefined): PathStat | undefined {
  if (typeof header !== 'string') return undefined;
  const stat = JSON.parse(Buffer.from(header, 'base64').toString('utf8')) as {
    name: string;
    size: number;
    mode: number;
  };
  return { name: stat.name, size: stat.size, isDirectory: stat.mode >>> 31 === 1 };
}

/**
 * Stats a path inside a container (running or stopped); undefined when it does not exist.
 *
 * @example
 * await statInContainer(ctx.docker.getContainer(id), '/etc', signal) // { name: 'etc', size: 4096, isDirectory: true }
 */
export async function statInContainer(
  container: Docker.Container,
  path: string,
  signal: AbortSignal,
): Promise<PathStat | undefined> {
  try {
    const response = (await container.infoArchive({ path, abortSignal: signal })) as IncomingMessage;
    response.resume();
    return parsePathStat(response.headers['x-docker-container-path-stat']);
  } catch (error) {
    if ((error as { statusCode?: number }).statusCode === 404) return undefined;
    throw error;
  }
}
