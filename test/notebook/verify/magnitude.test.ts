import { describe, expect, it } from 'vitest';
import {
  compareDurations,
  compareSizes,
  DURATION_FACTOR,
  DURATION_SLACK_S,
  durationSeconds,
  SIZE_FACTOR,
  sizeBytes,
} from '../../../src/notebook/verify/magnitude.ts';

const sizesMatch = (expected: string, actual: string) => compareSizes(expected, actual) === undefined;
const durationsMatch = (expected: string, actual: string) => compareDurations(expected, actual) === undefined;

describe('the tolerances', () => {
  it('are ×2 for sizes, and 0.5 s or ×5 for durations', () => {
    expect([SIZE_FACTOR, DURATION_SLACK_S, DURATION_FACTOR]).toEqual([2, 0.5, 5]);
  });
});

describe('sizeBytes', () => {
  it('reads decimal and binary units, with a space allowed before a two-letter unit', () => {
    expect(sizeBytes('512B')).toBe(512);
    expect(sizeBytes('1.98kB')).toBeCloseTo(1980);
    expect(sizeBytes('119MB')).toBe(119e6);
    expect(sizeBytes('4.1 kB')).toBeCloseTo(4100);
    expect(sizeBytes('2GiB')).toBe(2 * 1024 ** 3);
    expect(sizeBytes('1KiB')).toBe(1024);
  });

  it('is undefined for what is not a size', () => {
    for (const text of ['512', '3 lines', '512m', 'MB', '<size>']) expect(sizeBytes(text), text).toBeUndefined();
  });
});

describe('compareSizes', () => {
  it('passes a size within ×2 either way, across units', () => {
    expect(sizesMatch('100MB', '150MB')).toBe(true);
    expect(sizesMatch('150MB', '100MB')).toBe(true);
    expect(sizesMatch('100MB', '200MB')).toBe(true);
    expect(sizesMatch('1.98kB', '1.5kB')).toBe(true);
    expect(sizesMatch('1000kB', '1MB')).toBe(true);
    expect(sizesMatch('1MiB', '1MB')).toBe(true);
  });

  it('fails a size ten times too large or too small, or just past ×2', () => {
    expect(compareSizes('119MB', '1190MB')).toBe('the size 1190MB is not within ×2 of the expected 119MB');
    expect(sizesMatch('119MB', '11.9MB')).toBe(false);
    expect(sizesMatch('119MB', '1.19GB')).toBe(false);
    expect(sizesMatch('100MB', '201MB')).toBe(false);
    expect(sizesMatch('2kB', '2MB')).toBe(false);
  });

  it('lets zero equal only zero', () => {
    expect(sizesMatch('0B', '0B')).toBe(true);
    expect(sizesMatch('0B', '0 kB')).toBe(true);
    expect(compareSizes('0B', '5B')).toBe('the size 5B is not within ×2 of the expected 0B');
    expect(sizesMatch('5B', '0B')).toBe(false);
  });
});

describe('durationSeconds', () => {
  it('reads a printed number as the interval it was rounded from', () => {
    expect(durationSeconds('0.7s')).toEqual([expect.closeTo(0.65), expect.closeTo(0.75)]);
    expect(durationSeconds('2s')).toEqual([1.5, 2.5]);
    expect(durationSeconds('412ms')).toEqual([expect.closeTo(0.4115), expect.closeTo(0.4125)]);
    expect(durationSeconds('1m2.5s')).toEqual([expect.closeTo(62.45), expect.closeTo(62.55)]);
    expect(durationSeconds('1h0m5s')).toEqual([3604.5, 3605.5]);
  });

  it("reads docker's words as the interval they truncate: 3 seconds is [3, 4)", () => {
    expect(durationSeconds('3 seconds')).toEqual([3, 4]);
    expect(durationSeconds('1 second')).toEqual([1, 2]);
    expect(durationSeconds('2 minutes')).toEqual([120, 180]);
    expect(durationSeconds('Less than a second')).toEqual([0, 1]);
    expect(durationSeconds('About a minute')).toEqual([60, 120]);
    expect(durationSeconds('About an hour')).toEqual([3600, 7200]);
    expect(durationSeconds('1.5 seconds')).toEqual([1.45, 1.55]);
  });

  it('is undefined for what is not a duration', () => {
    for (const text of ['3', '3 lines', '512m', 'seconds', '<duration>'])
      expect(durationSeconds(text), text).toBeUndefined();
  });
});

describe('compareDurations', () => {
  it('fails a duration ten times too long or too short, past half a second', () => {
    expect(compareDurations('0.1s', '2s')).toBe('the duration 2s is not within 0.5 s or ×5 of the expected 0.1s');
    expect(durationsMatch('8.6s', '86s')).toBe(false);
    expect(durationsMatch('86s', '8.6s')).toBe(false);
    expect(durationsMatch('15.0s', '1.5s')).toBe(false);
    expect(durationsMatch('2 seconds', 'About a minute')).toBe(false);
    expect(durationsMatch('2 seconds', '2 minutes')).toBe(false);
  });

  it('passes durations within half a second, whatever their ratio', () => {
    expect(durationsMatch('0.2s', '0.6s')).toBe(true);
    expect(durationsMatch('0.1s', '0.55s')).toBe(true);
    expect(durationsMatch('12ms', '480ms')).toBe(true);
  });

  it('passes durations within ×5, as a busy machine stretches them', () => {
    expect(durationsMatch('1.5s', '2.1s')).toBe(true);
    expect(durationsMatch('2.0s', '9.0s')).toBe(true);
    expect(durationsMatch('2 seconds', '3 seconds')).toBe(true);
    expect(durationsMatch('2.0s', '11.0s')).toBe(false);
  });

  it("compares docker's worded ages as intervals: Less than a second is within ×5 of 3 seconds, not of 6", () => {
    expect(durationsMatch('Less than a second', '3 seconds')).toBe(true);
    expect(compareDurations('Less than a second', '6 seconds')).toBe(
      'the duration 6 seconds is not within 0.5 s or ×5 of the expected Less than a second',
    );
    expect(durationsMatch('About a minute', '3 minutes')).toBe(true);
    expect(durationsMatch('3 seconds', '3 seconds')).toBe(true);
  });
});
