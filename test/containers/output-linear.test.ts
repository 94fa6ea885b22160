import { setImmediate as nextTurn } from 'node:timers/promises';
import { describe, expect, it } from 'vitest';
import { demuxer, lastLines, OutputBuffer, REGEX_REACH } from '../../src/core/streams.ts';

// Work is counted, never timed: characters normalized and scanned, predicate calls.

const LINE = 'a line of output that is not the one awaited\n';

/** `count` chunks of `LINE`, as a chatty container sends them (one line a frame). */
function feed(buffer: OutputBuffer, count: number, name: 'stdout' | 'stderr' = 'stdout'): void {
  const chunk = Buffer.from(LINE);
  for (let i = 0; i < count; i++) buffer.write(name, chunk);
}

const never = new AbortController().signal;

describe('collecting output', () => {
  it('normalizes each character once, however often the text is read', () => {
    const buffer = new OutputBuffer();
    for (let i = 0; i < 20_000; i++) {
      buffer.write('stdout', Buffer.from('out\r\n'));
      buffer.write('stderr', Buffer.from('err\n'));
    }
    const total = 20_000 * 9;
    // Each character of stdout and stderr is normalized for its own stream and for the interleaved text.
    expect(buffer.work.normalized).toBeLessThanOrEqual(2 * total);
    for (let i = 0; i < 100; i++) expect(buffer.output.length).toBe(20_000 * 8);
    expect(buffer.work.normalized).toBeLessThanOrEqual(2 * total);
    expect(buffer.stdout).toBe('out\n'.repeat(20_000));
    expect(buffer.stderr).toBe('err\n'.repeat(20_000));
    expect(buffer.stdoutBytes.equals(Buffer.from('out\r\n'.repeat(20_000)))).toBe(true);
  });

  it('keeps UTF-8 split across chunks whole, and a \\r\\n split across chunks a newline', () => {
    const buffer = new OutputBuffer();
    const text = Buffer.from('héllo ✓ 🐳\r\nnext\r');
    for (const byte of text) buffer.write('stdout', Buffer.from([byte]));
    expect(buffer.stdout).toBe('héllo ✓ 🐳\nnext\r');
    buffer.write('stdout', Buffer.from('\n'));
    expect(buffer.output).toBe('héllo ✓ 🐳\nnext\n');
    expect(buffer.stdoutBytes.equals(Buffer.concat([text, Buffer.from('\n')]))).toBe(true);
  });

  it('demultiplexes frames split anywhere', () => {
    const frames: Buffer[] = [];
    const expected = { stdout: '', stderr: '' };
    for (let i = 0; i < 1000; i++) {
      const payload = Buffer.from(`frame ${i}\n`);
      expected[i % 3 === 0 ? 'stderr' : 'stdout'] += payload.toString();
      const header = Buffer.alloc(8);
      header[0] = i % 3 === 0 ? 2 : 1;
      header.writeUInt32BE(payload.length, 4);
      frames.push(header, payload);
    }
    const all = Buffer.concat(frames);
    const got = { stdout: '', stderr: '' };
    const feedBytes = demuxer((name, data) => (got[name] += data.toString()));
    for (let i = 0; i < all.length; i += 7) feedBytes(all.subarray(i, i + 7));
    expect(got).toEqual(expected);
  });
});

describe('waiting for a pattern in a growing output', () => {
  it('a substring: scans each character a bounded number of times, and finds it split across chunks', async () => {
    const buffer = new OutputBuffer();
    const waiting = buffer.waitFor('READY 42', never);
    feed(buffer, 20_000);
    buffer.write('stdout', Buffer.from('REA'));
    buffer.write('stdout', Buffer.from('DY '));
    buffer.write('stdout', Buffer.from('42\n'));
    await waiting;
    const total = 20_000 * LINE.length;
    expect(buffer.work.scanned).toBeLessThan(2 * total);
  });

  it('a RegExp: new text plus a bounded overlap, even over a trickle of tiny chunks', async () => {
    const buffer = new OutputBuffer();
    const waiting = buffer.waitFor(/READY \d+/, never);
    for (let i = 0; i < 5_000; i++) {
      feed(buffer, 1);
      if (i % 10 === 0) await nextTurn();
    }
    buffer.write('stdout', Buffer.from('READY'));
    buffer.write('stdout', Buffer.from(' 4'));
    await nextTurn();
    buffer.write('stdout', Buffer.from('2\n'));
    buffer.end();
    await waiting;
    const total = 5_000 * LINE.length;
    // REGEX_SCAN_RATIO per character, and at most a window per deferred test.
    expect(buffer.work.scanned).toBeLessThan(4 * total + 20 * REGEX_REACH);
  });

  it('a RegExp spanning lines, split across chunks, is found', async () => {
    const buffer = new OutputBuffer();
    const waiting = buffer.waitFor(/ready\nlistening on port (\d+)\n/, never);
    feed(buffer, 2_000);
    for (const piece of ['rea', 'dy\nliste', 'ning on ', 'port 80', '80\n']) {
      buffer.write('stdout', Buffer.from(piece));
      await nextTurn();
    }
    await waiting;
  });

  it('a RegExp sees the lines before the new text, and ^ keeps its meaning', async () => {
    const buffer = new OutputBuffer();
    feed(buffer, 2_000);
    // ^ without the m flag is the start of the whole output: it never matches far into it.
    const anchored = buffer.waitFor(/^ready/, AbortSignal.timeout(300));
    const line = buffer.waitFor(/^ready$/m, never);
    const across = buffer.waitFor(/step 1 done\n(?:.*\n){3}step 5 done/, never);
    buffer.write('stdout', Buffer.from('step 1 done\nstep 2\nstep 3\nstep 4\n'));
    await nextTurn();
    buffer.write('stdout', Buffer.from('step 5 done\nready\n'));
    buffer.end();
    await line;
    await across;
    await expect(anchored).rejects.toMatchObject({ name: 'TimeoutError' });
  });

  it('a predicate sees the whole output, called a number of times logarithmic in its growth', async () => {
    const buffer = new OutputBuffer();
    const waiting = buffer.waitFor((output) => output.endsWith('done\n'), never);
    feed(buffer, 20_000);
    buffer.write('stdout', Buffer.from('done\n'));
    buffer.end();
    await waiting;
    expect(buffer.work.predicateCalls).toBeLessThan(60);
  });

  it('stops scanning once matched, and a wait that starts late reads what came first', async () => {
    const buffer = new OutputBuffer();
    feed(buffer, 100);
    buffer.write('stdout', Buffer.from('READY\n'));
    await buffer.waitFor('READY', never);
    const before = buffer.work.scanned;
    feed(buffer, 10_000);
    expect(buffer.work.scanned).toBe(before);
  });
});

describe('lastLines', () => {
  it('reads the last lines from the end of a text', () => {
    expect(lastLines('a\nb\nc\n', 2)).toEqual(['b', 'c']);
    expect(lastLines('a\nb\nc', 2)).toEqual(['b', 'c']);
    expect(lastLines('a\nb\n', 5)).toEqual(['a', 'b']);
    expect(lastLines('\nb\n', 1)).toEqual(['b']);
    expect(lastLines('\nb\n', 2)).toEqual(['', 'b']);
    expect(lastLines('', 3)).toEqual([]);
  });
});
