/** One `key=value` (or bare `key`) from a fence's info string. */
export interface InfoOption {
  key: string;
  /** The JSON value; `null` for a bare key, as Jupytext reads it. */
  value: unknown;
  /** The value as written (empty for a bare key), for messages. */
  text: string;
}

const KEY = /[A-Za-z0-9_.-]/;

/**
 * Reads the options after a fence's language the way Jupytext writes cell metadata:
 * space-separated `key=<JSON value>` pairs, or a bare `key`. Calls `fail` with the problem when
 * the text cannot be read.
 *
 * @example
 * readInfoOptions('concept="C12" timeout=60 skip', fail);
 * // [{ key: 'concept', value: 'C12', … }, { key: 'timeout', value: 60, … }, { key: 'skip', value: null, … }]
 */
export function readInfoOptions(info: string, fail: (problem: string) => never): InfoOption[] {
  const options: InfoOption[] = [];
  let i = skipSpaces(info, 0);
  while (i < info.length) {
    const keyStart = i;
    while (i < info.length && KEY.test(info[i]!)) i++;
    const key = info.slice(keyStart, i);
    if (key === '' || (i < info.length && info[i] !== '=' && !/\s/.test(info[i]!))) {
      fail(
        `cannot read the cell options at "${info.slice(keyStart)}": write key=value pairs with JSON values, e.g. ` +
          `concept="C12" timeout=60`,
      );
    }
    if (info[i] !== '=') {
      options.push({ key, value: null, text: '' });
    } else {
      const end = valueEnd(info, i + 1);
      const text = info.slice(i + 1, end);
      if (end < info.length && !/\s/.test(info[end]!))
        fail(`cannot read the value of ${key} (${info.slice(i + 1)}): put a space between options`);
      options.push({ key, value: parseValue(key, text, fail), text });
      i = end;
    }
    i = skipSpaces(info, i);
  }
  return options;
}

/**
 * Writes cell metadata as Jupytext does: `key=<JSON>`, a bare `key` for `null`, space-separated.
 *
 * @example
 * writeInfoOptions({ concept: 'C12', timeout: 60, skip: null }); // 'concept="C12" timeout=60 skip'
 */
export function writeInfoOptions(metadata: Record<string, unknown>): string {
  return Object.entries(metadata)
    .map(([key, value]) => (value === null ? key : `${key}=${JSON.stringify(value)}`))
    .join(' ');
}

function parseValue(key: string, text: string, fail: (problem: string) => never): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return fail(
      `cannot read the value of ${key} (${text || 'nothing after ='}): values are JSON, ` +
        `e.g. ${key}="text", ${key}=60, ${key}=true or ${key}=["a","b"]`,
    );
  }
}

/** Where a JSON value starting at `start` ends: after its closing quote or bracket, else at a space. */
function valueEnd(info: string, start: number): number {
  let depth = 0;
  let inString = false;
  for (let i = start; i < info.length; i++) {
    const char = info[i]!;
    if (inString) {
      if (char === '\\') i++;
      else if (char === '"') inString = false;
    } else if (char === '"') inString = true;
    else if (char === '[' || char === '{') depth++;
    else if (char === ']' || char === '}') depth--;
    else if (/\s/.test(char) && depth <= 0) return i;
    if (!inString && depth <= 0 && i > start && (char === '"' || char === ']' || char === '}')) return i + 1;
  }
  return info.length;
}

function skipSpaces(text: string, i: number): number {
  while (i < text.length && /\s/.test(text[i]!)) i++;
  return i;
}
