import { inspect } from 'node:util';

/** A plain result object that also prints as text. */
export type Printable<T> = T & { toString(): string };

/**
 * Gives a plain result object its text form (`toString` and `util.inspect`, which is what a
 * terminal and a notebook show) without adding enumerable fields, so it still compares as data.
 *
 * @example
 * printable({ removed: ['web'] }, (r) => `removed ${r.removed.join(', ')}`) // prints "removed web"
 */
export function printable<T extends object>(value: T, text: (value: T) => string): Printable<T> {
  const show = () => text(value);
  Object.defineProperty(value, 'toString', { value: show });
  Object.defineProperty(value, inspect.custom, { value: show });
  return value as Printable<T>;
}
