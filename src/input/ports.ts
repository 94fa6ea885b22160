import { isIP } from 'node:net';
import { shellQuote } from '../display/shell.ts';
import { invalid } from './invalid.ts';
import { anyOf, finiteNumber, string } from '../validate/shape.ts';
import { checkArgs, signature } from '../validate/signature.ts';

/**
 * What parsePort() takes, checked at its entry. The spec's grammar is the parser's to judge (with the CLI's words); the
 * signature only refuses what is not text at all.
 */
export const PARSE_PORT_SIGNATURE = signature({
  operation: 'parsePort',
  ctx: false,
  params: [
    {
      name: 'spec',
      shape: anyOf([string, finiteNumber], 'a port spec (a string "8080:80" or a number 80)'),
      example: '8080:80',
    },
    { name: 'command', shape: string, optional: true, example: 'docker run -p 8080:80 IMAGE' },
  ],
  command: 'docker run -p 8080:80 IMAGE',
});

/*
 * `-p` as docker CLI 28.2 reads it (cli/command/container/opts.go convertToStandardNotation, then
 * go-connections v0.5.0 nat.ParsePortSpec), checked against `docker create -p SPEC busybox` on
 * engine 20.10 (API 1.41). The engine adds no check of its own at create.
 *
 * | spec                         | CLI                  | engine gets (key: HostIp/HostPort)       | dockbook |
 * |------------------------------|----------------------|------------------------------------------|----------|
 * | 80, 80/udp, 80/UDP, 80/      | ok                   | 80/tcp|udp: ""/""                        | same     |
 * | 3000:80, 0:80, :80, ::80     | ok                   | 80/tcp: ""/"3000" | ""/"0" | ""/""       | same     |
 * | 127.0.0.1:3000:80, ::1:3000:80, [::1]:3000:80, [1.2.3.4]:80:80 | ok | HostIp without brackets | same |
 * | 3000-3001:80-81              | ok                   | 80/tcp: "3000", 81/tcp: "3001"           | same     |
 * | 3000-3005:80                 | ok                   | 80/tcp: "3000-3005" (engine picks one)   | same     |
 * | 80-81                        | ok                   | 80/tcp, 81/tcp: random                   | same     |
 * | 080, 1-2-3, 80/tcp/x         | ok (80; 1-2; 80/tcp) | digits as numbers; 3rd "-", 2nd "/" part ignored | same |
 * | published=8080,target=80[,protocol=udp] | ok        | as 8080:80/udp                           | same     |
 * | 0, 3000:0 (container port 0) | ok                   | 0/tcp                                    | REFUSED (dockbook:
 *   nothing listens on port 0) |
 * | "" / 3000: / 3000:/tcp       | no port specified    |                                          | refused  |
 * | 80/icmp                      | invalid proto        |                                          | refused  |
 * | 65536:80, a:80, 3000-:80, +80, -1, " 80", 81-80 | invalid hostPort/containerPort |           | refused  |
 * | 3000:80-81, 3000-3002:80-81  | invalid ranges       |                                          | refused  |
 * | 1.2.3:3000:80, localhost:3000:80, fe80::1%eth0:3000:80, 1:2:3:4 | invalid IP address |   | refused  |
 * | [::1]:80, [::1:80:80         | invalid IP address (missing ']') |                              | refused  |
 * | target=80,x                  | invalid publish opts format |                                   | refused  |
 */

export type Protocol = 'tcp' | 'udp' | 'sctp';

/** One container port as the engine receives it: the key `80/tcp` and its binding. */
export interface PortBinding {
  /** `80/tcp`: the ExposedPorts / PortBindings key. */
  port: string;
  /** Empty for every interface; an IPv6 address without brackets. */
  hostIp: string;
  /** As the CLI sends it: `''` (random), `'3000'`, `'0'`, or a range `'3000-3005'` the engine picks from. */
  hostPort: string;
}

/** A published port: `-p [hostIp:][hostPort[-end]:]containerPort[-end][/protocol]`. */
export interface PortSpec {
  /** Empty for every interface. */
  hostIp: string;
  /** The first host port; 0 asks the engine for a random free port. */
  hostPort: number;
  /** The last host port of a range (the same as hostPort when there is no range). */
  hostPortEnd: number;
  containerPort: number;
  /** The last container port of a range (the same as containerPort when there is no range). */
  containerPortEnd: number;
  protocol: Protocol;
  /** What the engine receives: one entry per container port. */
  bindings: PortBinding[];
}

const HINT =
  'Publish as [HOST_IP:][HOST_PORT:]CONTAINER_PORT[/tcp|udp|sctp], e.g. "3000:80", "127.0.0.1:3000:80", ' +
  '"[::1]:3000:80", "3000-3001:80-81" or "80" (a random free host port).';

