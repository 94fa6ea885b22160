import { describe, expect, it } from 'vitest';
import { readInfoOptions } from '../../../src/notebook/format/info.ts';
import { cellOptions, optionsMetadata } from '../../../src/notebook/format/options.ts';

const fail = (problem: string): never => {
  throw new Error(problem);
};
const options = (info: string) => cellOptions(readInfoOptions(info, fail), fail);

describe('cellOptions', () => {
  it('reads one or several concepts, as a string, a comma list or an array', () => {
    expect(options('concept="C07"').concepts).toEqual(['C07']);
    expect(options('concept="C01, C02"').concepts).toEqual(['C01', 'C02']);
    expect(options('concept=["C01","C02"]').concepts).toEqual(['C01', 'C02']);
    expect(options('').concepts).toEqual([]);
  });

  it('reads skip and hide bare, as booleans, and skip with a reason', () => {
    expect(options('skip hide')).toEqual({ concepts: [], skip: true, hide: true });
    expect(options('skip=false hide=false')).toEqual({ concepts: [], skip: false, hide: false });
    expect(options('skip="no registry"').skip).toBe('no registry');
  });

  it('refuses bad values with the problem and an example', () => {
    expect(() => options('concept')).toThrow(
      /concept must name concept IDs, e\.g\. concept="C12".*\(got a bare concept\)/,
    );
    expect(() => options('concept=[]')).toThrow(/concept must name concept IDs/);
    expect(() => options('concept="C100"')).toThrow('"C100" is not a concept ID');
    expect(() => options('timeout=0')).toThrow('timeout must be a number of seconds, e.g. timeout=60 (got 0)');
    expect(() => options('timeout="60"')).toThrow(/timeout must be a number/);
    expect(() => options('skip=""')).toThrow(/skip must be bare, true\/false or a reason/);
    expect(() => options('hide=1')).toThrow('hide must be bare or true/false, e.g. hide=true (got 1)');
    expect(() => options('raises="not found"')).toThrow(/raises must be an error code or a \/regex\//);
    expect(() => options('raises="/(/"')).toThrow(/raises="\/\(\/" is not a valid regex/);
    expect(() => options('timeout=1 timeout=2')).toThrow('the option timeout is given twice: keep one');
    expect(() => options('.noeval')).toThrow(
      'unknown cell option ".noeval": the options are concept, timeout, skip, raises, hide',
    );
  });

  it('accepts an error code, an error name and a regex with flags for raises', () => {
    expect(options('raises="NOT_FOUND"').raises).toBe('NOT_FOUND');
    expect(options('raises="TypeError"').raises).toBe('TypeError');
    expect(options('raises="/no such image/i"').raises).toBe('/no such image/i');
  });
});

describe('optionsMetadata', () => {
  it('writes the set options as Jupyter cell metadata, one concept as a string', () => {
    expect(optionsMetadata({ concepts: ['C01'], timeout: 60 })).toEqual({ concept: 'C01', timeout: 60 });
    expect(optionsMetadata({ concepts: ['C01', 'C02'], skip: 'why', raises: 'NOT_FOUND', hide: true })).toEqual({
      concept: ['C01', 'C02'],
      skip: 'why',
      raises: 'NOT_FOUND',
      hide: true,
    });
    expect(optionsMetadata({ concepts: [] })).toEqual({});
  });
});
