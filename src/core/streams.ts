import { StringDecoder } from 'node:string_decoder';

export type StreamName = 'stdout' | 'stderr';

/**
 * Splits the engine's multiplexed attach/logs stream (8-byte frame headers: stream type, then
 * a big-endian length) into stdout and stderr chunks, in order; consecutive frames of the same
 * stream in one chunk come out together. Frames may arrive split across chunks;
 * a partial frame waits in a list until it is whole, so each byte is copied at most twice.
 */
export function demuxer(onChunk: (name: StreamName, data: Buffer) => void): (chunk: Buffer) => void {
  let parts: Buffer[] = [];
  let have = 0;
  let need = 8;
  return (chunk) => {
    parts.push(chunk);
    have += chunk.length;
    if (have < need) return;
    const data = parts.length === 1 ? parts[0]! : Buffer.concat(parts, have);
    let offset = 0;
    // Consecutive frames of one stream (a chatty container sends a frame a line) go on as one chunk.
    let run: Buffer[] = [];
    let runName: StreamName = 'stdout';
    const emit = () => {
      if (run.length) onChunk(runName, run.length === 1 ? run[0]! : Buffer.concat(run));
      run = [];
    };
    while (data.length - offset >= 8) {
      const size = data.readUInt32BE(offset + 4);
      if (data.length - offset < 8 + size) break;
      const name = data[offset] === 2 ? 'stderr' : 'stdout';
      if (name !== runName) emit();
      runName = name;
      if (size) run.push(data.subarray(offset + 8, offset + 8 + size));
      offset += 8 + size;
    }
    emit();
    have = data.length - offset;
    parts = have ? [data.subarray(offset)] : [];
    need = have >= 8 ? 8 + data.readUInt32BE(offset + 4) : 8;
  };
}

/** `\r\n` (a TTY's line ends) and lone `\r` before a newline become `\n`. */
export function normalizeNewlines(text: string): string {
  return text.includes('\r') ? text.replace(/\r+\n/g, '\n') : text;
}

/** Text matchers accepted wherever a call waits for output: a substring, a RegExp, or a predicate. */
export type Until = string | RegExp | ((output: string) => boolean);

/** Tests a whole text (the first look at an output, or any text). */
export function toTest(until: Until): (text: string) => boolean {
  if (typeof until === 'string') return (text) => text.includes(until);
  if (until instanceof RegExp) {
    const pattern = new RegExp(until.source, until.flags.replace(/[gy]/g, ''));
    return (text) => pattern.test(text);
  }
  return until;
}

/** How far back a RegExp can reach into output it has already been tested against. */
export const REGEX_REACH = 16 * 1024;
/**
 * A RegExp is tested at once while the characters it scanned stay under this many times the
 * output it got (a small piece after a long output waits, so that a trickle of tiny chunks is
 * not a full window each); a predicate, which sees the whole output, once the output grew by
 * PREDICATE_GROWTH. Otherwise the test comes DEFERRED_TEST_MS later (or at the end of the stream).
 */
const REGEX_SCAN_RATIO = 4;
const PREDICATE_GROWTH = 0.25;
const DEFERRED_TEST_MS = 10;

/**
 * The work an OutputBuffer did: characters normalized and scanned, predicate calls. Tests read it to prove collection
 * linear.
 */
export interface OutputWork {
  normalized: number;
  scanned: number;
  predicateCalls: number;
}

interface Waiter {
  until: Until;
  /** Output the waiter has not been tested against yet (characters of committed text). */
  unseen: number;
  /** Committed length when a predicate was last called. */
  calledAt: number;
  /** Characters a RegExp may still scan at once (REGEX_SCAN_RATIO per character received). */
  budget: number;
  timer?: ReturnType<typeof setTimeout>;
  /** A RegExp's global copy, searched from a lastIndex. */
  pattern?: RegExp;
  resolve(): void;
}

type Key = StreamName | 'all';

/**
 * Collects a container's output: the bytes of stdout and stderr as they came, and the text
 * (stdout, stderr, and both interleaved in arrival order) decoded incrementally, so UTF-8 split
 * across chunks stays whole, and normalized once per piece (`\r\n` → `\n`). Collecting is
 * linear in the output's size, and so is waiting for it to match (`waitFor`): a substring is
 * searched in the new text and the few characters before it, a RegExp in the new text and up
 * to REGEX_REACH characters before it (from a line start; a RegExp spanning more than that is
 * not seen), and a predicate, which gets the whole output, is called as it grows by a quarter;
 * a test that would cost more than that waits DEFERRED_TEST_MS, or for the end of the stream.
 * `work` counts what it did.
 */
