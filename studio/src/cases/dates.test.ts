import { describe, expect, it } from 'vitest';
import { calendarDaysBetween, dayInWords, dueIn, longDate, longDateTime } from './dates.ts';

describe('dates of the cases', () => {
  it('counts calendar days in Paris, not 24-hour periods', () => {
    // 23:30 UTC on 24 November is already the 25th in Paris.
    expect(calendarDaysBetween(new Date('2026-11-24T10:00:00Z'), new Date('2026-11-24T23:30:00Z'))).toBe(1);
    expect(calendarDaysBetween(new Date('2026-11-24T10:00:00Z'), new Date('2026-12-07T22:59:59Z'))).toBe(13);
    expect(calendarDaysBetween(new Date('2026-11-24T10:00:00Z'), new Date('2026-11-20T10:00:00Z'))).toBe(-4);
  });

  it('says how far a deadline is: days, hours under two days, overdue', () => {
    const now = new Date('2026-11-24T10:00:00Z');
    expect(dueIn(new Date('2026-12-07T22:59:59Z'), now)).toEqual({ kind: 'days', count: 13 });
    expect(dueIn(new Date('2026-11-25T22:00:00Z'), now)).toEqual({ kind: 'hours', count: 36 });
    expect(dueIn(new Date('2026-11-24T10:30:00Z'), now)).toEqual({ kind: 'today' });
    expect(dueIn(new Date('2026-11-24T09:00:00Z'), now)).toEqual({ kind: 'overdue' });
    expect(dueIn(new Date('2026-11-21T09:00:00Z'), now)).toEqual({ kind: 'overdue-days', count: 3 });
  });

  it('writes dates in French words, Paris time', () => {
    expect(longDate('2026-12-07T22:59:59Z', 'fr')).toBe('lundi 7 décembre 2026');
    expect(longDate('2026-12-07T23:30:00Z', 'fr')).toBe('mardi 8 décembre 2026');
    expect(longDateTime('2026-12-07T22:59:59Z', 'fr')).toBe('lundi 7 décembre 2026 à 23:59');
    expect(longDate('2026-12-07T22:59:59Z', 'en')).toBe('Monday, 7 December 2026');
    expect(dayInWords('2026-10-28T00:00:00.000Z', 'fr')).toBe('mercredi 28 octobre 2026');
  });
});
