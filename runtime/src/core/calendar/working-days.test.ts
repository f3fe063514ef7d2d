import { describe, expect, it } from 'vitest';
import {
  addCalendarDuration,
  addWorkingDays,
  addWorkingDuration,
  explainWorkingDays,
  isWorkingDay,
  nextWorkingDay,
  type Region,
  workingDayOnOrAfter,
} from './index.ts';

const at = (iso: string) => new Date(iso);

describe('isWorkingDay', () => {
  it.each<[string, Region, boolean]>([
    ['2026-01-01', 'metropole', false],
    ['2026-01-02', 'metropole', true],
    ['2026-01-03', 'metropole', false],
    ['2026-01-04', 'metropole', false],
    ['2026-04-06', 'metropole', false],
    ['2026-04-03', 'metropole', true],
    ['2026-04-03', 'alsace-moselle', false],
    ['2025-12-26', 'metropole', true],
    ['2025-12-26', 'alsace-moselle', false],
    ['2026-05-27', 'metropole', true],
    ['2026-05-27', 'guadeloupe', false],
    ['2026-05-22', 'martinique', false],
    ['2026-06-10', 'guyane', false],
    ['2026-07-14', 'metropole', false],
  ])('%s in %s → %s', (date, region, expected) => {
    expect(isWorkingDay(date, region)).toBe(expected);
  });

  it.each(['2026-02-30', '2026-1-5', '05/01/2026', ''])('rejects malformed date %j', (date) => {
    expect(() => isWorkingDay(date)).toThrow(/Invalid date/);
  });
});

describe('nextWorkingDay / workingDayOnOrAfter', () => {
  it.each([
    ['2026-12-24', '2026-12-28'],
    ['2026-04-03', '2026-04-07'],
    ['2026-01-05', '2026-01-06'],
    ['2026-12-31', '2027-01-04'],
  ])('next working day after %s is %s', (date, expected) => {
    expect(nextWorkingDay(date)).toBe(expected);
  });

  it('workingDayOnOrAfter keeps a working day and extends a non-working one', () => {
    expect(workingDayOnOrAfter('2026-01-05')).toBe('2026-01-05');
    expect(workingDayOnOrAfter('2026-08-15')).toBe('2026-08-17');
  });
});

