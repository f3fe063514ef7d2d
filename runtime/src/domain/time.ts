/**
 * Instants and civil dates for the CESEDA domain: strict ISO 8601 parsing with a clear error, formatting with the
 * zone's offset, the end of a local day, and dates written out in French and English for traces.
 */
import type { IANAZone } from 'luxon';
import { type CivilDate, dayOfWeek, formatIsoDate, parseIsoDate } from '../core/calendar/civil-date.ts';
import { instantFromWallTime, resolveTimeZone, wallTimeOf } from '../core/calendar/time-zone.ts';
import { domainError } from './errors.ts';

/** A point in time with the local date it falls on in a zone; `timeKnown` is false for a date given alone. */
export interface LocalInstant {
  ms: number;
  date: CivilDate;
  timeKnown: boolean;
}

const DATE_ONLY = /^\d{4}-\d{2}-\d{2}$/;
const DATE_TIME = /^(\d{4}-\d{2}-\d{2})T(\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,3}))?)?(Z|[+-]\d{2}:\d{2})?$/;
const MS_PER_DAY = 86_400_000;

/**
 * Resolves an IANA zone name; throws a DomainError (`deadline.unknown-zone`) at `pointer` if it is unknown.
 * Pure: no clock, no I/O.
 */
export function zoneOf(name: string, pointer: string): IANAZone {
  try {
    return resolveTimeZone(name);
  } catch {
    throw domainError('deadline.unknown-zone', pointer, { value: name });
  }
}

/**
 * Parses a strict `YYYY-MM-DD` date; throws a DomainError (`deadline.invalid-date`) at `pointer` otherwise.
 * Pure: no clock, no I/O.
 */
export function parseDate(text: unknown, pointer: string): CivilDate {
  if (typeof text !== 'string' || !DATE_ONLY.test(text)) {
    throw domainError('deadline.invalid-date', pointer, { value: String(text) });
  }
  try {
    return parseIsoDate(text);
  } catch {
    throw domainError('deadline.invalid-date', pointer, { value: text });
  }
}

/**
 * Parses an ISO 8601 date-time (`2026-11-03T14:30:00+01:00`, `…Z`, or without offset = local time in `zone`) or a
 * date alone (`2026-11-03`: local midnight, `timeKnown` false). Throws a DomainError at `pointer` otherwise.
 * Pure: no clock, no I/O.
 */
export function parseInstant(text: unknown, zone: IANAZone, pointer: string): LocalInstant {
  if (typeof text === 'string' && DATE_ONLY.test(text)) {
    const date = parseDate(text, pointer);
    return { ms: startOfDay(date, zone), date, timeKnown: false };
  }
  const match = typeof text === 'string' ? DATE_TIME.exec(text) : null;
  if (!match) throw domainError('deadline.invalid-datetime', pointer, { value: String(text) });
  const [, day, hh, mm, ss, frac, offset] = match;
  const date = parseDate(day, pointer);
  const hour = Number(hh);
  const minute = Number(mm);
  const second = Number(ss ?? 0);
  if (hour > 23 || minute > 59 || second > 59) {
    throw domainError('deadline.invalid-datetime', pointer, { value: String(text) });
  }
  const millisecond = Number((frac ?? '0').padEnd(3, '0'));
  let ms: number;
  if (offset === undefined) {
    ms = instantFromWallTime({ ...date, hour, minute, second, millisecond }, zone).getTime();
  } else {
    const sign = offset === 'Z' ? 0 : offset.startsWith('-') ? -1 : 1;
    const offsetMinutes = offset === 'Z' ? 0 : sign * (Number(offset.slice(1, 3)) * 60 + Number(offset.slice(4, 6)));
    ms = Date.UTC(date.year, date.month - 1, date.day, hour, minute, second, millisecond) - offsetMinutes * 60_000;
  }
  return { ms, date: localDate(ms, zone), timeKnown: true };
}

/**
 * The local calendar date of instant `ms` in `zone`.
 * Pure: no clock, no I/O.
 */
export function localDate(ms: number, zone: IANAZone): CivilDate {
  const wall = wallTimeOf(new Date(ms), zone);
  return { year: wall.year, month: wall.month, day: wall.day };
}

