import { describe, expect, it } from 'vitest';
import { describeDuration, formatIsoDuration, parseDuration, toSimpleDuration } from './duration.ts';

describe('durations', () => {
  it('reads ISO 8601 durations', () => {
    expect(parseDuration('P1DT12H')).toEqual({ D: 1, h: 12 });
    expect(parseDuration('PT30M')).toEqual({ m: 30 });
    expect(parseDuration('P')).toBeUndefined();
    expect(parseDuration('2 jours')).toBeUndefined();
  });
  it('keeps the one-unit form for the forms', () => {
    expect(toSimpleDuration('P2D')).toEqual({ amount: 2, unit: 'D' });
    expect(toSimpleDuration('P1M')).toEqual({ amount: 1, unit: 'M' });
    expect(toSimpleDuration('PT3H')).toEqual({ amount: 3, unit: 'h' });
    expect(toSimpleDuration('P1DT12H')).toBeUndefined();
    expect(formatIsoDuration({ amount: 2, unit: 'D' })).toBe('P2D');
    expect(formatIsoDuration({ amount: 3, unit: 'h' })).toBe('PT3H');
    expect(formatIsoDuration({ amount: 15, unit: 'm' })).toBe('PT15M');
    expect(formatIsoDuration({ amount: 1, unit: 'M' })).toBe('P1M');
  });
  it('says durations in words', () => {
    expect(describeDuration('P2D', 'fr')).toBe('2 jours');
    expect(describeDuration('P1DT12H', 'fr')).toBe('1 jour 12 heures');
    expect(describeDuration('P1M', 'en')).toBe('1 month');
  });
});
