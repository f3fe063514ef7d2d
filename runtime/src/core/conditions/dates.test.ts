import { analyzeLogic } from '@iapm/schemas';
import { describe, expect, it } from 'vitest';
import { dateAdd } from './dates.ts';
import { evaluateLogic, resolveValue } from './evaluate.ts';

describe('date_add', () => {
  it.each([
    // [date, duration, expected ISO (UTC)]
    ['2026-12-07T23:59:59+01:00', '-P7D', '2026-11-30T22:59:59.000Z'],
    ['2026-12-07T23:59:59+01:00', '-P2D', '2026-12-05T22:59:59.000Z'],
    ['2026-12-07T23:59:59+01:00', '-PT24H', '2026-12-06T22:59:59.000Z'],
    ['2026-12-07T23:59:59+01:00', '-P7DT15H', '2026-11-30T07:59:59.000Z'],
    // Across the change to summer time (29 March 2026): the wall-clock time is kept for days...
    ['2026-04-02T23:59:59+02:00', '-P7D', '2026-03-26T22:59:59.000Z'],
    // ...and hours are real elapsed time (10:00 summer time − 48 h = 09:00 winter time).
    ['2026-03-30T10:00:00+02:00', '-PT48H', '2026-03-28T08:00:00.000Z'],
    // Months clamp to the end of a shorter month, backwards too.
    ['2026-03-31T12:00:00+02:00', '-P1M', '2026-02-28T11:00:00.000Z'],
    ['2028-03-31T12:00:00+02:00', '-P1M', '2028-02-29T11:00:00.000Z'],
    ['2026-01-31T10:00:00+01:00', 'P1M', '2026-02-28T09:00:00.000Z'],
    ['2026-01-31T10:00:00+01:00', '+P15D', '2026-02-15T09:00:00.000Z'],
    // A date alone is midnight in Paris; epoch milliseconds are accepted.
    ['2026-07-14', 'PT12H', '2026-07-14T10:00:00.000Z'],
    [Date.UTC(2026, 0, 5, 8), 'P1D', '2026-01-06T08:00:00.000Z'],
  ])('%s %s → %s', (date, duration, expected) => {
    expect(dateAdd(date, duration)).toBe(expected);
  });

  it('counts days in another time zone when one is given', () => {
    // Fort-de-France has no summer time: 7 days before is 7 × 24 hours before.
    expect(dateAdd('2026-04-02T23:59:59-04:00', '-P7D', 'America/Martinique')).toBe('2026-03-27T03:59:59.000Z');
  });

  it.each([
    [null, '-P7D'],
    ['', '-P7D'],
    ['not a date', '-P7D'],
    ['2026-13-01', '-P7D'],
    ['2026-12-07T23:59:59', '-P7D'], // no offset: ambiguous, refused
    ['2026-12-07T23:59:59+01:00', '7 days'],
    ['2026-12-07T23:59:59+01:00', '-P'],
    ['2026-12-07T23:59:59+01:00', '--P7D'],
    ['2026-12-07T23:59:59+01:00', 7],
  ])('gives null for %j %j', (date, duration) => {
    expect(dateAdd(date, duration)).toBeNull();
  });

  it('gives null for an unknown time zone', () => {
    expect(dateAdd('2026-12-07T23:59:59+01:00', '-P7D', 'Mars/Olympus')).toBeNull();
  });

  it('is an operation of the expression language, checked statically and evaluated on the run data', () => {
    const expression = { date_add: [{ var: 'nodes.delai.output.dueAt' }, '-P2D'] };
    const analysis = analyzeLogic(expression, '/nodes/3/until');
    expect(analysis.issues).toEqual([]);
    expect(analysis.vars.map((v) => v.path)).toEqual(['nodes.delai.output.dueAt']);
    const data = { nodes: { delai: { output: { dueAt: '2026-12-07T23:59:59+01:00' } } } };
    expect(evaluateLogic(expression, data)).toBe('2026-12-05T22:59:59.000Z');
    expect(resolveValue({ dueAt: expression }, data)).toEqual({ dueAt: '2026-12-05T22:59:59.000Z' });
    expect(evaluateLogic(expression, { nodes: {} })).toBeNull();
  });
});
