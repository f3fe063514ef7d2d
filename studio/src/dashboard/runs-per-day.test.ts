import { describe, expect, it } from 'vitest';
import { parisDay, runsPerDay } from './runs-per-day.ts';

describe('runs per day', () => {
  it('counts by Paris day and status, with empty days', () => {
    const now = new Date('2026-03-10T15:00:00Z');
    const rows = runsPerDay(
      [
        { startedAt: '2026-03-10T08:00:00Z', status: 'succeeded' },
        { startedAt: '2026-03-10T09:00:00Z', status: 'failed' },
        // 23:30 UTC on the 8th is already the 9th in Paris.
        { startedAt: '2026-03-08T23:30:00Z', status: 'succeeded' },
        { startedAt: '2026-02-01T10:00:00Z', status: 'succeeded' },
      ],
      3,
      now,
    );
    expect(rows.map((r) => [r.day, r.total])).toEqual([
      ['2026-03-08', 0],
      ['2026-03-09', 1],
      ['2026-03-10', 2],
    ]);
    expect(rows[2]?.counts.failed).toBe(1);
  });

  it('knows Paris days across the daylight-saving change', () => {
    expect(parisDay(new Date('2026-03-28T23:30:00Z'))).toBe('2026-03-29');
    expect(parisDay(new Date('2026-10-24T22:30:00Z'))).toBe('2026-10-25');
    const rows = runsPerDay([], 3, new Date('2026-03-30T10:00:00Z'));
    expect(rows.map((r) => r.day)).toEqual(['2026-03-28', '2026-03-29', '2026-03-30']);
  });
});
