/**
 * French working days (jours ouvrés: Monday to Friday, public holidays excluded) and calendar durations, computed
 * in a time zone's local wall-clock time. Every function takes the time it works on as an argument.
 */
import { addDays, addMonthsClamped, type CivilDate, dayOfWeek, formatIsoDate, parseIsoDate } from './civil-date.ts';
import { parseWithComponents } from './duration.ts';
import { assertRegion, holidaysOn, type Region } from './holidays.ts';
import { epochMillis, instantFromWallTime, resolveTimeZone, wallTimeOf } from './time-zone.ts';

/** Default time zone of {@link addCalendarDuration}, and of the working-day functions for metropole. */
export const DEFAULT_TIME_ZONE = 'Europe/Paris';

/** The local time zone of each region, used when no `timeZone` option is given to the working-day functions. */
export const REGION_TIME_ZONES: Readonly<Record<Region, string>> = Object.freeze({
  metropole: 'Europe/Paris',
  'alsace-moselle': 'Europe/Paris',
  guadeloupe: 'America/Guadeloupe',
  martinique: 'America/Martinique',
  guyane: 'America/Cayenne',
  reunion: 'Indian/Reunion',
  mayotte: 'Indian/Mayotte',
  'saint-barthelemy': 'America/St_Barthelemy',
  'saint-martin': 'America/Marigot',
});

/** Options of the working-day functions. `region` defaults to metropole, `timeZone` to the region's zone. */
export interface WorkingDayOptions {
  timeZone?: string;
  region?: Region;
}

/** A day passed over without being counted: `reason` is 'samedi', 'dimanche' or the holiday's French name. */
export interface SkippedDay {
  date: string;
  reason: string;
}

/** The trace of a working-day computation, readable by a lawyer. */
export interface WorkingDaysExplanation {
  /** Same as {@link addWorkingDays}. */
  result: Date;
  timeZone: string;
  region: Region;
  /** Local date of the start instant. */
  startDate: string;
  /** Local date of the result. */
  endDate: string;
  /** The working days counted, in order (`days` entries). */
  counted: string[];
  /** The non-working days passed over, including the start date when it is not a working day. */
  skipped: SkippedDay[];
}

/** Why `date` is not a working day (holiday names first, joined by " / "), or undefined for a working day. */
function nonWorkingReason(date: CivilDate, region: Region): string | undefined {
  const holidays = holidaysOn(formatIsoDate(date), region);
  if (holidays.length > 0) return holidays.map((holiday) => holiday.name).join(' / ');
  const weekday = dayOfWeek(date);
  if (weekday === 6) return 'samedi';
  if (weekday === 0) return 'dimanche';
  return undefined;
}

/**
 * True if `date` (`YYYY-MM-DD`) is Monday to Friday and not a public holiday of `region` (default metropole).
 * Throws on a malformed date or unknown region.
 * Pure: no clock, no I/O.
 */
export function isWorkingDay(date: string, region: Region = 'metropole'): boolean {
  assertRegion(region);
  return nonWorkingReason(parseIsoDate(date), region) === undefined;
}

/**
 * The first working day strictly after `date` (`YYYY-MM-DD`) in `region` (default metropole).
 * Pure: no clock, no I/O.
 */
export function nextWorkingDay(date: string, region: Region = 'metropole'): string {
  return workingDayOnOrAfter(formatIsoDate(addDays(parseIsoDate(date), 1)), region);
}

/**
 * `date` itself if it is a working day, else the first working day after it (the art. 642 CPC extension).
 * Pure: no clock, no I/O.
 */
export function workingDayOnOrAfter(date: string, region: Region = 'metropole'): string {
  assertRegion(region);
  let day = parseIsoDate(date);
  while (nonWorkingReason(day, region) !== undefined) day = addDays(day, 1);
  return formatIsoDate(day);
}

/**
 * Like {@link addWorkingDays}, also returning the working days counted and the days skipped with their reason.
 * Pure: no clock, no I/O.
 */
