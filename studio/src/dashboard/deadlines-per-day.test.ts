import { describe, expect, it } from 'vitest';
import { actOnWithin, deadlinesPerDay, horizonDay } from './deadlines-per-day.ts';

describe('deadlines per day', () => {
  const now = new Date('2026-11-24T10:00:00Z');

  it('counts the next days by Paris day and urgency, the past ones apart, the later ones left out', () => {
    const { overdue, days } = deadlinesPerDay(
      [
        { dueAt: '2026-11-24T22:59:59Z', urgency: 'critique' },
        // The alert date is what counts: due in January, to act by 1 December.
        { dueAt: '2027-01-10T22:59:59Z', alertAt: '2026-12-01T22:59:59Z', urgency: 'eleve' },
        // 23:30 UTC on 25 November is the 26th in Paris.
        { dueAt: '2026-11-25T23:30:00Z', urgency: 'faible' },
        { dueAt: '2026-11-20T10:00:00Z', urgency: 'critique' },
        { dueAt: '2026-12-30T10:00:00Z', urgency: 'moyen' },
      ],
      30,
      now,
    );
    expect(days).toHaveLength(30);
    expect(days[0]).toMatchObject({ day: '2026-11-24', total: 1, counts: { critique: 1 } });
    expect(days.find((d) => d.day === '2026-11-26')?.counts.faible).toBe(1);
    expect(days.find((d) => d.day === '2026-12-01')?.counts.eleve).toBe(1);
    expect(days.at(-1)?.day).toBe('2026-12-23');
    expect(overdue).toMatchObject({ day: 'overdue', total: 1, counts: { critique: 1 } });
    expect(days.reduce((sum, d) => sum + d.total, 0)).toBe(3);
  });

  it('asks the server for the deadlines before midnight after the last day', () => {
    expect(horizonDay(now, 30)).toBe('2026-12-24');
    // Across the daylight-saving change.
    const { days } = deadlinesPerDay([], 3, new Date('2026-03-28T10:00:00Z'));
    expect(days.map((d) => d.day)).toEqual(['2026-03-28', '2026-03-29', '2026-03-30']);
  });

  it('keeps the deadlines to act on within the period, by their alert date, nearest first', () => {
    const kept = actOnWithin(
      [
        { id: 'later', dueAt: '2027-02-01T10:00:00Z' },
        { id: 'printed', dueAt: '2027-01-20T10:00:00Z', alertAt: '2026-12-10T22:59:59Z' },
        { id: 'soon', dueAt: '2026-11-30T10:00:00Z' },
        { id: 'last-day', dueAt: '2026-12-23T22:30:00Z' },
        { id: 'next-day', dueAt: '2026-12-23T23:30:00Z' },
        { id: 'past', dueAt: '2026-11-01T10:00:00Z' },
      ],
      30,
      now,
    );
    expect(kept.map((d) => d.id)).toEqual(['past', 'soon', 'printed', 'last-day']);
  });
});
