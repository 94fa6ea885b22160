/**
 * Shapes: what a value of an argument or option must look like, checked at run time (callers
 * use JavaScript and Jupyter, where no type checker stands between them and the engine). Each
 * shape says what it is in words, for the error that names what was given instead.
 */
export interface Shape {
  /** The shape in words, after "expected": `a string`, `a record { KEY: "value" }`. */
  readonly expected: string;
  /** Why `value` does not fit (a path inside it when nested), or undefined when it fits. */
  mismatch(value: unknown): Mismatch | undefined;
}

/** Where inside the value a mismatch is (`[2]`, `.wait`), what was got, and what was expected. */
export interface Mismatch {
  path: string;
  got: string;
  expected: string;
}

/** A value in an error's words: `the string "A=1"`, `the number -1`, `NaN`, `an array [1, 2]`. */
export function describeValue(value: unknown): string {
  if (value === undefined) return 'undefined';
  if (value === null) return 'null';
  if (typeof value === 'string') return `the string ${clip(JSON.stringify(value))}`;
  if (typeof value === 'number') return Number.isNaN(value) ? 'NaN' : `the number ${value}`;
  if (typeof value === 'bigint') return `the bigint ${value}n`;
  if (typeof value === 'boolean') return `the boolean ${value}`;
  if (typeof value === 'symbol')
    return `the symbol ${value.description === undefined ? 'Symbol()' : `Symbol(${clip(value.description)})`}`;
  if (typeof value === 'function') return `a function${value.name ? ` (${value.name})` : ''}`;
  if (Array.isArray(value)) return `an array of ${value.length} item${value.length === 1 ? '' : 's'}`;
  if (value instanceof Date) return 'a Date';
  if (value instanceof RegExp) return `the RegExp ${clip(String(value))}`;
  const proto = Object.getPrototypeOf(value) as { constructor?: { name?: string } } | null;
  const name = proto?.constructor?.name;
  return name && name !== 'Object' ? `a ${name}` : 'an object';
}

function clip(text: string): string {
  return text.length > 60 ? `${text.slice(0, 57)}…` : text;
}

/** A shape from a test and its words. */
export function shape(expected: string, test: (value: unknown) => boolean): Shape {
  return {
    expected,
    mismatch: (value) => (test(value) ? undefined : { path: '', got: describeValue(value), expected }),
  };
}

export const string = shape('a string', (v) => typeof v === 'string');
export const nonEmptyString = shape('a non-empty string', (v) => typeof v === 'string' && v.length > 0);
export const boolean = shape('true or false', (v) => typeof v === 'boolean');
export const finiteNumber = shape('a finite number', (v) => typeof v === 'number' && Number.isFinite(v));
export const milliseconds = shape(
  'a number of milliseconds ≥ 0',
  (v) => typeof v === 'number' && Number.isFinite(v) && v >= 0,
);
export const seconds = shape('a number of seconds ≥ 0', (v) => typeof v === 'number' && Number.isFinite(v) && v >= 0);
export const count = shape('a whole number ≥ 0', (v) => typeof v === 'number' && Number.isInteger(v) && v >= 0);
export const func = shape('a function', (v) => typeof v === 'function');
export const regexp = shape('a RegExp', (v) => v instanceof RegExp);
export const date = shape('a valid Date', (v) => v instanceof Date && !Number.isNaN(v.getTime()));
export const abortSignal = shape('an AbortSignal', (v) => v instanceof AbortSignal);
export const plainObject = shape('an object', isPlainObject);

/** A plain object literal: not an array, a Date, a function, a class instance or null. */
export function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return false;
  const proto = Object.getPrototypeOf(value) as unknown;
  return proto === Object.prototype || proto === null;
}

/** One of the given literal values. */
export function oneOf(...values: Array<string | number | boolean>): Shape {
  return shape(`one of ${values.map((v) => JSON.stringify(v)).join(', ')}`, (v) => values.includes(v as string));
}