/** go-connections ParsePortRange: digits only (no sign), at most 65535; `a-b` with a <= b, a third part ignored. */
function portRange(text: string): [number, number] | undefined {
  const number = (s: string) => (/^\d+$/.test(s) && Number(s) <= 65535 ? Number(s) : undefined);
  if (!text.includes('-')) {
    const n = number(text);
    return n === undefined ? undefined : [n, n];
  }
  const [a = '', b = ''] = text.split('-');
  const start = number(a);
  const end = number(b);
  return start === undefined || end === undefined || end < start ? undefined : [start, end];
}

/** The CLI's long syntax `published=8080,target=80,protocol=udp`, into the short one. */
function standardNotation(text: string, fail: (reason: string) => Error): string {
  if (!text.includes('=')) return text;
  const params: Record<string, string> = { protocol: 'tcp' };
  for (const param of text.split(',')) {
    const eq = param.indexOf('=');
    if (eq <= 0) throw fail(`invalid publish opts format (should be name=value but got '${param}')`);
    params[param.slice(0, eq)] = param.slice(eq + 1);
  }
  return `${params.published ?? ''}:${params.target ?? ''}/${params.protocol}`;
}

/**
 * Parses a `-p` spec with the docker CLI's grammar (see the table above): the host side first,
 * then the container's. Refuses what the CLI refuses, before any engine call.
 *
 * @example
 * parsePort('3000:80') // { hostIp: '', hostPort: 3000, containerPort: 80, protocol: 'tcp', … }
 * parsePort('[::1]:3000-3001:80-81').bindings // [{ port: '80/tcp', hostIp: '::1', hostPort: '3000' }, { port:
 * '81/tcp', … '3001' }]
 */
export function parsePort(spec: string | number, command?: string): PortSpec {
  checkArgs(PARSE_PORT_SIGNATURE, arguments);
  const text = String(spec);
  const fail = (reason: string, hint = HINT) =>
    invalid('run', text, reason, hint, command ?? `docker run -p ${shellQuote(text)} IMAGE`);
  if (typeof spec !== 'string' && typeof spec !== 'number')
    throw fail(`a port spec is a string or a number, not ${typeof spec}`);
  const standard = standardNotation(text, fail);
  const parts = standard.split(':');
  const n = parts.length;
  const containerPart = parts[n - 1]!;
  const hostPart = n >= 2 ? parts[n - 2]! : '';
  let ip = n >= 3 ? parts.slice(0, n - 2).join(':') : '';
  const slash = containerPart.split('/');
  const containerText = slash[0]!;
  const protoText = slash.length > 1 && slash[1] !== '' ? slash[1]! : 'tcp';
  if (ip.startsWith('[')) {
    if (!/^\[[^\[\]]*\]$/.test(ip))
      throw fail(
        `invalid IP address ${ip}: an IPv6 address is written [ADDRESS] with nothing around the brackets`,
        'Write an IPv6 host address in brackets before the host port, e.g. "[::1]:3000:80".',
      );
    ip = ip.slice(1, -1);
  }
  if (ip !== '' && (isIP(ip) === 0 || ip.includes('%'))) {
    throw fail(
      `invalid IP address: ${ip}`,
      'The part before the host port must be an IP address (no host names, no zones), e.g. "127.0.0.1:3000:80" or ' +
        '"[::1]:3000:80".',
    );
  }
  if (containerText === '') throw fail(`no port specified: ${text}<empty>`);
  const container = portRange(containerText);
  if (!container) throw fail(`invalid containerPort: ${containerText}`);
  let host: [number, number] = [0, 0];
  if (hostPart !== '') {
    const range = portRange(hostPart);
    if (!range) throw fail(`invalid hostPort: ${hostPart}`);
    host = range;
    if (container[1] - container[0] !== host[1] - host[0] && container[0] !== container[1]) {
      throw fail(
        `invalid ranges specified for container and host Ports: ${containerText} and ${hostPart}`,
        'A container port range needs a host range of the same length ("3000-3001:80-81"), or no host port at all.',
      );
    }
  }
  const protocol = protoText.toLowerCase();
  if (protocol !== 'tcp' && protocol !== 'udp' && protocol !== 'sctp')
    throw fail(`invalid proto: ${protoText}`, 'Use tcp, udp or sctp, e.g. "53:53/udp".');
  if (container[0] === 0) {
    throw fail(
      'dockbook refuses container port 0 (the docker CLI accepts it, but no process can listen on port 0)',
      HINT,
    );
  }
  const bindings: PortBinding[] = [];
  for (let i = 0; i <= container[1] - container[0]; i++) {
    let hostPort = hostPart === '' ? '' : String(host[0] + i);
    if (hostPart !== '' && container[0] === container[1] && host[0] !== host[1]) hostPort = `${hostPort}-${host[1]}`;
    bindings.push({ port: `${container[0] + i}/${protocol}`, hostIp: ip, hostPort });
  }
  return {
    hostIp: ip,
    hostPort: host[0],
    hostPortEnd: host[1],
    containerPort: container[0],
    containerPortEnd: container[1],
    protocol,
    bindings,
  };
}
