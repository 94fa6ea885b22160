import { Agent } from 'node:http';
import { isIP, connect as netConnect, type Socket } from 'node:net';
import { connect as tlsConnect, type ConnectionOptions } from 'node:tls';
import { dockerOptions } from '../core/connect.ts';
import type { Endpoint } from '../core/endpoint.ts';

/** How the proxy reaches the session's engine: a fresh connection, and a keep-alive agent over the same. */
export interface Upstream {
  /** The endpoint, as the docker CLI writes it (for messages). */
  host: string;
  /** A new connection to the engine (unix socket, tcp, or tcp with TLS). */
  dial: () => Socket;
  /** Keeps connections to the engine open between requests. */
  agent: Agent;
}

/**
 * How to reach an endpoint from the proxy, or undefined for one it cannot forward to (ssh://,
 * which dockerode reaches through an ssh client): cli() then runs the CLI against it directly.
 *
 * @example
 * upstreamOf({ host: 'unix:///var/run/docker.sock', source: 'default-socket' })!.dial(); // a net.Socket
 */
export function upstreamOf(endpoint: Endpoint): Upstream | undefined {
  const options = dockerOptions(endpoint);
  let dial: () => Socket;
  if (options.socketPath) {
    const path = options.socketPath;
    dial = () => netConnect({ path, allowHalfOpen: true });
  } else if (options.protocol === 'http' || options.protocol === 'https') {
    const host = options.host!;
    const port = Number(options.port);
    if (options.protocol === 'https') {
      const { ca, cert, key } = options as { ca?: Buffer; cert?: Buffer; key?: Buffer };
      // `host` is what the engine's certificate is checked against (an IP address too, by its IP SANs); SNI takes
      // names only.
      const tls: ConnectionOptions = { ca, cert, key, host, ...(isIP(host) ? {} : { servername: host }) };
      dial = () => tlsConnect({ ...tls, socket: netConnect({ host, port, allowHalfOpen: true }) });
    } else {
      dial = () => netConnect({ host, port, allowHalfOpen: true });
    }
  } else {
    return undefined;
  }
  const agent = new Agent({ keepAlive: true });
  // Every request the agent sends goes to the engine, over a connection made here.
  (agent as unknown as { createConnection: () => Socket }).createConnection = dial;
  return { host: endpoint.host, dial, agent };
}
