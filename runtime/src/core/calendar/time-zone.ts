/**
 * Conversions between instants and local wall-clock times in an IANA time zone (offsets from luxon's IANAZone).
 */
import { IANAZone } from 'luxon';
import type { CivilDate } from './civil-date.ts';

/** A local wall-clock date and time, without zone. */
export interface WallTime extends CivilDate {
  hour: number;
  minute: number;
  second: number;
  millisecond: number;
}

const MS_PER_MINUTE = 60_000;
const MS_PER_HOUR = 3_600_000;
const MS_PER_DAY = 86_400_000;

/**
 * Returns the IANA zone named `name`; throws a RangeError if the name is unknown.
 * Pure: no clock, no I/O.
 */
export function resolveTimeZone(name: string): IANAZone {
  const zone = IANAZone.create(name);
  if (!zone.isValid) throw new RangeError(`Unknown time zone "${name}"`);
  return zone;
}

/**
 * Throws a RangeError unless `instant` is a valid Date; returns its epoch milliseconds.
 * Pure: no clock, no I/O.
 */
export function epochMillis(instant: Date): number {
  const ts = instant instanceof Date ? instant.getTime() : Number.NaN;
  if (Number.isNaN(ts)) throw new RangeError('Expected a valid Date instant');
  return ts;
}

/** Wall time of epoch ms `ts` in `zone`, encoded as if it were UTC milliseconds. */
function localMillis(ts: number, zone: IANAZone): number {
  return ts + zone.offset(ts) * MS_PER_MINUTE;
}

/**
 * The local wall-clock time of `instant` in `zone`.
 * Pure: no clock, no I/O.
 */
export function wallTimeOf(instant: Date, zone: IANAZone): WallTime {
  const local = new Date(localMillis(epochMillis(instant), zone));
  return {
    year: local.getUTCFullYear(),
    month: local.getUTCMonth() + 1,
    day: local.getUTCDate(),
    hour: local.getUTCHours(),
    minute: local.getUTCMinutes(),
    second: local.getUTCSeconds(),
    millisecond: local.getUTCMilliseconds(),
  };
}

function wallAsUtcMillis(wall: WallTime): number {
  const d = new Date(0);
  d.setUTCFullYear(wall.year, wall.month - 1, wall.day);
  d.setUTCHours(wall.hour, wall.minute, wall.second, wall.millisecond);
  return d.getTime();
}

/**
 * The instant at which the clocks of `zone` show `wall`. If that wall time occurs twice (clocks set back), the
 * earlier instant is returned. If it does not exist (clocks set forward, e.g. 02:30 on the last Sunday of March in
 * Europe/Paris), the result is the first whole minute that exists after it (03:00 in that example).
 * Pure: no clock, no I/O.
 */
export function instantFromWallTime(wall: WallTime, zone: IANAZone): Date {
  const local = wallAsUtcMillis(wall);
  const offsets = new Set([zone.offset(local - MS_PER_DAY), zone.offset(local), zone.offset(local + MS_PER_DAY)]);
  const matches = [...offsets]
    .map((offset) => local - offset * MS_PER_MINUTE)
    .filter((ts) => localMillis(ts, zone) === local);
  if (matches.length > 0) return new Date(Math.min(...matches));

  // Gap: find the first instant whose wall time is at or after `local` (offsets lie within ±15 h).
  let lo = local - 15 * MS_PER_HOUR;
  let hi = local + 15 * MS_PER_HOUR;
  while (hi - lo > 1) {
    const mid = Math.floor((lo + hi) / 2);
    if (localMillis(mid, zone) >= local) hi = mid;
    else lo = mid;
  }
  const wallAfter = localMillis(hi, zone);
  const roundedUp = Math.ceil(wallAfter / MS_PER_MINUTE) * MS_PER_MINUTE;
  return new Date(hi + (roundedUp - wallAfter));
}