export class OutputBuffer {
  readonly work: OutputWork = { normalized: 0, scanned: 0, predicateCalls: 0 };
  #bytes: Record<StreamName, Buffer[]> = { stdout: [], stderr: [] };
  #decoders = { stdout: new StringDecoder('utf8'), stderr: new StringDecoder('utf8') };
  /** Normalized text, in pieces, joined when read. */
  #pieces: Record<Key, string[]> = { stdout: [], stderr: [], all: [] };
  #length = 0;
  /** A trailing run of `\r` not yet followed by anything: it becomes part of `\n` if one comes. */
  #cr: Record<Key, string> = { stdout: '', stderr: '', all: '' };
  #waiters = new Set<Waiter>();
  #ended = false;

  /** `onText` gets each decoded piece as it arrives (live progress), before any normalising. */
  constructor(private readonly onText?: (name: StreamName, text: string) => void) {}

  write(name: StreamName, data: Buffer): void {
    if (!data.length) return;
    this.#bytes[name].push(data);
    const text = this.#decoders[name].write(data);
    if (text) this.onText?.(name, text);
    this.#text(name, text);
  }

  /** The stream ended: flushes an incomplete UTF-8 sequence (as U+FFFD) and tests every waiter one last time. */
  end(): void {
    if (this.#ended) return;
    this.#ended = true;
    for (const name of ['stdout', 'stderr'] as const) this.#text(name, this.#decoders[name].end());
    this.#flush();
  }

  get stdout(): string {
    return this.#read('stdout');
  }

  get stderr(): string {
    return this.#read('stderr');
  }

  /** stdout and stderr interleaved as they arrived. */
  get output(): string {
    return this.#read('all');
  }

  /** The bytes of stdout, exactly as the container wrote them. */
  get stdoutBytes(): Buffer {
    return this.#joinBytes('stdout');
  }

  /** The bytes of stderr, exactly as the container wrote them. */
  get stderrBytes(): Buffer {
    return this.#joinBytes('stderr');
  }

  /** Resolves once the interleaved output matches; rejects when the signal aborts. */
  waitFor(until: Until, signal: AbortSignal): Promise<void> {
    this.work.scanned += this.#length;
    if (typeof until === 'function') this.work.predicateCalls++;
    if (toTest(until)(this.output)) return Promise.resolve();
    if (signal.aborted) return Promise.reject(signal.reason);
    return new Promise((resolve, reject) => {
      const waiter: Waiter = {
        until,
        unseen: 0,
        calledAt: this.#length,
        budget: 0,
        ...(until instanceof RegExp
          ? { pattern: new RegExp(until.source, `${until.flags.replace(/[gy]/g, '')}g`) }
          : {}),
        resolve: () => {
          this.#drop(waiter);
          signal.removeEventListener('abort', onAbort);
          resolve();
        },
      };
      const onAbort = () => {
        this.#drop(waiter);
        reject(signal.reason);
      };
      signal.addEventListener('abort', onAbort, { once: true });
      this.#waiters.add(waiter);
    });
  }

  #read(key: Key): string {
    const pieces = this.#pieces[key];
    if (pieces.length > 1) pieces.splice(0, pieces.length, pieces.join(''));
    return (pieces[0] ?? '') + this.#cr[key];
  }

