import type { RunStatus, RunSummary } from '../api/runs.ts';

/** Runs started on one day, by status. */
export interface DayCount {
  /** The day in Paris time, `YYYY-MM-DD`. */
  day: string;
  counts: Record<RunStatus, number>;
  total: number;
}

const STATUSES: RunStatus[] = ['succeeded', 'failed', 'cancelled', 'awaiting_validation', 'waiting', 'running'];
const empty = (): Record<RunStatus, number> =>
  Object.fromEntries(STATUSES.map((s) => [s, 0])) as Record<RunStatus, number>;

/** The Paris calendar day of an instant, `YYYY-MM-DD`. Pure. */
export function parisDay(at: Date): string {
  return new Intl.DateTimeFormat('en-CA', {
    timeZone: 'Europe/Paris',
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
  }).format(at);
}

/**
 * Runs per day (Paris time) by status over the `days` days ending on `now`'s day, oldest first; days without
 * a run are there with zeros; runs outside the period are left out. Pure.
 */
export function runsPerDay(
  runs: readonly Pick<RunSummary, 'startedAt' | 'status'>[],
  days: number,
  now: Date,
): DayCount[] {
  const out: DayCount[] = [];
  const index = new Map<string, DayCount>();
  for (let i = days - 1; i >= 0; i--) {
    // Noon steps back one calendar day at a time whatever the daylight-saving change.
    const noon = new Date(now.getTime() - i * 86_400_000);
    const day = parisDay(noon);
    if (index.has(day)) continue;
    const entry = { day, counts: empty(), total: 0 };
    index.set(day, entry);
    out.push(entry);
  }
  for (const run of runs) {
    const entry = index.get(parisDay(new Date(run.startedAt)));
    if (!entry) continue;
    entry.counts[run.status] = (entry.counts[run.status] ?? 0) + 1;
    entry.total += 1;
  }
  return out;
}

export const CHART_STATUSES = STATUSES;
