import { describe, expect, it } from 'vitest';
import { quietHoursEnd } from './quiet-hours.ts';

const night = { enabled: true, start: '22:00', end: '08:00' };

describe('quietHoursEnd (Europe/Paris)', () => {
  it.each([
    ['23:30 in winter → 08:00 the next day', '2026-01-15T22:30:00Z', night, '2026-01-16T07:00:00.000Z'],
    ['02:00 → 08:00 the same day', '2026-01-15T01:00:00Z', night, '2026-01-15T07:00:00.000Z'],
    ['22:00 sharp is quiet', '2026-01-15T21:00:00Z', night, '2026-01-16T07:00:00.000Z'],
    ['08:00 sharp is not', '2026-01-15T07:00:00Z', night, undefined],
    ['midday is not', '2026-01-15T11:00:00Z', night, undefined],
    ['summer time: 23:00 → 08:00 CEST', '2026-07-01T21:00:00Z', night, '2026-07-02T06:00:00.000Z'],
    ['the night of the spring change', '2026-03-28T23:30:00Z', night, '2026-03-29T06:00:00.000Z'],
    ['a window inside one day', '2026-01-15T12:30:00Z', { start: '12:00', end: '14:00' }, '2026-01-15T13:00:00.000Z'],
    ['turned off', '2026-01-15T22:30:00Z', { ...night, enabled: false }, undefined],
    ['start equals end', '2026-01-15T22:30:00Z', { start: '08:00', end: '08:00' }, undefined],
  ])('%s', (_what, now, quiet, expected) => {
    expect(quietHoursEnd(new Date(now), quiet)?.toISOString()).toBe(expected);
  });
});