/**
 * The instant of 00:00 local time on `date` (the first valid minute if the clocks skip midnight).
 * Pure: no clock, no I/O.
 */
export function startOfDay(date: CivilDate, zone: IANAZone): number {
  return instantFromWallTime({ ...date, hour: 0, minute: 0, second: 0, millisecond: 0 }, zone).getTime();
}

/**
 * The instant of 23:59:59 local time on `date`: the last second of a day-based deadline.
 * Pure: no clock, no I/O.
 */
export function endOfDay(date: CivilDate, zone: IANAZone): number {
  return instantFromWallTime({ ...date, hour: 23, minute: 59, second: 59, millisecond: 0 }, zone).getTime();
}

/**
 * ISO 8601 with the zone's offset and no milliseconds, e.g. `2026-04-03T23:59:59+02:00`.
 * Pure: no clock, no I/O.
 */
export function formatInstant(ms: number, zone: IANAZone): string {
  const wall = wallTimeOf(new Date(ms), zone);
  const offset = zone.offset(ms);
  const sign = offset < 0 ? '-' : '+';
  const abs = Math.abs(offset);
  const pad = (value: number) => String(value).padStart(2, '0');
  return (
    `${formatIsoDate(wall)}T${pad(wall.hour)}:${pad(wall.minute)}:${pad(wall.second)}` +
    `${sign}${pad(Math.floor(abs / 60))}:${pad(abs % 60)}`
  );
}

/**
 * Number of days from `from` to `to` (negative when `to` is earlier).
 * Pure: no clock, no I/O.
 */
export function daysBetween(from: CivilDate, to: CivilDate): number {
  return Math.round(
    (Date.UTC(to.year, to.month - 1, to.day) - Date.UTC(from.year, from.month - 1, from.day)) / MS_PER_DAY,
  );
}

/** -1, 0 or 1 as `a` is before, equal to or after `b`. */
export function compareDates(a: CivilDate, b: CivilDate): number {
  return Math.sign(daysBetween(b, a));
}

const WEEKDAYS_FR = ['dimanche', 'lundi', 'mardi', 'mercredi', 'jeudi', 'vendredi', 'samedi'];
const WEEKDAYS_EN = ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday'];
const MONTHS_FR = [
  'janvier',
  'février',
  'mars',
  'avril',
  'mai',
  'juin',
  'juillet',
  'août',
  'septembre',
  'octobre',
  'novembre',
  'décembre',
];
const MONTHS_EN = [
  'January',
  'February',
  'March',
  'April',
  'May',
  'June',
  'July',
  'August',
  'September',
  'October',
  'November',
  'December',
];

/**
 * A date written out: `{ fr: 'vendredi 3 avril 2026', en: 'Friday 3 April 2026' }` (1er for the first in French).
 * Pure: no clock, no I/O.
 */
export function spellDate(date: CivilDate): { fr: string; en: string } {
  const weekday = dayOfWeek(date);
  const dayFr = date.day === 1 ? '1er' : String(date.day);
  return {
    fr: `${WEEKDAYS_FR[weekday]} ${dayFr} ${MONTHS_FR[date.month - 1]} ${date.year}`,
    en: `${WEEKDAYS_EN[weekday]} ${date.day} ${MONTHS_EN[date.month - 1]} ${date.year}`,
  };
}

/**
 * An instant written out in local time: `{ fr: 'samedi 28 mars 2026 à 10 h 00', en: 'Saturday 28 March 2026 at 10:00' }`.
 * Pure: no clock, no I/O.
 */
export function spellInstant(ms: number, zone: IANAZone): { fr: string; en: string } {
  const wall = wallTimeOf(new Date(ms), zone);
  const date = spellDate(wall);
  const hh = String(wall.hour).padStart(2, '0');
  const mm = String(wall.minute).padStart(2, '0');
  return { fr: `${date.fr} à ${hh} h ${mm}`, en: `${date.en} at ${hh}:${mm}` };
}

/** `YYYY-MM-DD` of a civil date (re-exported for the domain's callers). */
export { formatIsoDate };
