import { addCalendarDuration, DEFAULT_TIME_ZONE, subtractCalendarDuration } from '../calendar/index.ts';
import { instantFromWallTime, resolveTimeZone } from '../calendar/time-zone.ts';

const DATE_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(?::\d{2}(?:\.\d{1,9})?)?(?:Z|[+-]\d{2}:\d{2})$/;
const DATE_ONLY = /^(\d{4})-(\d{2})-(\d{2})$/;
const SIGNED_DURATION = /^([+-]?)(P.*)$/;

/** An instant from an ISO 8601 date-time with its offset, a date (midnight in `zone`) or epoch milliseconds. */
function instantOf(value: unknown, zone: string): Date | undefined {
  if (typeof value === 'number') return Number.isFinite(value) ? new Date(value) : undefined;
  if (typeof value !== 'string') return undefined;
  if (DATE_TIME.test(value)) {
    const date = new Date(value);
    return Number.isNaN(date.getTime()) ? undefined : date;
  }
  const day = DATE_ONLY.exec(value);
  if (!day) return undefined;
  const [year, month, dayOfMonth] = [Number(day[1]), Number(day[2]), Number(day[3])];
  if (month < 1 || month > 12 || dayOfMonth < 1 || dayOfMonth > 31) return undefined;
  return instantFromWallTime(
    { year, month, day: dayOfMonth, hour: 0, minute: 0, second: 0, millisecond: 0 },
    resolveTimeZone(zone),
  );
}

/**
 * `date_add(date, duration, timeZone?)`: the instant `duration` after (or, with a leading `-`, before) `date`, as
 * an ISO 8601 UTC string — e.g. `{"date_add": [{"var": "nodes.delai.output.dueAt"}, "-P7D"]}` for seven days
 * before a deadline. `date` is an ISO 8601 date-time with its offset, a date (midnight in the zone) or epoch
 * milliseconds; `duration` an ISO 8601 duration (PnYnMnWnDTnHnMnS). Years to days move the local date in
 * `timeZone` (default Europe/Paris) keeping the wall-clock time, months clamped to the end of shorter months;
 * hours to seconds are exact elapsed time. Anything else (missing date, malformed duration, unknown zone) gives
 * null, which a wait `until` reports as "not a date". Pure: no clock.
 */
export function dateAdd(date: unknown, duration: unknown, timeZone?: unknown): string | null {
  const zone = typeof timeZone === 'string' && timeZone !== '' ? timeZone : DEFAULT_TIME_ZONE;
  if (typeof duration !== 'string') return null;
  const signed = SIGNED_DURATION.exec(duration);
  if (!signed) return null;
  try {
    const instant = instantOf(date, zone);
    if (!instant) return null;
    const shift = signed[1] === '-' ? subtractCalendarDuration : addCalendarDuration;
    return shift(instant, signed[2] as string, { timeZone: zone }).toISOString();
  } catch {
    return null;
  }
}