describe('addWorkingDays (Europe/Paris, metropole)', () => {
  it.each([
    ['Friday + 1 crosses the weekend', '2026-01-09T10:00:00+01:00', 1, '2026-01-12T10:00:00+01:00'],
    ['Monday + 5 is next Monday', '2026-01-05T09:30:00+01:00', 5, '2026-01-12T09:30:00+01:00'],
    ['+ 0 on a working day is the same instant', '2026-01-07T14:00:00+01:00', 0, '2026-01-07T14:00:00+01:00'],
    ['Saturday + 1 counts from Monday', '2026-01-10T10:00:00+01:00', 1, '2026-01-13T10:00:00+01:00'],
    ['Saturday + 0 is Monday', '2026-01-10T10:00:00+01:00', 0, '2026-01-12T10:00:00+01:00'],
    ['Sunday evening + 1 is Tuesday', '2026-01-11T18:00:00+01:00', 1, '2026-01-13T18:00:00+01:00'],
    ['across Easter Monday', '2026-04-02T10:00:00+02:00', 2, '2026-04-07T10:00:00+02:00'],
    ['across 1 May', '2026-04-30T10:00:00+02:00', 1, '2026-05-04T10:00:00+02:00'],
    ['across 8 May', '2026-05-07T10:00:00+02:00', 1, '2026-05-11T10:00:00+02:00'],
    ['across Ascension', '2026-05-13T10:00:00+02:00', 1, '2026-05-15T10:00:00+02:00'],
    ['across Whit Monday', '2026-05-22T10:00:00+02:00', 1, '2026-05-26T10:00:00+02:00'],
    ['across 14 July', '2026-07-13T09:00:00+02:00', 1, '2026-07-15T09:00:00+02:00'],
    ['across 15 August (Friday in 2025)', '2025-08-14T10:00:00+02:00', 1, '2025-08-18T10:00:00+02:00'],
    ['across 1 November and the DST end', '2027-10-29T10:00:00+02:00', 1, '2027-11-02T10:00:00+01:00'],
    ['across 11 November', '2026-11-10T16:00:00+01:00', 1, '2026-11-12T16:00:00+01:00'],
    ['across 25 December', '2026-12-24T10:00:00+01:00', 1, '2026-12-28T10:00:00+01:00'],
    ['across 1 January 2027', '2026-12-31T10:00:00+01:00', 1, '2027-01-04T10:00:00+01:00'],
    ['across 1 January 2026', '2025-12-31T10:00:00+01:00', 1, '2026-01-02T10:00:00+01:00'],
    [
      'across the DST start (29 March 2026), same wall time',
      '2026-03-27T10:00:00+01:00',
      1,
      '2026-03-30T10:00:00+02:00',
    ],
    [
      'across the DST end (25 October 2026), same wall time',
      '2026-10-23T10:00:00+02:00',
      1,
      '2026-10-26T10:00:00+01:00',
    ],
    ['late evening stays late evening', '2026-03-27T23:30:00+01:00', 1, '2026-03-30T23:30:00+02:00'],
  ])('%s', (_label, start, days, expected) => {
    expect(addWorkingDays(at(start), days).toISOString()).toBe(at(expected).toISOString());
  });

  it.each<[string, Region, string, number, string]>([
    ['26 December in Alsace-Moselle', 'alsace-moselle', '2025-12-24T10:00:00+01:00', 1, '2025-12-29T10:00:00+01:00'],
    ['26 December in metropole', 'metropole', '2025-12-24T10:00:00+01:00', 1, '2025-12-26T10:00:00+01:00'],
    ['Good Friday in Alsace-Moselle', 'alsace-moselle', '2026-04-02T10:00:00+02:00', 1, '2026-04-07T10:00:00+02:00'],
    ['27 April in Mayotte, in Mayotte time', 'mayotte', '2026-04-24T09:00:00+03:00', 1, '2026-04-28T09:00:00+03:00'],
  ])('%s', (_label, region, start, days, expected) => {
    expect(addWorkingDays(at(start), days, { region }).toISOString()).toBe(at(expected).toISOString());
  });

  it('moves a wall time that does not exist on the result day to the next valid minute', () => {
    // Israel starts DST on Friday 27 March 2026 at 02:00 → 03:00: 02:30 does not exist that day.
    const result = addWorkingDays(at('2026-03-26T02:30:00+02:00'), 1, { timeZone: 'Asia/Jerusalem' });
    expect(result.toISOString()).toBe(at('2026-03-27T03:00:00+03:00').toISOString());
  });

  it.each([-1, 1.5, Number.NaN])('rejects %s days', (days) => {
    expect(() => addWorkingDays(at('2026-01-05T10:00:00+01:00'), days)).toThrow(RangeError);
  });

  it('rejects an invalid Date and an unknown time zone', () => {
    expect(() => addWorkingDays(new Date('nope'), 1)).toThrow(/valid Date/);
    expect(() => addWorkingDays(at('2026-01-05T10:00:00+01:00'), 1, { timeZone: 'Europe/Nowhere' })).toThrow(
      /Unknown time zone/,
    );
  });
});

describe('explainWorkingDays', () => {
  it('lists the skipped days with their reasons', () => {
    expect(explainWorkingDays(at('2026-05-22T10:00:00+02:00'), 1)).toEqual({
      result: at('2026-05-26T10:00:00+02:00'),
      timeZone: 'Europe/Paris',
      region: 'metropole',
      startDate: '2026-05-22',
      endDate: '2026-05-26',
      counted: ['2026-05-26'],
      skipped: [
        { date: '2026-05-23', reason: 'samedi' },
        { date: '2026-05-24', reason: 'dimanche' },
        { date: '2026-05-25', reason: 'Lundi de Pentecôte' },
      ],
    });
  });

  it('includes a non-working start day, naming the holiday rather than the weekday', () => {
    const explanation = explainWorkingDays(at('2026-08-15T10:00:00+02:00'), 1);
    expect(explanation.skipped).toEqual([
      { date: '2026-08-15', reason: 'Assomption' },
      { date: '2026-08-16', reason: 'dimanche' },
    ]);
    expect(explanation.counted).toEqual(['2026-08-18']);
    expect(explanation.result.toISOString()).toBe(at('2026-08-18T10:00:00+02:00').toISOString());
  });

  it('joins the names of two holidays on the same day', () => {
    const explanation = explainWorkingDays(at('2008-04-30T10:00:00+02:00'), 1);
    expect(explanation.skipped[0]).toEqual({ date: '2008-05-01', reason: 'Fête du Travail / Ascension' });
    expect(explanation.endDate).toBe('2008-05-02');
  });
});

