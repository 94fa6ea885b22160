import { StringDecoder } from 'node:string_decoder';

export type StreamName = 'stdout' | 'stderr';

/**
 * Splits the engine's multiplexed attach/logs stream (8-byte frame headers: stream type, then
 * a big-endian length) into stdout and stderr chunks. Frames may arrive split across chunks.
 */
export function demuxer(onChunk: (name: StreamName, data: Buffer) => void): (chunk: Buffer) => void {
  let pending: Buffer = Buffer.alloc(0);
  return (chunk) => {
    pending = pending.length ? Buffer.concat([pending, chunk]) : chunk;
    while (pending.length >= 8) {
      const size = pending.readUInt32BE(4);
      if (pending.length < 8 + size) break;
      onChunk(pending[0] === 2 ? 'stderr' : 'stdout', pending.subarray(8, 8 + size));
      pending = pending.subarray(8 + size);
    }
  };
}

/** `\r\n` (a TTY's line ends) and lone `\r` before a newline become `\n`. */
export function normalizeNewlines(text: string): string {
  return text.replace(/\r+\n/g, '\n');
}

type Test = (text: string) => boolean;

/** Text matchers accepted wherever a call waits for output: a substring, a RegExp, or a predicate. */
export type Until = string | RegExp | ((output: string) => boolean);

export function toTest(until: Until): Test {
  if (typeof until === 'string') return (text) => text.includes(until);
  if (until instanceof RegExp) return (text) => until.test(text);
  return until;
}

/**
 * Collects a container's output as text: stdout, stderr, and both interleaved in arrival order,
 * decoding UTF-8 safely across chunk boundaries. Callers can wait for the output to match.
 */
export class OutputBuffer {
  #raw = { stdout: '', stderr: '', all: '' };
  #decoders = { stdout: new StringDecoder('utf8'), stderr: new StringDecoder('utf8') };
  #waiters = new Set<{ test: Test; resolve: () => void }>();

  write(name: StreamName, data: Buffer): void {
    const text = this.#decoders[name].write(data);
    if (!text) return;
    this.#raw[name] += text;
    this.#raw.all += text;
    const all = this.output;
    for (const waiter of this.#waiters) {
      if (waiter.test(all)) {
        this.#waiters.delete(waiter);
        waiter.resolve();
      }
    }
  }

  get stdout(): string {
    return normalizeNewlines(this.#raw.stdout);
  }

  get stderr(): string {
    return normalizeNewlines(this.#raw.stderr);
  }

  /** stdout and stderr interleaved as they arrived. */
  get output(): string {
    return normalizeNewlines(this.#raw.all);
  }

  /** Resolves once the interleaved output matches; rejects when the signal aborts. */
  waitFor(until: Until, signal: AbortSignal): Promise<void> {
    const test = toTest(until);
    if (test(this.output)) return Promise.resolve();
    return new Promise((resolve, reject) => {
      const waiter = { test, resolve: () => { signal.removeEventListener('abort', onAbort); resolve(); } };
      const onAbort = () => { this.#waiters.delete(waiter); reject(signal.reason); };
      signal.addEventListener('abort', onAbort, { once: true });
      this.#waiters.add(waiter);
    });
  }
}

/** The lines of a text, without the empty one after a final newline. */
export function lines(text: string): string[] {
  if (text === '') return [];
  const all = text.split('\n');
  return all[all.length - 1] === '' ? all.slice(0, -1) : all;
}
