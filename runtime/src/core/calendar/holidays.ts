/**
 * French public holidays (jours fériés), per region. Sources and caveats: /work/shared/design/ceseda.md §3.
 * The current legal list is applied to every year (no historical changes are modelled).
 */
import { addDays, type CivilDate, formatIsoDate, parseIsoDate } from './civil-date.ts';

/** The calendars supported: metropolitan France, Alsace-Moselle local law, and the overseas departments. */
export const REGIONS = [
  'metropole',
  'alsace-moselle',
  'guadeloupe',
  'martinique',
  'guyane',
  'reunion',
  'mayotte',
  'saint-barthelemy',
  'saint-martin',
] as const;

/** A supported region (see {@link REGIONS}). */
export type Region = (typeof REGIONS)[number];

/**
 * Where a holiday comes from. `national`: Code du travail L. 3133-1. `alsace-moselle`: L. 3134-13 (Good Friday only
 * in communes with a Protestant temple or a mixed church). `overseas`: abolition of slavery (L. 3422-2).
 * ceseda.md §3/§7: whether local holidays extend a délai under art. 642 CPC is unconfirmed — the deadline engine
 * should treat non-`national` holidays as uncertain.
 */
export type HolidayKind = 'national' | 'alsace-moselle' | 'overseas';

/** One public holiday. */
export interface PublicHoliday {
  /** `YYYY-MM-DD`. */
  readonly date: string;
  /** French name, e.g. "Lundi de Pâques". */
  readonly name: string;
  /** English name, e.g. "Easter Monday". */
  readonly nameEn: string;
  readonly kind: HolidayKind;
}

/** Abolition-of-slavery day per overseas region (ceseda.md §3). */
const ABOLITION_DAY: Partial<Record<Region, { month: number; day: number }>> = {
  guadeloupe: { month: 5, day: 27 },
  martinique: { month: 5, day: 22 },
  guyane: { month: 6, day: 10 },
  reunion: { month: 12, day: 20 },
  mayotte: { month: 4, day: 27 },
  'saint-barthelemy': { month: 10, day: 9 },
  // The consolidated decree says 27 May; 28 May has been observed since 2018 by circular (ceseda.md §7.10).
  'saint-martin': { month: 5, day: 28 },
};

const MIN_YEAR = 1583;
const MAX_YEAR = 4099;

/**
 * Throws a RangeError unless `region` is one of {@link REGIONS} (useful for values read from JSON).
 * Pure: no clock, no I/O.
 */
export function assertRegion(region: string): asserts region is Region {
  if (!(REGIONS as readonly string[]).includes(region)) {
    throw new RangeError(`Unknown region "${region}": expected one of ${REGIONS.join(', ')}`);
  }
}

/**
 * Easter Sunday of a Gregorian year, by the anonymous Gregorian algorithm (Meeus/Jones/Butcher).
 * Throws a RangeError unless `year` is an integer in 1583..4099.
 * Pure: no clock, no I/O.
 */
export function easterSunday(year: number): CivilDate {
  if (!Number.isInteger(year) || year < MIN_YEAR || year > MAX_YEAR) {
    throw new RangeError(`Year ${year} is outside the supported range ${MIN_YEAR}..${MAX_YEAR}`);
  }
  const a = year % 19;
  const b = Math.floor(year / 100);
  const c = year % 100;
  const d = Math.floor(b / 4);
  const e = b % 4;
  const f = Math.floor((b + 8) / 25);
  const g = Math.floor((b - f + 1) / 3);
  const h = (19 * a + b - d - g + 15) % 30;
  const i = Math.floor(c / 4);
  const k = c % 4;
  const l = (32 + 2 * e + 2 * i - h - k) % 7;
  const m = Math.floor((a + 11 * h + 22 * l) / 451);
  const n = h + l - 7 * m + 114;
  return { year, month: Math.floor(n / 31), day: (n % 31) + 1 };
}

const cache = new Map<string, readonly PublicHoliday[]>();

/**
 * The public holidays of `year` in `region`, sorted by date (two holidays may share a date, e.g. Ascension on
 * 1 May 2008; both are listed). Metropole: the 11 national holidays; Alsace-Moselle adds Good Friday and
 * 26 December; overseas regions add their abolition-of-slavery day. The result is frozen and cached per
 * (year, region). Throws a RangeError for an unknown region or a year outside 1583..4099.
 * Pure: no clock, no I/O.
 */
export function publicHolidays(year: number, region: Region = 'metropole'): readonly PublicHoliday[] {
  assertRegion(region);
  const key = `${year}:${region}`;
  const cached = cache.get(key);
  if (cached) return cached;

  const easter = easterSunday(year);
  const list: PublicHoliday[] = [];
  const push = (date: CivilDate, name: string, nameEn: string, kind: HolidayKind = 'national') =>
    list.push(Object.freeze({ date: formatIsoDate(date), name, nameEn, kind }));
  const fixed = (month: number, day: number): CivilDate => ({ year, month, day });

  push(fixed(1, 1), "Jour de l'an", "New Year's Day");
  push(addDays(easter, 1), 'Lundi de Pâques', 'Easter Monday');
  push(fixed(5, 1), 'Fête du Travail', 'Labour Day');
  push(fixed(5, 8), 'Victoire 1945', 'Victory in Europe Day');
  push(addDays(easter, 39), 'Ascension', 'Ascension Day');
  push(addDays(easter, 50), 'Lundi de Pentecôte', 'Whit Monday');
  push(fixed(7, 14), 'Fête nationale', 'Bastille Day');
  push(fixed(8, 15), 'Assomption', 'Assumption Day');
  push(fixed(11, 1), 'Toussaint', "All Saints' Day");
  push(fixed(11, 11), 'Armistice 1918', 'Armistice Day');
  push(fixed(12, 25), 'Noël', 'Christmas Day');
  if (region === 'alsace-moselle') {
    push(addDays(easter, -2), 'Vendredi saint', 'Good Friday', 'alsace-moselle');
    push(fixed(12, 26), 'Saint-Étienne', "St Stephen's Day", 'alsace-moselle');
  }
  const abolition = ABOLITION_DAY[region];
  if (abolition) {
    push(fixed(abolition.month, abolition.day), "Abolition de l'esclavage", 'Abolition of Slavery Day', 'overseas');
  }

  // Stable sort: on a shared date, national holidays keep their listed order before local ones.
  list.sort((x, y) => (x.date < y.date ? -1 : x.date > y.date ? 1 : 0));
  const frozen = Object.freeze(list);
  cache.set(key, frozen);
  return frozen;
}

/**
 * The public holidays falling on `date` (`YYYY-MM-DD`) in `region`; empty if none. Throws on a malformed date.
 * Pure: no clock, no I/O.
 */
export function holidaysOn(date: string, region: Region = 'metropole'): readonly PublicHoliday[] {
  return publicHolidays(parseIsoDate(date).year, region).filter((holiday) => holiday.date === date);
}
