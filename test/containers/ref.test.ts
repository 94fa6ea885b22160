import { describe, expect, it } from 'vitest';
import { containerTarget, refText } from '../../src/containers/ref.ts';
import { Container } from '../../src/containers/value.ts';

describe('refText', () => {
  const id = '3f2a1c9d8e7b'.padEnd(64, '0');

  it('reads a string as given, a value with a name by its name, an ID-only value by its short ID', () => {
    expect(refText('web')).toBe('web');
    expect(refText(new Container({ id, name: '/web', image: 'node' }))).toBe('web');
    expect(refText({ id })).toBe('3f2a1c9d8e7b');
  });

  it('names the error target', () => {
    expect(containerTarget('web')).toBe('container "web"');
  });
});
