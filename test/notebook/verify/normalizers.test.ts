import { describe, expect, it } from 'vitest';
import { cli } from '../../../src/docker-cli.ts';
import { matchOutput } from '../../../src/notebook/verify/match.ts';
import { EPHEMERAL_PORT_MIN, VALUE_KINDS, valueKind } from '../../../src/notebook/verify/normalizers.ts';
import { findValues, shownLines, type Sessions } from '../../../src/notebook/verify/values.ts';
import { testContainer } from '../../support/containers.ts';
import { useContext } from '../../support/context.ts';

const HEX64 = '3f2a1c9d8e7b5a4f'.repeat(4);

/** The values a line holds, as `kind raw`, left to right (the expected side unless told). */
function values(line: string, side: 'expected' | 'actual' = 'expected', sessions: Sessions = new Set()): string[] {
  return findValues(line, side, sessions).map((v) => `${v.kind.name} ${v.raw}`);
}

/** A table of line → the values found in it; a line with nothing volatile maps to []. */
function expectValues(cases: Record<string, string[]>): void {
  for (const [line, found] of Object.entries(cases)) expect(values(line), line).toEqual(found);
}

describe('VALUE_KINDS', () => {
  it('are the documented kinds, in the order they are tried, each with its rule and placeholder', () => {
    expect(VALUE_KINDS.map((k) => [k.name, k.rule, k.placeholder, k.family])).toEqual([
      ['digest', 'identity', 'digest', 'hex'],
      ['id', 'identity', 'id', 'hex'],
      ['timestamp', 'same-when-equal', 'time', 'time'],
      ['date', 'same-when-equal', 'time', 'time'],
      ['short-id', 'identity', 'short-id', 'hex'],
      ['session', 'identity', 'session', 'session'],
      ['generated-name', 'identity', 'name', 'name'],
      ['host-port', 'identity', 'port', 'port'],
      ['ipv6', 'identity', 'ip', 'ip'],
      ['ipv4', 'identity', 'ip', 'ip'],
      ['size', 'size', 'size', 'size'],
      ['duration', 'duration', 'duration', 'duration'],
    ]);
    expect(valueKind('short-id').name).toBe('short-id');
    expect(() => valueKind('colour')).toThrow(RangeError);
    expect(EPHEMERAL_PORT_MIN).toBe(32768);
  });

  it(
    "each shows its own example as documented (shownLines on the expected side), and its example's values are all " +
      'of its kind',
    () => {
      for (const kind of VALUE_KINDS) {
        const [before, shown] = kind.example;
        expect(shownLines([before], 'expected'), kind.name).toEqual([shown]);
        const found = findValues(before, 'expected');
        expect(found.length, kind.name).toBeGreaterThan(0);
        // The host-port example also shows a fixed port (5000) that is not a value at all.
        expect(
          found.map((v) => v.kind.name),
          kind.name,
        ).toEqual(found.map(() => kind.name));
      }
    },
  );

  it("each example's values are found again on the actual side (a session only when it is one of the run's)", () => {
    for (const kind of VALUE_KINDS) {
      const [before] = kind.example;
      const sessions = new Set(kind.name === 'session' ? ['3f2a1c9d'] : []);
      expect(values(before, 'actual', sessions), kind.name).toEqual(values(before, 'expected'));
    }
    expect(values(valueKind('session').example[0], 'actual')).toEqual([]);
  });
});