describe('addWorkingDuration', () => {
  it.each([
    ['P2W', '2026-01-05T10:00:00+01:00', '2026-01-19T10:00:00+01:00'],
    ['P3D', '2026-05-22T10:00:00+02:00', '2026-05-28T10:00:00+02:00'],
    ['P1W2D', '2026-07-08T10:00:00+02:00', '2026-07-20T10:00:00+02:00'],
  ])('%s from %s', (duration, start, expected) => {
    expect(addWorkingDuration(at(start), duration).toISOString()).toBe(at(expected).toISOString());
  });

  it.each(['P1M', 'PT24H', 'P1DT0H', 'P1Y', 'P1D '])('rejects %j', (duration) => {
    expect(() => addWorkingDuration(at('2026-01-05T10:00:00+01:00'), duration)).toThrow(/duration/);
  });
});

describe('addCalendarDuration (Europe/Paris)', () => {
  it.each([
    ['P1M from 31 January 2026 clamps to 28 February', '2026-01-31T10:00:00+01:00', 'P1M', '2026-02-28T10:00:00+01:00'],
    ['P1M from 31 January 2028 clamps to 29 February', '2028-01-31T10:00:00+01:00', 'P1M', '2028-02-29T10:00:00+01:00'],
    ['P1M from 31 March crosses the DST start', '2026-03-31T10:00:00+02:00', 'P1M', '2026-04-30T10:00:00+02:00'],
    ['P1Y from 29 February clamps', '2028-02-29T10:00:00+01:00', 'P1Y', '2029-02-28T10:00:00+01:00'],
    ['P1W', '2026-01-07T08:00:00+01:00', 'P1W', '2026-01-14T08:00:00+01:00'],
    ['P2D across the DST start keeps the wall time', '2026-03-27T12:00:00+01:00', 'P2D', '2026-03-29T12:00:00+02:00'],
    ['PT48H across the DST start is 48 real hours', '2026-03-27T12:00:00+01:00', 'PT48H', '2026-03-29T13:00:00+02:00'],
    ['PT48H across the DST end is 48 real hours', '2026-10-23T12:00:00+02:00', 'PT48H', '2026-10-25T11:00:00+01:00'],
    ['P1DT2H adds the day, then 2 real hours', '2026-03-28T12:00:00+01:00', 'P1DT2H', '2026-03-29T14:00:00+02:00'],
    ['PT90M', '2026-01-01T23:00:00+01:00', 'PT90M', '2026-01-02T00:30:00+01:00'],
    ['all units', '2026-01-01T00:00:00+01:00', 'P1Y2M3DT4H5M6S', '2027-03-04T04:05:06+01:00'],
    ['P1D onto a non-existent 02:30 moves to 03:00', '2026-03-28T02:30:00+01:00', 'P1D', '2026-03-29T03:00:00+02:00'],
    [
      'P1D onto an ambiguous 02:30 takes the first one',
      '2026-10-24T02:30:00+02:00',
      'P1D',
      '2026-10-25T02:30:00+02:00',
    ],
  ])('%s', (_label, start, duration, expected) => {
    expect(addCalendarDuration(at(start), duration).toISOString()).toBe(at(expected).toISOString());
  });

  it('uses the given time zone', () => {
    const result = addCalendarDuration(at('2026-01-31T10:00:00-05:00'), 'P1M', { timeZone: 'America/New_York' });
    expect(result.toISOString()).toBe(at('2026-02-28T10:00:00-05:00').toISOString());
  });

  it.each(['', 'P', 'PT', '1D', 'P-1D', 'P1.5D', 'p1d', 'P1H', 'P1D2M', 'PT1D', 'P1DT', ' P1D', '-P1D'])(
    'throws a clear error on malformed %j',
    (duration) => {
      expect(() => addCalendarDuration(at('2026-01-05T10:00:00+01:00'), duration)).toThrow(
        /Malformed ISO-8601 duration/,
      );
    },
  );
});
