import { describe, expect, it } from 'vitest';
import { readInfoOptions, writeInfoOptions } from '../../../src/notebook/format/info.ts';

const fail = (problem: string): never => {
  throw new Error(problem);
};

describe('readInfoOptions', () => {
  it('reads key=JSON pairs and bare keys, as Jupytext writes cell metadata', () => {
    expect(
      readInfoOptions(' concept="C12" timeout=60 skip hide=true', fail).map(({ key, value }) => [key, value]),
    ).toEqual([
      ['concept', 'C12'],
      ['timeout', 60],
      ['skip', null],
      ['hide', true],
    ]);
  });

  it('keeps spaces, = and escaped quotes inside strings, and whole arrays', () => {
    const options = readInfoOptions('skip="needs a = registry" raises="/say \\"hi\\"/" concept=["C01", "C02"]', fail);
    expect(options.map(({ value }) => value)).toEqual(['needs a = registry', '/say "hi"/', ['C01', 'C02']]);
    expect(options[2]!.text).toBe('["C01", "C02"]');
  });

  it('names what it cannot read', () => {
    expect(() => readInfoOptions('concept=C12', fail)).toThrow(
      'cannot read the value of concept (C12): values are JSON',
    );
    expect(() => readInfoOptions("concept='C12'", fail)).toThrow(/values are JSON/);
    expect(() => readInfoOptions('timeout=', fail)).toThrow('cannot read the value of timeout (nothing after =)');
    expect(() => readInfoOptions('skip="a"b', fail)).toThrow(/put a space between options/);
    expect(() => readInfoOptions('=1', fail)).toThrow(/cannot read the cell options at "=1": write key=value pairs/);
  });
});

describe('writeInfoOptions', () => {
  it('writes what readInfoOptions reads back', () => {
    const metadata = { concept: ['C01', 'C02'], skip: 'needs a registry', raises: '/a "b"/', timeout: 2.5, hide: null };
    const text = writeInfoOptions(metadata);
    expect(text).toBe('concept=["C01","C02"] skip="needs a registry" raises="/a \\"b\\"/" timeout=2.5 hide');
    expect(Object.fromEntries(readInfoOptions(text, fail).map(({ key, value }) => [key, value]))).toEqual(metadata);
  });
});
