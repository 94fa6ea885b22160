import { inspect } from 'node:util';
import { describe, expect, it } from 'vitest';
import { printable } from '../../src/display/printable.ts';

describe('printable', () => {
  it('gives a plain object a text form without adding fields', () => {
    const value = printable({ removed: ['web', 'db'] }, (r) => `removed ${r.removed.join(', ')}`);
    expect(String(value)).toBe('removed web, db');
    expect(`${value}`).toBe('removed web, db');
    expect(inspect(value)).toBe('removed web, db');
    expect(Object.keys(value)).toEqual(['removed']);
    expect(value).toEqual({ removed: ['web', 'db'] });
    expect(JSON.stringify(value)).toBe('{"removed":["web","db"]}');
  });

  it('reads the value when printed, so later changes show', () => {
    const value = printable({ n: 1 }, (r) => `n=${r.n}`);
    value.n = 2;
    expect(String(value)).toBe('n=2');
  });
});
