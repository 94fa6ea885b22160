import { describe, expect, it } from 'vitest';
import { BUILTIN_NORMALIZERS, type Normalizer } from '../../../src/notebook/verify/normalizers.ts';

function rule(name: string): Normalizer {
  const found = BUILTIN_NORMALIZERS.find((n) => n.name === name);
  if (!found) throw new Error(`no normalizer ${name}`);
  return found;
}

/** One rule alone, as a table of input → output; an input that must not change maps to itself. */
function expectRule(name: string, cases: Record<string, string>): void {
  const { pattern, replacement } = rule(name);
  for (const [input, output] of Object.entries(cases)) expect(input.replace(pattern, replacement), input).toBe(output);
}

const HEX64 = '3f2a1c9d8e7b5a4f'.repeat(4);

describe('the built-in normalizers', () => {
  it('each turns its own example into the documented text, and has a global regex', () => {
    for (const n of BUILTIN_NORMALIZERS) {
      expect(n.pattern.flags, n.name).toContain('g');
      expect(n.example[0].replace(n.pattern, n.replacement), n.name).toBe(n.example[1]);
    }
    expect(BUILTIN_NORMALIZERS.map((n) => n.name)).toEqual(['digest', 'id', 'timestamp', 'date', 'short-id', 'session', 'generated-name', 'host-port', 'ipv6', 'ipv4', 'size', 'duration', 'gap']);
  });

  it('digest and id: sha256 digests and full 64-hex IDs, not shorter or longer hex', () => {
    expectRule('digest', { [`sha256:${HEX64}`]: 'sha256:<digest>', [`node@sha256:${HEX64}`]: 'node@sha256:<digest>', 'sha256:3f2a1c9d8e7b': 'sha256:3f2a1c9d8e7b' });
    expectRule('id', { [HEX64]: '<id>', [`"Id": "${HEX64}",`]: '"Id": "<id>",', [`${HEX64}0`]: `${HEX64}0`, [HEX64.slice(1)]: HEX64.slice(1) });
  });

  it('timestamp: ISO 8601 and Go times, with or without fractions and zones; not a bare date or clock', () => {
    expectRule('timestamp', {
      '2026-11-22T06:15:38Z': '<time>',
      '2026-11-22T06:15:38.123456789Z': '<time>',
      'at 2026-11-22T06:15:38+01:00.': 'at <time>.',
      '2026-11-22T06:15:38': '<time>',
      '2026-11-22 06:15:38 +0000 UTC': '<time>',
      '2026-11-22 06:15:38.5 -0700 MST': '<time>',
      'released 2026-11-22': 'released 2026-11-22',
      'at 06:15:38': 'at 06:15:38',
    });
  });

  it('date: date(1) with one- or two-digit days, a JavaScript Date as text, an HTTP date; not a day name alone', () => {
    expectRule('date', {
      'Sun Nov 22 06:15:38 UTC 2026': '<time>',
      'Mon Nov  2 06:15:38 UTC 2026': '<time>',
      'Sun Nov 22 2026 06:15:38 GMT+0000 (Coordinated Universal Time)': '<time>',
      'date: Sun, 22 Nov 2026 06:15:38 GMT': 'date: <time>',
      'Sun Nov 22 is a Sunday': 'Sun Nov 22 is a Sunday',
    });
  });

  it('short-id: exactly 12 hex characters with a digit, standing alone', () => {
    expectRule('short-id', {
      'Successfully built 3f2a1c9d8e7b': 'Successfully built <short-id>',
      ' ---> Running in 9a8b7c6d5e4f': ' ---> Running in <short-id>',
      '3f2a1c9d8e7b: Pull complete': '<short-id>: Pull complete',
      '123456789012': '<short-id>',
      // No digit: a word, never an ID in practice (1 ID in 130,000 has no digit).
      'deadbeefcafe facadebeaded': 'deadbeefcafe facadebeaded',
      '3f2a1c9d8e7': '3f2a1c9d8e7',
      '3f2a1c9d8e7b5': '3f2a1c9d8e7b5',
      '3F2A1C9D8E7B': '3F2A1C9D8E7B',
      'x3f2a1c9d8e7b': 'x3f2a1c9d8e7b',
    });
  });

  it('session: 8 hex characters after a name and a hyphen; not a UUID part, a longer hex or a bare number', () => {
    expectRule('session', {
      'db-3f2a1c9d': 'db-<session>',
      'web-3f2a1c9d-2 is up': 'web-<session>-2 is up',
      'dockbook.session=db-01234567': 'dockbook.session=db-<session>',
      'web-3f2a1c9d8': 'web-3f2a1c9d8',
      '3f2a1c9d-8e7b-4a5c-9d8e-7b6a5c4d3e2f': '3f2a1c9d-8e7b-4a5c-9d8e-7b6a5c4d3e2f',
      'web-3f2a1c9z': 'web-3f2a1c9z',
      '12345678': '12345678',
      'node:20-bullseye': 'node:20-bullseye',
    });
  });

  it("generated-name: moby's adjective, an underscore, a surname, maybe a digit; not other snake_case", () => {
    expectRule('generated-name', {
      'brave_turing': '<name>',
      'NAMES\nhappy_einstein3': 'NAMES\n<name>',
      '/zen_mayer': '/<name>',
      'node_modules exit_code my_brave_turing brave_turing_x Brave_Turing': 'node_modules exit_code my_brave_turing brave_turing_x Brave_Turing',
    });
  });

  it('host-port: the host side of a mapping; the container side, container addresses and other numbers stay', () => {
    expectRule('host-port', {
      '0.0.0.0:32768->80/tcp': '0.0.0.0:<port>->80/tcp',
      ':::32768->80/tcp': ':::<port>->80/tcp',
      '192.168.1.5:32768->80/tcp': '192.168.1.5:<port>->80/tcp',
      'http://127.0.0.1:49153/': 'http://127.0.0.1:<port>/',
      'http://localhost:41234/health': 'http://localhost:<port>/health',
      '[::]:32768 [::1]:3000': '[::]:<port> [::1]:<port>',
      'docker run -p 3000:80 web': 'docker run -p <port>:80 web',
      'docker run --publish=127.0.0.1:3000:80/udp web': 'docker run --publish=127.0.0.1:<port>:80/udp web',
      "HostPort: '32768', PublicPort: 49153": "HostPort: '<port>', PublicPort: <port>",
      '"HostPort":"32768"': '"HostPort":"<port>"',
      '80/tcp, 172.17.0.2:80, node:20, -p 80, 12:30': '80/tcp, 172.17.0.2:80, node:20, -p 80, 12:30',
    });
  });

  it('ipv6 and ipv4: addresses, except unspecified and loopback ones; not versions or bad octets', () => {
    expectRule('ipv6', { 'http://[fd00:dead:beef::2]:80/': 'http://[<ip>]:80/', '[fe80::42:acff:fe11:2]': '[<ip>]', '[::] [::1] [ 1, 2 ] [a:b]': '[::] [::1] [ 1, 2 ] [a:b]' });
    expectRule('ipv4', {
      'inet 172.17.0.2/16': 'inet <ip>/16',
      'gateway 172.17.0.1.': 'gateway <ip>.',
      '10.0.0.255:80': '<ip>:80',
      '0.0.0.0 127.0.0.1 127.0.0.11': '0.0.0.0 127.0.0.1 127.0.0.11',
      'v1.2.3.4 1.2.3.4.5 10.0.0.256 1.41': 'v1.2.3.4 1.2.3.4.5 10.0.0.256 1.41',
    });
  });

  it('size: a number directly followed by a byte unit; not a bare number or another unit', () => {
    expectRule('size', {
      '119MB': '<size>',
      '2B (virtual 1.98kB)': '<size> (virtual <size>)',
      'Sending build context to Docker daemon  4.1 kB': 'Sending build context to Docker daemon  <size>',
      '512B 2.3GB 1KiB 12.5MB/45.2MB': '<size> <size> <size> <size>/<size>',
      'wrote 512 bytes in 3 lines, 512m memory, v1.2MB, 3 B': 'wrote 512 bytes in 3 lines, 512m memory, v1.2MB, 3 B',
    });
  });

  it('duration: Go and docker durations and ages; the exit code and other numbers stay', () => {
    expectRule('duration', {
      'built in 412ms': 'built in <duration>',
      '412 ms, 2.3s, 1m2.5s, 0m1.234s, 1h0m0s, 150µs': '<duration>, <duration>, <duration>, <duration>, <duration>, <duration>',
      '1.5 seconds': '<duration>',
      'About a minute ago': '<duration> ago',
      'About an hour ago': '<duration> ago',
      '3 seconds ago': '<duration> ago',
      'Less than a second ago': '<duration> ago',
      'Up 2 seconds': 'Up <duration>',
      'Up Less than a second': 'Up <duration>',
      'Exited (0) 3 seconds ago': 'Exited (0) <duration> ago',
      'Exited (137) 2 weeks ago': 'Exited (137) <duration> ago',
      'exit code 0, 3 lines, node:20, 512m, s3cret, 10 layers': 'exit code 0, 3 lines, node:20, 512m, s3cret, 10 layers',
    });
  });

  it('gap: two or more spaces between words become two; indentation and single spaces stay', () => {
    expectRule('gap', { 'web   <name>      Up <duration>': 'web  <name>  Up <duration>', '    at x': '    at x', 'a b\tc': 'a b\tc', 'a\t\tb': 'a  b' });
  });
});
