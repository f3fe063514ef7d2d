import type { Urgency } from '../api/cases.ts';
import { parisDay } from '../cases/dates.ts';
import { URGENCY_ORDER } from '../cases/labels.ts';

/** Open deadlines of one day (or already past), by urgency. */
export interface DeadlineDay {
  /** `YYYY-MM-DD` in Paris, or `overdue` for the open deadlines already past. */
  day: string;
  counts: Record<Urgency, number>;
  total: number;
}

const empty = (day: string): DeadlineDay => ({
  day,
  counts: Object.fromEntries(URGENCY_ORDER.map((u) => [u, 0])) as Record<Urgency, number>,
  total: 0,
});

/** The `before` of the deadlines query covering `days` days from `now`'s day: midnight in Paris after them. */
export function horizonDay(now: Date, days: number): string {
  return parisDay(new Date(now.getTime() + days * 86_400_000));
}

/** The date to act by: the alert date (an earlier reading, such as the date printed on the decision), else the due date. */
export const actBy = (d: { dueAt: string; alertAt?: string | null }) => d.alertAt ?? d.dueAt;

/**
 * The deadlines to act on before midnight (Paris) after the `days` days starting on `now`'s day — the overdue ones
 * included — nearest first. The server filters on the due date; an alert date may come earlier. Pure.
 */
export function actOnWithin<T extends { dueAt: string; alertAt?: string | null }>(
  deadlines: readonly T[],
  days: number,
  now: Date,
): T[] {
  const end = horizonDay(now, days);
  return deadlines
    .filter((d) => parisDay(new Date(actBy(d))) < end)
    .sort((a, b) => Date.parse(actBy(a)) - Date.parse(actBy(b)));
}

/**
 * Deadlines per Paris day over the `days` days starting on `now`'s day, by urgency, with a first `overdue`
 * bucket for those already past (still open); a deadline counts on the day of its alert date (the date to act
 * by), else its due date. Deadlines beyond the period are left out. Pure.
 */
export function deadlinesPerDay(
  deadlines: readonly { dueAt: string; alertAt?: string | null; urgency: string }[],
  days: number,
  now: Date,
): { overdue: DeadlineDay; days: DeadlineDay[] } {
  const overdue = empty('overdue');
  const out: DeadlineDay[] = [];
  const index = new Map<string, DeadlineDay>();
  for (let i = 0; i < days; i++) {
    // Noon steps one calendar day at a time whatever the daylight-saving change.
    const day = parisDay(new Date(now.getTime() + i * 86_400_000));
    if (index.has(day)) continue;
    const entry = empty(day);
    index.set(day, entry);
    out.push(entry);
  }
  for (const d of deadlines) {
    const at = new Date(actBy(d));
    const entry = at.getTime() < now.getTime() ? overdue : index.get(parisDay(at));
    if (!entry) continue;
    const urgency = (URGENCY_ORDER as string[]).includes(d.urgency) ? (d.urgency as Urgency) : 'moyen';
    entry.counts[urgency] += 1;
    entry.total += 1;
  }
  return { overdue, days: out };
}
