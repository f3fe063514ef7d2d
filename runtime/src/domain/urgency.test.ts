import { describe, expect, it } from 'vitest';
import { DomainError } from './errors.ts';
import { computeUrgency, nextUrgencyChangeAt } from './urgency.ts';

const MONTH_RULE = { amount: 1, unit: 'months' } as const;
const DUE = '2026-04-03T23:59:59+02:00';
const hoursBefore = (hours: number) => new Date(Date.parse(DUE) - hours * 3_600_000);

describe('computeUrgency', () => {
  it.each<[string, number, number, string]>([
    ['30 days left', 720, 0, 'faible'],
    ['exactly 21 days left', 504, 0, 'moyen'],
    ['10 days left', 240, 0, 'moyen'],
    ['exactly 7 days left', 168, 0, 'eleve'],
    ['3 days left', 72, 0, 'eleve'],
    ['exactly 48 hours left', 48, 0, 'critique'],
    ['2 hours left', 2, 0, 'critique'],
    ['overdue', -5, 0, 'critique'],
    ['30 days left, 1 document missing', 720, 1, 'moyen'],
    ['10 days left, 2 documents missing', 240, 2, 'eleve'],
    ['3 days left, 1 document missing', 72, 1, 'critique'],
  ])('%s → %s', (_name, hours, missing, expected) => {
    expect(computeUrgency({ dueAt: DUE, rule: MONTH_RULE, missingDocuments: missing, now: hoursBefore(hours) })).toBe(
      expected,
    );
  });

  it('48-hour rules are always critical; 7-day rules at least high', () => {
    const now = hoursBefore(47);
    expect(computeUrgency({ dueAt: DUE, rule: { amount: 48, unit: 'hours' }, now: hoursBefore(1000) })).toBe(
      'critique',
    );
    expect(computeUrgency({ dueAt: DUE, rule: { amount: 7, unit: 'days' }, now: hoursBefore(1000) })).toBe('eleve');
    expect(computeUrgency({ dueAt: DUE, rule: { amount: 7, unit: 'days' }, now })).toBe('critique');
  });

  it('accepts a list of missing documents and firm thresholds', () => {
    expect(computeUrgency({ dueAt: DUE, missingDocuments: ['passeport'], now: hoursBefore(720) })).toBe('moyen');
    expect(computeUrgency({ dueAt: DUE, now: hoursBefore(60), thresholds: { criticalHours: 72 } })).toBe('critique');
  });

  it('refuses an unreadable date with its pointer', () => {
    expect(() => computeUrgency({ dueAt: 'demain', now: hoursBefore(1) })).toThrow(DomainError);
    try {
      computeUrgency({ dueAt: DUE, now: 'maintenant' });
    } catch (error) {
      expect((error as DomainError).issues[0]?.pointer).toBe('/now');
    }
  });
});

describe('nextUrgencyChangeAt', () => {
  it('is the next threshold crossing, then null once critical', () => {
    const input = { dueAt: DUE, rule: MONTH_RULE };
    expect(nextUrgencyChangeAt({ ...input, now: hoursBefore(720) })).toBe(hoursBefore(504).toISOString());
    expect(nextUrgencyChangeAt({ ...input, now: hoursBefore(300) })).toBe(hoursBefore(168).toISOString());
    expect(nextUrgencyChangeAt({ ...input, now: hoursBefore(100) })).toBe(hoursBefore(48).toISOString());
    expect(nextUrgencyChangeAt({ ...input, now: hoursBefore(10) })).toBeNull();
  });

  it('skips crossings the rule floor hides', () => {
    const sevenDays = { dueAt: DUE, rule: { amount: 7, unit: 'days' } as const };
    expect(nextUrgencyChangeAt({ ...sevenDays, now: hoursBefore(600) })).toBe(hoursBefore(48).toISOString());
    expect(nextUrgencyChangeAt({ dueAt: DUE, rule: { amount: 48, unit: 'hours' }, now: hoursBefore(40) })).toBeNull();
  });
});
