/**
 * Civil (calendar) dates without a time or a time zone: proleptic Gregorian year, month 1-12, day 1-31.
 * Arithmetic goes through UTC `Date` methods, which are pure (it reads no clock and no zone).
 */

/** A calendar date without time or zone. */
export interface CivilDate {
  year: number;
  month: number;
  day: number;
}

const MS_PER_DAY = 86_400_000;
const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

/**
 * Number of days in `month` (1-12) of `year` (Gregorian).
 * Pure: no clock, no I/O.
 */
export function daysInMonth(year: number, month: number): number {
  if (month === 2) return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0 ? 29 : 28;
  return month === 4 || month === 6 || month === 9 || month === 11 ? 30 : 31;
}

/**
 * Parses a strict `YYYY-MM-DD` string into a civil date; throws an Error naming the input if the format is wrong
 * or the date does not exist (e.g. `2026-02-30`).
 * Pure: no clock, no I/O.
 */
export function parseIsoDate(text: string): CivilDate {
  const match = ISO_DATE.exec(text);
  if (!match) throw new Error(`Invalid date "${text}": expected YYYY-MM-DD`);
  const year = Number(match[1]);
  const month = Number(match[2]);
  const day = Number(match[3]);
  if (month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month)) {
    throw new Error(`Invalid date "${text}": no such calendar day`);
  }
  return { year, month, day };
}

/**
 * Formats a civil date as `YYYY-MM-DD` (years 0000-9999).
 * Pure: no clock, no I/O.
 */
export function formatIsoDate(date: CivilDate): string {
  const pad = (value: number, width: number) => String(value).padStart(width, '0');
  return `${pad(date.year, 4)}-${pad(date.month, 2)}-${pad(date.day, 2)}`;
}

function toEpochDay(date: CivilDate): number {
  const d = new Date(0);
  d.setUTCFullYear(date.year, date.month - 1, date.day);
  return Math.round(d.getTime() / MS_PER_DAY);
}

function fromEpochDay(epochDay: number): CivilDate {
  const d = new Date(epochDay * MS_PER_DAY);
  return { year: d.getUTCFullYear(), month: d.getUTCMonth() + 1, day: d.getUTCDate() };
}

/**
 * The civil date `days` days after `date` (before it if negative).
 * Pure: no clock, no I/O.
 */
export function addDays(date: CivilDate, days: number): CivilDate {
  return fromEpochDay(toEpochDay(date) + days);
}

/**
 * The civil date `months` months after `date`, clamped to the last day of the target month when it is shorter
 * (31 January + 1 month = 28 or 29 February).
 * Pure: no clock, no I/O.
 */
export function addMonthsClamped(date: CivilDate, months: number): CivilDate {
  const index = date.year * 12 + (date.month - 1) + months;
  const year = Math.floor(index / 12);
  const month = index - year * 12 + 1;
  return { year, month, day: Math.min(date.day, daysInMonth(year, month)) };
}

/**
 * Day of the week of a civil date: 0 = Sunday, 1 = Monday, ..., 6 = Saturday.
 * Pure: no clock, no I/O.
 */
export function dayOfWeek(date: CivilDate): number {
  return (((toEpochDay(date) + 4) % 7) + 7) % 7; // 1970-01-01 was a Thursday
}