describe('what each kind finds, and what it leaves as text', () => {
  it('digest and id: sha256 digests and full 64-hex IDs, not shorter or longer hex', () => {
    expectValues({
      [`sha256:${HEX64}`]: [`digest sha256:${HEX64}`],
      [`node@sha256:${HEX64}`]: [`digest sha256:${HEX64}`],
      [HEX64]: [`id ${HEX64}`],
      [`"Id": "${HEX64}",`]: [`id ${HEX64}`],
      [`${HEX64}0`]: [],
      [HEX64.slice(1)]: [],
      // A sha256: prefix before 12 hex is a short ID's.
      'sha256:3f2a1c9d8e7b': ['short-id 3f2a1c9d8e7b'],
    });
  });

  it('timestamp: ISO 8601 and Go times, with or without fractions and zones; not a bare date or clock', () => {
    expectValues({
      '2026-11-22T06:15:38Z': ['timestamp 2026-11-22T06:15:38Z'],
      '2026-11-22T06:15:38.123456789Z': ['timestamp 2026-11-22T06:15:38.123456789Z'],
      'at 2026-11-22T06:15:38+01:00.': ['timestamp 2026-11-22T06:15:38+01:00'],
      '2026-11-22T06:15:38': ['timestamp 2026-11-22T06:15:38'],
      '2026-11-22 06:15:38 +0000 UTC': ['timestamp 2026-11-22 06:15:38 +0000 UTC'],
      '2026-11-22 06:15:38.5 -0700 MST': ['timestamp 2026-11-22 06:15:38.5 -0700 MST'],
      'released 2026-11-22': [],
      'at 06:15:38': [],
    });
  });

  it('date: date(1) with one- or two-digit days, a JavaScript Date as text, an HTTP date; not a day name alone', () => {
    expectValues({
      'Sun Nov 22 06:15:38 UTC 2026': ['date Sun Nov 22 06:15:38 UTC 2026'],
      'Mon Nov  2 06:15:38 UTC 2026': ['date Mon Nov  2 06:15:38 UTC 2026'],
      'Sun Nov 22 2026 06:15:38 GMT+0000 (Coordinated Universal Time)': [
        'date Sun Nov 22 2026 06:15:38 GMT+0000 (Coordinated Universal Time)',
      ],
      'date: Sun, 22 Nov 2026 06:15:38 GMT': ['date Sun, 22 Nov 2026 06:15:38 GMT'],
      'Sun Nov 22 is a Sunday': [],
    });
  });

  it('short-id: exactly 12 lowercase hex characters with a digit, standing alone', () => {
    expectValues({
      'Successfully built 3f2a1c9d8e7b': ['short-id 3f2a1c9d8e7b'],
      ' ---> Running in 9a8b7c6d5e4f': ['short-id 9a8b7c6d5e4f'],
      '3f2a1c9d8e7b: Pull complete': ['short-id 3f2a1c9d8e7b'],
      '123456789012': ['short-id 123456789012'],
      // No digit: a word, never an ID in practice (1 ID in 130,000 has no digit).
      'deadbeefcafe facadebeaded': [],
      '3f2a1c9d8e7': [],
      '3f2a1c9d8e7b5': [],
      '3F2A1C9D8E7B': [],
      x3f2a1c9d8e7b: [],
    });
  });

  it(
    'session: 8 hex after a word and a hyphen on the expected ' +
      'side; not a UUID part, a longer hex or a bare number',
    () => {
      expectValues({
        'db-3f2a1c9d': ['session 3f2a1c9d'],
        'web-3f2a1c9d-2 is up': ['session 3f2a1c9d'],
        'dockbook.session=db-01234567': ['session 01234567'],
        'web-3f2a1c9d8': [],
        'web-3f2a1c9z': [],
        '12345678': [],
        'node:20-bullseye': [],
      });
      expect(values('3f2a1c9d-8e7b-4a5c-9d8e-7b6a5c4d3e2f').filter((v) => v.startsWith('session'))).toEqual([]);
    },
  );

  it("session: on the actual side, only this run's own ids; a dated tag or another run's id is text", () => {
    const sessions = new Set(['3f2a1c9d']);
    expect(values('db-3f2a1c9d and web-3f2a1c9d', 'actual', sessions)).toEqual([
      'session 3f2a1c9d',
      'session 3f2a1c9d',
    ]);
    expect(values('db-91bc0e44', 'actual', sessions)).toEqual([]);
    expect(values('app-20261204', 'actual', sessions)).toEqual([]);
    expect(values('db-3f2a1c9d', 'actual')).toEqual([]);
  });

  it("generated-name: moby's adjective, an underscore, a surname, maybe a digit; not other snake_case", () => {
    expectValues({
      brave_turing: ['generated-name brave_turing'],
      happy_einstein3: ['generated-name happy_einstein3'],
      '/zen_mayer': ['generated-name zen_mayer'],
      'node_modules exit_code my_brave_turing brave_turing_x Brave_Turing': [],
    });
  });

  it(
    'host-port: a random host port (32768 and up) of a mapping; a fixed one, the container side and other numbers ' +
      'are text',
    () => {
      expectValues({
        '0.0.0.0:32768->80/tcp': ['host-port 32768'],
        ':::32768->80/tcp': ['host-port 32768'],
        '192.168.1.5:32768->80/tcp': ['ipv4 192.168.1.5', 'host-port 32768'],
        'http://127.0.0.1:49153/': ['host-port 49153'],
        'http://localhost:41234/health': ['host-port 41234'],
        '[::]:32768 [::1]:40000': ['host-port 32768', 'host-port 40000'],
        'docker run -p 41234:80 web': ['host-port 41234'],
        'docker run --publish=127.0.0.1:41234:80/udp web': ['host-port 41234'],
        "HostPort: '32768', PublicPort: 49153": ['host-port 32768', 'host-port 49153'],
        '"HostPort":"32768"': ['host-port 32768'],
        // Chosen ports, below 32768, are claims compared as written.
        'http://127.0.0.1:5000/ 0.0.0.0:5001->80/tcp -p 3000:80 localhost:10000 0.0.0.0:32767->80': [],
        '80/tcp, 172.17.0.2:80, node:20, -p 80, 12:30': ['ipv4 172.17.0.2'],
      });
    },
  );

  it('ipv6 and ipv4: addresses, except unspecified and loopback ones; not versions or bad octets', () => {
    expectValues({
      'http://[fd00:dead:beef::2]:80/': ['ipv6 [fd00:dead:beef::2]'],
      '[fe80::42:acff:fe11:2]': ['ipv6 [fe80::42:acff:fe11:2]'],
      '[::] [::1] [ 1, 2 ] [a:b]': [],
      'inet 172.17.0.2/16': ['ipv4 172.17.0.2'],
      'gateway 172.17.0.1.': ['ipv4 172.17.0.1'],
      '10.0.0.255:80': ['ipv4 10.0.0.255'],
      '0.0.0.0 127.0.0.1 127.0.0.11': [],
      'v1.2.3.4 1.2.3.4.5 10.0.0.256 1.41': [],
    });
  });

  it('size: a number directly followed by a byte unit; not a bare number or another unit', () => {
    expectValues({
      '119MB': ['size 119MB'],
      '2B (virtual 1.98kB)': ['size 2B', 'size 1.98kB'],
      'Sending build context to Docker daemon  4.1 kB': ['size 4.1 kB'],
      '512B 2.3GB 1KiB 12.5MB/45.2MB': ['size 512B', 'size 2.3GB', 'size 1KiB', 'size 12.5MB', 'size 45.2MB'],
      'wrote 512 bytes in 3 lines, 512m memory, v1.2MB, 3 B': [],
    });
  });

  it('duration: Go and docker durations and ages; the exit code and other numbers are text', () => {
    expectValues({
      'built in 412ms': ['duration 412ms'],
      '412 ms, 2.3s, 1m2.5s, 0m1.234s, 1h0m0s, 150µs': [
        'duration 412 ms',
        'duration 2.3s',
        'duration 1m2.5s',
        'duration 0m1.234s',
        'duration 1h0m0s',
        'duration 150µs',
      ],
      '1.5 seconds': ['duration 1.5 seconds'],
      'About a minute ago': ['duration About a minute'],
      'About an hour ago': ['duration About an hour'],
      'Up Less than a second': ['duration Less than a second'],
      'Exited (0) 3 seconds ago': ['duration 3 seconds'],
      'Exited (137) 2 weeks ago': ['duration 2 weeks'],
      'exit code 0, 3 lines, node:20, 512m, s3cret, 10 layers': [],
    });
  });

  it('a dated tag is not a session and a fixed port not a value: shown as written, compared as written', () => {
    expect(shownLines(['pushed app-20261204 to 127.0.0.1:5000'], 'actual', new Set(['3f2a1c9d']))).toEqual([
      'pushed app-20261204 to 127.0.0.1:5000',
    ]);
    expect(matchOutput('pushed app-20261204\n', 'pushed app-20261205\n', { sessions: new Set(['3f2a1c9d']) }).ok).toBe(
      false,
    );
    expect(matchOutput('http://127.0.0.1:5000/\n', 'http://127.0.0.1:5001/\n').ok).toBe(false);
  });
});

