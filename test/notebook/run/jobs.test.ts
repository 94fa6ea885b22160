import { describe, expect, it } from 'vitest';
import { defaultJobs, NOTEBOOK_MEMORY, parseJobs } from '../../../src/notebook/run/jobs.ts';

const GiB = 1024 ** 3;

describe('defaultJobs', () => {
  it('runs a notebook per core when memory holds them', () => {
    expect(defaultJobs({ cores: 2, freeBytes: 24 * GiB })).toBe(2);
    expect(defaultJobs({ cores: 16, freeBytes: 64 * GiB })).toBe(16);
    expect(defaultJobs({ cores: 1, freeBytes: 64 * GiB })).toBe(1);
  });

  it('runs no more than free memory holds, at NOTEBOOK_MEMORY each', () => {
    expect(NOTEBOOK_MEMORY).toBe(512 * 1024 ** 2);
    expect(defaultJobs({ cores: 8, freeBytes: 2 * GiB })).toBe(4);
    expect(defaultJobs({ cores: 8, freeBytes: 4 * NOTEBOOK_MEMORY - 1 })).toBe(3);
  });

  it('runs one at least, however little memory is free', () => {
    expect(defaultJobs({ cores: 4, freeBytes: 100 * 1024 ** 2 })).toBe(1);
    expect(defaultJobs({ cores: 4, freeBytes: 0 })).toBe(1);
    expect(defaultJobs({ cores: 0, freeBytes: 8 * GiB })).toBe(1);
  });

  it("reads this machine's cores and free memory by default", () => {
    const jobs = defaultJobs();
    expect(Number.isInteger(jobs)).toBe(true);
    expect(jobs).toBeGreaterThanOrEqual(1);
  });
});

describe('parseJobs', () => {
  it('takes a whole number of 1 or more', () => {
    expect(parseJobs('1')).toBe(1);
    expect(parseJobs('3')).toBe(3);
    expect(parseJobs('12')).toBe(12);
  });

  it('refuses anything else', () => {
    for (const text of ['0', '-1', 'abc', '1.5', '', ' ', '2x', '1e3', '0x2', '99999999999999999999'])
      expect(parseJobs(text), text).toBeUndefined();
  });
});