/** Any of the shapes (tried in order); the words list them all, or `expected` when given. */
export function anyOf(shapes: Shape[], expected = shapes.map((s) => s.expected).join(' or ')): Shape {
  return {
    expected,
    mismatch(value) {
      const misses = shapes.map((s) => s.mismatch(value));
      if (misses.some((m) => m === undefined)) return undefined;
      // When the value is of one alternative's kind but wrong inside, say where.
      const inner = misses.find((m) => m && m.path !== '');
      return inner ?? { path: '', got: describeValue(value), expected };
    },
  };
}

/** An array whose every item fits `item`. */
export function arrayOf(item: Shape, expected = `an array of ${plural(item.expected)}`): Shape {
  return {
    expected,
    mismatch(value) {
      if (!Array.isArray(value)) return { path: '', got: describeValue(value), expected };
      for (const [i, v] of value.entries()) {
        const miss = item.mismatch(v);
        if (miss) return { ...miss, path: `[${i}]${miss.path}` };
      }
      return undefined;
    },
  };
}

/** A plain object whose every value fits `value` (a record of labels, of env variables). */
export function recordOf(value: Shape, expected = `a record of ${plural(value.expected)}`): Shape {
  return {
    expected,
    mismatch(v) {
      if (!isPlainObject(v)) return { path: '', got: describeValue(v), expected };
      for (const [key, item] of Object.entries(v)) {
        const miss = value.mismatch(item);
        if (miss) return { ...miss, path: `.${key}${miss.path}` };
      }
      return undefined;
    },
  };
}

/** A plain object with exactly these fields (each optional unless listed in `required`). */
export function objectOf(fields: Record<string, Shape>, expected: string, required: string[] = []): Shape {
  return {
    expected,
    mismatch(v) {
      if (!isPlainObject(v)) return { path: '', got: describeValue(v), expected };
      for (const key of required)
        if (v[key] === undefined) return { path: `.${key}`, got: 'undefined', expected: fields[key]!.expected };
      for (const [key, item] of Object.entries(v)) {
        const field = fields[key];
        if (!field)
          return { path: `.${key}`, got: 'an unknown field', expected: `only ${Object.keys(fields).join(', ')}` };
        if (item === undefined) continue;
        const miss = field.mismatch(item);
        if (miss) return { ...miss, path: `.${key}${miss.path}` };
      }
      return undefined;
    },
  };
}

/** The same shape, but what was got is told by its type only (a password is never echoed). */
export function masked(inner: Shape): Shape {
  return {
    expected: inner.expected,
    mismatch(value) {
      const miss = inner.mismatch(value);
      return miss && { ...miss, got: miss.got.replace(/^the (string|number|bigint|boolean) .*$/s, 'a $1 (not shown)') };
    },
  };
}

/**
 * Any object (a class instance too, e.g. Credentials with a getter) whose named fields fit;
 * other fields are not looked at.
 */
export function hasFields(fields: Record<string, Shape>, expected: string): Shape {
  return {
    expected,
    mismatch(v) {
      if (v === null || typeof v !== 'object' || Array.isArray(v)) return { path: '', got: describeValue(v), expected };
      for (const [key, field] of Object.entries(fields)) {
        const miss = field.mismatch((v as Record<string, unknown>)[key]);
        if (miss) return { ...miss, path: `.${key}${miss.path}` };
      }
      return undefined;
    },
  };
}

/** An object with a string `id` (a Container, an image row), as refs accept. */
export const withId = shape(
  'an object with an id',
  (v) =>
    v !== null &&
    typeof v === 'object' &&
    typeof (v as { id?: unknown }).id === 'string' &&
    (v as { id: string }).id !== '',
);

/** `a string` → `strings`; longer words stay whole: `(each a record …)`. */
function plural(words: string): string {
  const noun = words.replace(/^an? /, '');
  return /^[\w-]+$/.test(noun) ? `${noun}s` : `items, each ${words}`;
}
