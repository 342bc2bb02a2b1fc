import { describe, expect, it } from 'vitest';
import { addDuration, formatDuration, parseDuration } from '../../src/core/duration.ts';

describe('durations', () => {
  it('reads every unit and combinations', () => {
    expect(parseDuration('30m')).toEqual({ months: 0, ms: 30 * 60_000 });
    expect(parseDuration('12h')).toEqual({ months: 0, ms: 12 * 3_600_000 });
    expect(parseDuration('2w')).toEqual({ months: 0, ms: 14 * 86_400_000 });
    expect(parseDuration('1y')).toEqual({ months: 12, ms: 0 });
    expect(parseDuration('1mo15d')).toEqual({ months: 1, ms: 15 * 86_400_000 });
  });

  it('refuses anything else', () => {
    for (const bad of ['', '7', 'd7', '7x', '7d x', '-1d']) expect(parseDuration(bad)).toBeNull();
  });

  it('adds calendar months, clamped to the end of the month', () => {
    expect(addDuration(new Date('2026-01-31T10:00:00Z'), { months: 1, ms: 0 }).toISOString()).toBe('2026-02-28T10:00:00.000Z');
    expect(addDuration(new Date('2026-11-28T00:00:00Z'), parseDuration('7d')!).toISOString()).toBe('2026-12-05T00:00:00.000Z');
  });

  it('formats back to the same syntax', () => {
    expect(formatDuration(parseDuration('1mo15d')!)).toBe('1mo2w1d');
    expect(formatDuration(parseDuration('1y')!)).toBe('1y');
  });
});
