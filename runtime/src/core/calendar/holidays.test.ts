import { describe, expect, it } from 'vitest';
import { easterSunday, holidaysOn, publicHolidays, type Region } from './index.ts';

describe('easterSunday', () => {
  it.each([
    [2024, 3, 31],
    [2025, 4, 20],
    [2026, 4, 5],
    [2027, 3, 28],
    [2028, 4, 16],
    [2038, 4, 25],
    [2000, 4, 23],
    [2008, 3, 23],
    [2019, 4, 21],
    [1818, 3, 22],
    [2285, 3, 22],
    [1943, 4, 25],
  ])('Easter %i is %i/%i', (year, month, day) => {
    expect(easterSunday(year)).toEqual({ year, month, day });
  });

  it.each([1582, 4100, 2026.5, Number.NaN])('rejects year %s', (year) => {
    expect(() => easterSunday(year)).toThrow(RangeError);
  });
});

describe('publicHolidays', () => {
  it('lists the 11 metropolitan holidays of 2026, sorted, with French and English names', () => {
    expect(publicHolidays(2026).map((h) => [h.date, h.name])).toEqual([
      ['2026-01-01', "Jour de l'an"],
      ['2026-04-06', 'Lundi de Pâques'],
      ['2026-05-01', 'Fête du Travail'],
      ['2026-05-08', 'Victoire 1945'],
      ['2026-05-14', 'Ascension'],
      ['2026-05-25', 'Lundi de Pentecôte'],
      ['2026-07-14', 'Fête nationale'],
      ['2026-08-15', 'Assomption'],
      ['2026-11-01', 'Toussaint'],
      ['2026-11-11', 'Armistice 1918'],
      ['2026-12-25', 'Noël'],
    ]);
    expect(publicHolidays(2026).find((h) => h.date === '2026-04-06')?.nameEn).toBe('Easter Monday');
    expect(publicHolidays(2026).every((h) => h.kind === 'national')).toBe(true);
  });

  it.each([
    [2025, '2025-04-21', '2025-05-29', '2025-06-09'],
    [2027, '2027-03-29', '2027-05-06', '2027-05-17'],
    [2029, '2029-04-02', '2029-05-10', '2029-05-21'],
    [2030, '2030-04-22', '2030-05-30', '2030-06-10'],
  ])('movable holidays of %i match ceseda.md §3', (year, easterMonday, ascension, whitMonday) => {
    const byName = new Map(publicHolidays(year).map((h) => [h.name, h.date]));
    expect([byName.get('Lundi de Pâques'), byName.get('Ascension'), byName.get('Lundi de Pentecôte')]).toEqual([
      easterMonday,
      ascension,
      whitMonday,
    ]);
  });

  it('adds Good Friday and 26 December in Alsace-Moselle', () => {
    const list = publicHolidays(2026, 'alsace-moselle');
    expect(list).toHaveLength(13);
    expect(list.filter((h) => h.kind === 'alsace-moselle').map((h) => [h.date, h.name])).toEqual([
      ['2026-04-03', 'Vendredi saint'],
      ['2026-12-26', 'Saint-Étienne'],
    ]);
    expect(list.map((h) => h.date)).toEqual([...list.map((h) => h.date)].sort());
  });

  it.each<[Region, string]>([
    ['guadeloupe', '2026-05-27'],
    ['martinique', '2026-05-22'],
    ['guyane', '2026-06-10'],
    ['reunion', '2026-12-20'],
    ['mayotte', '2026-04-27'],
    ['saint-barthelemy', '2026-10-09'],
    ['saint-martin', '2026-05-28'],
  ])('adds the abolition-of-slavery day in %s (%s)', (region, date) => {
    const list = publicHolidays(2026, region);
    expect(list).toHaveLength(12);
    expect(list.filter((h) => h.kind === 'overseas')).toEqual([
      { date, name: "Abolition de l'esclavage", nameEn: 'Abolition of Slavery Day', kind: 'overseas' },
    ]);
  });

  it('keeps both holidays when Ascension falls on 1 May (2008)', () => {
    expect(holidaysOn('2008-05-01').map((h) => h.name)).toEqual(['Fête du Travail', 'Ascension']);
    expect(publicHolidays(2008)).toHaveLength(11);
  });

  it('caches per (year, region) and returns frozen lists', () => {
    expect(publicHolidays(2026, 'reunion')).toBe(publicHolidays(2026, 'reunion'));
    expect(publicHolidays(2026)).not.toBe(publicHolidays(2026, 'reunion'));
    expect(Object.isFrozen(publicHolidays(2026))).toBe(true);
  });

  it('rejects an unknown region', () => {
    expect(() => publicHolidays(2026, 'corse' as Region)).toThrow(/Unknown region "corse"/);
  });
});
