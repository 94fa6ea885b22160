import { describe, expect, it } from 'vitest';
import { humanDuration, humanSize } from '../../src/display/units.ts';

describe('humanSize', () => {
  it('prints bytes as the docker CLI does: decimal units, three significant digits', () => {
    expect(humanSize(0)).toBe('0B');
    expect(humanSize(999)).toBe('999B');
    expect(humanSize(1000)).toBe('1kB');
    expect(humanSize(12_345)).toBe('12.3kB');
    expect(humanSize(1_980_000)).toBe('1.98MB');
    expect(humanSize(119_000_000)).toBe('119MB');
    expect(humanSize(2_500_000_000)).toBe('2.5GB');
  });
});

describe('humanDuration', () => {
  it('prints durations as the docker CLI does', () => {
    expect(humanDuration(300)).toBe('Less than a second');
    expect(humanDuration(1000)).toBe('1 second');
    expect(humanDuration(45_000)).toBe('45 seconds');
    expect(humanDuration(90_000)).toBe('About a minute');
    expect(humanDuration(10 * 60_000)).toBe('10 minutes');
    expect(humanDuration(61 * 60_000)).toBe('About an hour');
    expect(humanDuration(5 * 3_600_000)).toBe('5 hours');
    expect(humanDuration(3 * 86_400_000)).toBe('3 days');
    expect(humanDuration(21 * 86_400_000)).toBe('3 weeks');
    expect(humanDuration(90 * 86_400_000)).toBe('3 months');
    expect(humanDuration(800 * 86_400_000)).toBe('2 years');
  });
});