export function explainWorkingDays(instant: Date, days: number, opts: WorkingDayOptions = {}): WorkingDaysExplanation {
  const region = opts.region ?? 'metropole';
  assertRegion(region);
  const timeZone = opts.timeZone ?? REGION_TIME_ZONES[region];
  const zone = resolveTimeZone(timeZone);
  if (!Number.isSafeInteger(days) || days < 0) {
    throw new RangeError(`Working days must be a non-negative integer, got ${days}`);
  }
  const wall = wallTimeOf(instant, zone);
  const skipped: SkippedDay[] = [];
  const counted: string[] = [];
  const skipIfNonWorking = (day: CivilDate): boolean => {
    const reason = nonWorkingReason(day, region);
    if (reason !== undefined) skipped.push({ date: formatIsoDate(day), reason });
    return reason !== undefined;
  };

  let day: CivilDate = wall;
  while (skipIfNonWorking(day)) day = addDays(day, 1);
  for (let remaining = days; remaining > 0; ) {
    day = addDays(day, 1);
    if (!skipIfNonWorking(day)) {
      counted.push(formatIsoDate(day));
      remaining -= 1;
    }
  }
  const startDate = formatIsoDate(wall);
  const endDate = formatIsoDate(day);
  const result =
    endDate === startDate ? new Date(epochMillis(instant)) : instantFromWallTime({ ...wall, ...day }, zone);
  return { result, timeZone, region, startDate, endDate, counted, skipped };
}

/**
 * The same local wall-clock time `days` working days after `instant` (non-negative integer). A start on a
 * non-working day counts from the next working day (Saturday 10:00 + 1 = Tuesday 10:00; + 0 = Monday 10:00).
 * The wall time is kept across DST changes; a wall time that does not exist on the result day moves forward to
 * the next valid minute. Throws on an invalid Date, negative/fractional days, unknown zone or region.
 * Pure: no clock, no I/O.
 */
export function addWorkingDays(instant: Date, days: number, opts: WorkingDayOptions = {}): Date {
  return explainWorkingDays(instant, days, opts).result;
}

/**
 * {@link addWorkingDays} for an ISO-8601 duration made only of weeks and days (`P3D`, `P2W`, `P1W2D`), a week
 * being 5 working days. Throws an Error for a malformed duration or any other unit (Y, M, H, M, S), even zero.
 * Pure: no clock, no I/O.
 */
export function addWorkingDuration(instant: Date, isoDuration: string, opts: WorkingDayOptions = {}): Date {
  const { duration, present } = parseWithComponents(isoDuration);
  const others = present.filter((key) => key !== 'weeks' && key !== 'days');
  if (others.length > 0) {
    throw new Error(
      `Working duration ${JSON.stringify(isoDuration)} may only contain weeks (W) and days (D), found ${others.join(', ')}`,
    );
  }
  return addWorkingDays(instant, duration.weeks * 5 + duration.days, opts);
}

/**
 * Adds an ISO-8601 duration (PnYnMnWnDTnHnMnS) to `instant`. Years, months, weeks and days are added to the local
 * date in `timeZone` (default Europe/Paris) keeping the wall-clock time (months clamp to the end of a shorter
 * month: 31 Jan + P1M = 28/29 Feb; a non-existent wall time moves forward to the next valid minute); then hours,
 * minutes and seconds are added as exact elapsed time (PT48H is always 48 real hours, whatever DST does).
 * Throws an Error for a malformed duration, an invalid Date or an unknown zone.
 * Pure: no clock, no I/O.
 */
export function addCalendarDuration(instant: Date, isoDuration: string, opts: { timeZone?: string } = {}): Date {
  return shiftCalendar(instant, isoDuration, 1, opts.timeZone);
}

/**
 * {@link addCalendarDuration} backwards: the local date in `timeZone` goes back by the years, months, weeks and
 * days (keeping the wall-clock time; 31 March − P1M = 28/29 February), then the hours, minutes and seconds are
 * taken off as exact elapsed time (a deadline at 23:59:59 − P7D is 23:59:59 seven days before, even across a
 * change of clocks; − PT24H is 24 real hours before). Throws like addCalendarDuration.
 * Pure: no clock, no I/O.
 */
export function subtractCalendarDuration(instant: Date, isoDuration: string, opts: { timeZone?: string } = {}): Date {
  return shiftCalendar(instant, isoDuration, -1, opts.timeZone);
}

function shiftCalendar(instant: Date, isoDuration: string, sign: 1 | -1, timeZone: string | undefined): Date {
  const { duration: d } = parseWithComponents(isoDuration);
  const zone = resolveTimeZone(timeZone ?? DEFAULT_TIME_ZONE);
  let ts = epochMillis(instant);
  if (d.years > 0 || d.months > 0 || d.weeks > 0 || d.days > 0) {
    const wall = wallTimeOf(instant, zone);
    const date = addDays(addMonthsClamped(wall, sign * (d.years * 12 + d.months)), sign * (d.weeks * 7 + d.days));
    ts = instantFromWallTime({ ...wall, ...date }, zone).getTime();
  }
  const result = new Date(ts + sign * ((d.hours * 60 + d.minutes) * 60 + d.seconds) * 1000);
  if (Number.isNaN(result.getTime())) throw new RangeError(`Duration ${JSON.stringify(isoDuration)} is out of range`);
  return result;
}