describe('the kinds against real engine output', () => {
  const t = useContext('verify-kinds');

  it('every name the engine generates is a generated-name (20 unnamed containers)', async () => {
    const names: string[] = [];
    for (let i = 0; i < 20; i++) {
      const container = await t.ctx.docker.createContainer({ Image: 'busybox', Cmd: ['true'], Labels: t.ctx.labels });
      names.push((await container.inspect()).Name.replace(/^\//, ''));
    }
    expect(names.map((name) => values(name, 'actual'))).toEqual(names.map((name) => [`generated-name ${name}`]));
  });

  it(
    "the real `docker ps` and `docker inspect` of one container match another's, and one-to-one fails when they are " +
      'swapped',
    async () => {
      const start = async () => {
        const ports = {
          ExposedPorts: { '80/tcp': {} },
          HostConfig: { PortBindings: { '80/tcp': [{ HostPort: '' }] } },
        };
        const container = await t.ctx.docker.createContainer({
          Image: 'busybox',
          Cmd: ['sleep', '300'],
          Labels: t.ctx.labels,
          ...ports,
        });
        await container.start();
        return container;
      };
      const a = await start();
      await new Promise((resolve) => setTimeout(resolve, 1100));
      const b = await start();
      const ps = async (id: string) => (await cli(t.ctx, ['ps', '--filter', `id=${id}`])).stdout;
      const [psA, psB] = [await ps(a.id), await ps(b.id)];
      expect(psA).not.toBe(psB);
      expect(matchOutput(psA, psB)).toEqual({ ok: true });
      const [header, row] = shownLines(psB.trimEnd().split('\n'), 'actual');
      expect(header).toMatch(/^CONTAINER ID {2,}IMAGE {2,}COMMAND {2,}CREATED {2,}STATUS {2,}PORTS {2,}NAMES$/);
      expect(row).toMatch(
        new RegExp(
          /^<short-id-1> {2,}busybox {2,}"sleep 300" {2,}\S.* ago {2,}Up \S.* {2,}/.source +
            /0\.0\.0\.0:<port-1>->80\/tcp(, \[::\]:<port-[12]>->80\/tcp)? {2,}<name-1>$/.source,
        ),
      );

      const format = '{{.Id}} {{.Created}} {{.Image}} {{.NetworkSettings.IPAddress}} {{.State.StartedAt}}';
      const inspect = async (id: string) => (await cli(t.ctx, ['inspect', '--format', format, id])).stdout;
      const [inspectA, inspectB] = [await inspect(a.id), await inspect(b.id)];
      expect(matchOutput(inspectA, inspectB)).toEqual({ ok: true });
      // Digests and IDs are one family (hex), numbered together: the image is the second hex identity.
      expect(shownLines([inspectA.trimEnd()], 'actual')).toEqual(['<id-1> <time-1> <digest-2> <ip-1> <time-2>']);
      // The same container twice is not two containers, and two are not one.
      expect(matchOutput(inspectA + inspectA, inspectA + inspectB).ok).toBe(false);
      expect(matchOutput(inspectA + inspectB, inspectB + inspectB).ok).toBe(false);
      expect(matchOutput(inspectA + inspectB, inspectB + inspectA)).toEqual({ ok: true });
    },
  );

  it("keeps an exited container's exit code while its age changes", async () => {
    const exited = await testContainer(t.ctx, 'exit 3', { exited: true });
    const status = (await cli(t.ctx, ['ps', '-a', '--filter', `id=${exited.id}`, '--format', '{{.Status}}'])).stdout;
    expect(status).toMatch(/^Exited \(3\) /);
    expect(matchOutput('Exited (3) 2 seconds ago\n', status)).toEqual({ ok: true });
    expect(matchOutput('Exited (0) 2 seconds ago\n', status).ok).toBe(false);
  });

  it(
    'takes the IPv4 and IPv6 host ports of one mapping apart: ' + 'the engine picks them apart, the same number or not',
    () => {
      const expected = '0.0.0.0:32768->80/tcp, :::32768->80/tcp\n';
      expect(matchOutput(expected, '0.0.0.0:41000->80/tcp, :::41001->80/tcp\n').ok).toBe(true);
      expect(matchOutput(expected, '0.0.0.0:41000->80/tcp, :::41000->80/tcp\n').ok).toBe(true);
      expect(
        matchOutput(
          `${expected}again 0.0.0.0:32768\n`,
          '0.0.0.0:41000->80/tcp, :::41001->80/tcp\nagain 0.0.0.0:41001\n',
        ).ok,
      ).toBe(false);
    },
  );
});