  #joinBytes(name: StreamName): Buffer {
    const chunks = this.#bytes[name];
    if (chunks.length !== 1) chunks.splice(0, chunks.length, Buffer.concat(chunks));
    return chunks[0]!;
  }

  #text(name: StreamName, text: string): void {
    if (!text) return;
    this.#commit(name, text);
    const added = this.#commit('all', text);
    this.#length += added.length;
    if (this.#waiters.size) this.#test(added);
  }

  /** Appends text to a key, normalized, holding back a trailing `\r` run; returns what was committed. */
  #commit(key: Key, text: string): string {
    let end = text.length;
    while (end > 0 && text.charCodeAt(end - 1) === 13) end--;
    if (end === 0) {
      this.#cr[key] += text;
      return '';
    }
    const body = this.#cr[key] + (end === text.length ? text : text.slice(0, end));
    this.#cr[key] = text.slice(end);
    this.work.normalized += body.length;
    const normalized = normalizeNewlines(body);
    this.#pieces[key].push(normalized);
    return normalized;
  }

  /** The last `count` characters of the committed interleaved text, from the newest pieces only. */
  #tail(count: number): string {
    const pieces = this.#pieces.all;
    const parts: string[] = [];
    let need = count;
    for (let i = pieces.length - 1; i >= 0 && need > 0; i--) {
      const piece = pieces[i]!;
      parts.push(piece.length > need ? piece.slice(piece.length - need) : piece);
      need -= piece.length;
    }
    return parts.length === 1 ? parts[0]! : parts.reverse().join('');
  }

  #test(added: string): void {
    for (const waiter of this.#waiters) {
      waiter.unseen += added.length;
      const { until } = waiter;
      let now: boolean;
      if (typeof until === 'string') now = true;
      else if (until instanceof RegExp) {
        waiter.budget += REGEX_SCAN_RATIO * added.length;
        now = Math.min(this.#length, waiter.unseen + REGEX_REACH) <= waiter.budget;
      } else now = this.#length - waiter.calledAt >= PREDICATE_GROWTH * waiter.calledAt;
      if (now) this.#check(waiter);
      else
        waiter.timer ??= setTimeout(() => {
          waiter.timer = undefined;
          this.#check(waiter);
        }, DEFERRED_TEST_MS);
    }
  }

  #flush(): void {
    for (const waiter of this.#waiters) if (waiter.unseen > 0 || this.#cr.all) this.#check(waiter);
  }

  /** Tests one waiter against the output it has not seen, with the overlap its kind needs. */
  #check(waiter: Waiter): void {
    if (!this.#waiters.has(waiter)) return;
    if (waiter.timer) clearTimeout(waiter.timer);
    waiter.timer = undefined;
    const { until } = waiter;
    const unseen = waiter.unseen;
    waiter.unseen = 0;
    let matched: boolean;
    if (typeof until === 'string') {
      const window = this.#tail(unseen + until.length - 1) + this.#cr.all;
      this.work.scanned += window.length;
      matched = window.includes(until);
    } else if (until instanceof RegExp) {
      const scanned = this.work.scanned;
      matched = this.#matchRegex(waiter.pattern!, unseen);
      waiter.budget = Math.max(0, waiter.budget - (this.work.scanned - scanned));
    } else {
      waiter.calledAt = this.#length;
      this.work.predicateCalls++;
      this.work.scanned += this.#length;
      matched = until(this.output);
    }
    if (matched) waiter.resolve();
  }

  /**
   * A RegExp against the unseen text and up to REGEX_REACH characters before it, from the start
   * of a line. The character before the window is kept in front of it and skipped by lastIndex,
   * so `^` (without the m flag) still means the start of the whole output, and `^` with it a line's.
   */
  #matchRegex(pattern: RegExp, unseen: number): boolean {
    const reach = unseen + REGEX_REACH;
    let window = this.#tail(reach + 1);
    let from = 0;
    if (window.length > reach) {
      const newline = window.indexOf('\n');
      from = 1;
      if (newline >= 0 && newline < REGEX_REACH) window = window.slice(newline);
    }
    window += this.#cr.all;
    this.work.scanned += window.length - from;
    pattern.lastIndex = from;
    return pattern.exec(window) !== null;
  }

  #drop(waiter: Waiter): void {
    this.#waiters.delete(waiter);
    if (waiter.timer) clearTimeout(waiter.timer);
  }
}

/** The lines of a text, without the empty one after a final newline. */
export function lines(text: string): string[] {
  if (text === '') return [];
  const all = text.split('\n');
  return all[all.length - 1] === '' ? all.slice(0, -1) : all;
}

/** The last `count` lines of a text (how a container's output ended), reading only its end. */
export function lastLines(text: string, count: number): string[] {
  let start = text.endsWith('\n') ? text.length - 1 : text.length;
  for (let found = 0; found < count; found++) {
    start = start <= 0 ? -1 : text.lastIndexOf('\n', start - 1);
    if (start < 0) return lines(text);
  }
  return lines(text.slice(start + 1));
}
