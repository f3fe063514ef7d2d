/**
 * French calendar: public holidays per region, working days and ISO-8601 durations in a time zone.
 * Everything here is pure: no clock, no I/O; time is always passed in.
 */
export { type CivilDate, formatIsoDate, parseIsoDate } from './civil-date.ts';
export { type IsoDuration, parseIsoDuration } from './duration.ts';
export {
  assertRegion,
  easterSunday,
  type HolidayKind,
  holidaysOn,
  type PublicHoliday,
  publicHolidays,
  REGIONS,
  type Region,
} from './holidays.ts';
export {
  addCalendarDuration,
  addWorkingDays,
  addWorkingDuration,
  DEFAULT_TIME_ZONE,
  explainWorkingDays,
  isWorkingDay,
  nextWorkingDay,
  REGION_TIME_ZONES,
  type SkippedDay,
  subtractCalendarDuration,
  type WorkingDayOptions,
  type WorkingDaysExplanation,
  workingDayOnOrAfter,
} from './working-days.ts';
