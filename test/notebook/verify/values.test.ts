import { describe, expect, it } from 'vitest';
import { valueKind } from '../../../src/notebook/verify/normalizers.ts';
import {
  findValues,
  identityKey,
  identityNumbers,
  isValue,
  kindsFor,
  shownLines,
} from '../../../src/notebook/verify/values.ts';

const FULL = `3f2a1c9d8e7b${'5a4f'.repeat(13)}`;

describe('findValues', () => {
  it('finds values left to right with their kind and place in the line', () => {
    const line = 'web-3f2a1c9d on 0.0.0.0:32768->80 since 2026-11-22T06:15:38Z';
    expect(
      findValues(line, 'actual', new Set(['3f2a1c9d'])).map(({ kind, raw, start, end }) => [
        kind.name,
        raw,
        line.slice(start, end),
      ]),
    ).toEqual([
      ['session', '3f2a1c9d', '3f2a1c9d'],
      ['host-port', '32768', '32768'],
      ['timestamp', '2026-11-22T06:15:38Z', '2026-11-22T06:15:38Z'],
    ]);
  });

  it('takes placeholders typed by hand on the expected side only, numbered or not', () => {
    const line = 'Container <name> (<short-id>) is Up <duration>, image <id-2>, <ip>:80, sha256:<digest>';
    expect(findValues(line, 'expected').map((v) => [v.kind.name, v.raw, v.typed])).toEqual([
      ['generated-name', '<name>', {}],
      ['short-id', '<short-id>', {}],
      ['duration', '<duration>', {}],
      ['id', '<id-2>', { n: 2 }],
      ['ipv6', '<ip>', {}],
      ['digest', 'sha256:<digest>', {}],
    ]);
    expect(findValues(line, 'actual')).toEqual([]);
    // Not placeholders: unknown words, a zero or leading-zero number.
    expect(findValues('<colour> <id-0> <id-01> <ID>', 'expected')).toEqual([]);
  });

  it('leaves a sha256: prefix before a placeholder other than <digest> as text', () => {
    expect(findValues('sha256:<id>', 'expected').map((v) => [v.kind.name, v.raw])).toEqual([['id', '<id>']]);
    expect(findValues('sha256:<digest-1>', 'expected').map((v) => [v.kind.name, v.raw])).toEqual([
      ['digest', 'sha256:<digest-1>'],
    ]);
  });

  it(
    'counts a session-shaped token as a session on the expected side, and on the actual side only when it is one of ' +
      "the run's",
    () => {
      expect(findValues('app-20261204', 'expected').map((v) => v.kind.name)).toEqual(['session']);
      expect(findValues('app-20261204', 'actual', new Set(['3f2a1c9d']))).toEqual([]);
      expect(findValues('db-3f2a1c9d', 'actual', new Set(['3f2a1c9d'])).map((v) => v.kind.name)).toEqual(['session']);
    },
  );

  it('never counts a host port below 32768 as a value, on either side', () => {
    for (const side of ['expected', 'actual'] as const) {
      expect(findValues('127.0.0.1:5000 0.0.0.0:32767->80 0.0.0.0:10000->80', side)).toEqual([]);
      expect(findValues('0.0.0.0:32768->80', side).map((v) => v.raw)).toEqual(['32768']);
    }
  });
});

describe('isValue and kindsFor', () => {
  it('isValue: a host port from 32768, a session only among the given ones on the actual side', () => {
    const [port, session, id] = [valueKind('host-port'), valueKind('session'), valueKind('short-id')];
    expect([
      isValue(port, '32768', 'actual', new Set()),
      isValue(port, '32767', 'actual', new Set()),
      isValue(port, '5000', 'expected', new Set()),
    ]).toEqual([true, false, false]);
    expect([
      isValue(session, '3f2a1c9d', 'expected', new Set()),
      isValue(session, '3f2a1c9d', 'actual', new Set()),
      isValue(session, '3f2a1c9d', 'actual', new Set(['3f2a1c9d'])),
    ]).toEqual([true, false, true]);
    expect(isValue(id, '3f2a1c9d8e7b', 'actual', new Set())).toBe(true);
  });

  it(
    'kindsFor: a typed <ip> stands for either address, a typed <time> for either clock; a found value for its own ' +
      'kind',
    () => {
      const [ip] = findValues('<ip>', 'expected');
      const [time] = findValues('<time-1>', 'expected');
      const [found] = findValues('172.17.0.2', 'expected');
      expect(kindsFor(ip!).map((k) => k.name)).toEqual(['ipv6', 'ipv4']);
      expect(kindsFor(time!).map((k) => k.name)).toEqual(['timestamp', 'date']);
      expect(kindsFor(found!).map((k) => k.name)).toEqual(['ipv4']);
    },
  );
});

