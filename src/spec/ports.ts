import { invalid } from './invalid.ts';

/** A published port: `-p [hostIp:][hostPort:]containerPort[/protocol]`. */
export interface PortSpec {
  /** Empty for every interface. */
  hostIp: string;
  /** 0 asks the engine for a random free port. */
  hostPort: number;
  containerPort: number;
  protocol: 'tcp' | 'udp' | 'sctp';
}

function port(text: string, spec: string, allowZero: boolean): number {
  const n = Number(text);
  if (!/^\d+$/.test(text) || n > 65535 || (!allowZero && n === 0)) {
    throw invalid('run', spec, `"${text}" is not a port number (1-65535)`, 'Publish as HOST:CONTAINER, e.g. "3000:80"; "0:80" or "80" picks a random free host port.');
  }
  return n;
}

/**
 * Parses a `-p` spec, as the CLI reads it: the host side first, then the container's.
 *
 * @example
 * parsePort('3000:80') // { hostIp: '', hostPort: 3000, containerPort: 80, protocol: 'tcp' }
 */
export function parsePort(spec: string | number): PortSpec {
  const text = String(spec);
  const slash = text.indexOf('/');
  const protocol = (slash >= 0 ? text.slice(slash + 1) : 'tcp') as PortSpec['protocol'];
  if (!['tcp', 'udp', 'sctp'].includes(protocol)) {
    throw invalid('run', text, `"${protocol}" is not a protocol`, 'Use tcp, udp or sctp, e.g. "53:53/udp".');
  }
  const parts = (slash >= 0 ? text.slice(0, slash) : text).split(':');
  if (parts.length > 3) throw invalid('run', text, 'too many ":" in a port spec', 'Write [HOST_IP:]HOST_PORT:CONTAINER_PORT, e.g. "127.0.0.1:3000:80".');
  const containerPort = port(parts.pop()!, text, false);
  const hostPort = parts.length > 0 && parts[parts.length - 1] !== '' ? port(parts[parts.length - 1]!, text, true) : 0;
  const hostIp = parts.length === 2 ? parts[0]! : '';
  return { hostIp, hostPort, containerPort, protocol };
}