describe('identityKey', () => {
  it('makes a digest, a full ID and a short ID one identity when they share the first 12 hex', () => {
    const keys = [
      identityKey(valueKind('digest'), `sha256:${FULL}`),
      identityKey(valueKind('id'), FULL),
      identityKey(valueKind('short-id'), '3f2a1c9d8e7b'),
    ];
    expect(new Set(keys)).toEqual(new Set(['hex:3f2a1c9d8e7b']));
    expect(identityKey(valueKind('short-id'), '3f2a1c9d8e70')).not.toBe(keys[0]);
  });

  it('keys other families by their text', () => {
    expect(identityKey(valueKind('generated-name'), 'brave_turing')).toBe('name:brave_turing');
    expect(identityKey(valueKind('ipv4'), '172.17.0.2')).toBe('ip:172.17.0.2');
    expect(identityKey(valueKind('session'), '3f2a1c9d')).not.toBe(
      identityKey(valueKind('generated-name'), '3f2a1c9d'),
    );
  });
});

describe('shownLines and identityNumbers', () => {
  it('numbers identities by first appearance, per family, a short ID sharing its full ID number', () => {
    const lines = [
      `created ${FULL}`,
      'name brave_turing',
      'short 3f2a1c9d8e7b',
      'other 9a8b7c6d5e4f',
      'name happy_einstein',
      'again brave_turing',
    ];
    expect(shownLines(lines, 'actual')).toEqual([
      'created <id-1>',
      'name <name-1>',
      'short <short-id-1>',
      'other <short-id-2>',
      'name <name-2>',
      'again <name-1>',
    ]);
    expect(identityNumbers(lines, 'actual')).toEqual(
      new Map([
        ['hex:3f2a1c9d8e7b', 1],
        ['name:brave_turing', 1],
        ['hex:9a8b7c6d5e4f', 2],
        ['name:happy_einstein', 2],
      ]),
    );
  });

  it('numbers each side on its own, so equal and different values read the same way on both', () => {
    expect(shownLines(['a 3f2a1c9d8e7b', 'b 3f2a1c9d8e7b'], 'expected')).toEqual(['a <short-id-1>', 'b <short-id-1>']);
    expect(shownLines(['a 0a1b2c3d4e5f', 'b 9f8e7d6c5b4a'], 'actual')).toEqual(['a <short-id-1>', 'b <short-id-2>']);
  });

  it('numbers times, sessions, ports and addresses; leaves sizes, durations and typed placeholders as written', () => {
    const sessions = new Set(['91bc0e44']);
    expect(
      shownLines(
        [
          'web-91bc0e44 Up 3 seconds 119MB at 2026-11-22T06:15:38Z on 0.0.0.0:32768->80',
          'db-91bc0e44 <id> 172.17.0.2 172.17.0.3',
        ],
        'actual',
        sessions,
      ),
    ).toEqual([
      'web-<session-1> Up 3 seconds 119MB at <time-1> on 0.0.0.0:<port-1>->80',
      'db-<session-1> <id> <ip-1> <ip-2>',
    ]);
    expect(shownLines(['<short-id> <id-2> took <duration>'], 'expected')).toEqual([
      '<short-id> <id-2> took <duration>',
    ]);
  });

  it("shows another run's session id and a dated tag as written on the actual side", () => {
    expect(shownLines(['web-3f2a1c9d app-20261204'], 'actual', new Set(['91bc0e44']))).toEqual([
      'web-3f2a1c9d app-20261204',
    ]);
  });
});
