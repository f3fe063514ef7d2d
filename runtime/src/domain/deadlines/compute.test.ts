/**
 * Variants of disputed rules, the decision-date regime, the printed date, local holidays, urgency, the trace and
 * bad input. Expected instants worked out by hand (see periods.test.ts for the counting rules).
 */
import { describe, expect, it } from 'vitest';
import { DomainError } from '../errors.ts';
import { rule } from '../test-data.ts';
import { computeDeadline } from './compute.ts';
import type { DeadlineInput } from './types.ts';

describe('disputed and fact-dependent rules: every variant, alert on the earliest', () => {
  it.each<[string, string, DeadlineInput, string, Record<string, string>]>([
    [
      '7 days (L. 921-1): non-franc retained; franc (CAA Toulouse) and franc + extension shown',
      'OQTF-ASSIGNE-OU-DETENU',
      { notifiedAt: '2026-03-27T10:15:00+01:00' },
      '2026-04-03T23:59:59+02:00',
      {
        'non-franc': '2026-04-03T23:59:59+02:00',
        franc: '2026-04-04T23:59:59+02:00',
        'franc-report': '2026-04-07T23:59:59+02:00',
      },
    ],
    [
      '7 days ending on a Saturday: the franc readings end on Sunday / Tuesday after Easter Monday',
      'OQTF-ASSIGNE-OU-DETENU',
      { notifiedAt: '2026-03-28T10:00:00+01:00' },
      '2026-04-04T23:59:59+02:00',
      {
        'non-franc': '2026-04-04T23:59:59+02:00',
        franc: '2026-04-05T23:59:59+02:00',
        'franc-report': '2026-04-07T23:59:59+02:00',
      },
    ],
    [
      'Dublin 7 days over 14 July',
      'DUBLIN-TRANSFERT',
      { notifiedAt: '2026-07-07T16:00:00+02:00' },
      '2026-07-14T23:59:59+02:00',
      {
        'non-franc': '2026-07-14T23:59:59+02:00',
        franc: '2026-07-15T23:59:59+02:00',
        'franc-report': '2026-07-15T23:59:59+02:00',
      },
    ],
    [
      'visa RAPO: conservative non-franc vs franc extended over Easter Monday',
      'VISA-RAPO',
      { notifiedAt: '2026-03-06' },
      '2026-04-05T23:59:59+02:00',
      { 'non-franc': '2026-04-05T23:59:59+02:00', 'franc-report': '2026-04-07T23:59:59+02:00' },
    ],
    [
      'naturalisation RAPO ending on 1 January: the franc reading skips to Monday 4',
      'NATURALISATION-RAPO',
      { notifiedAt: '2026-11-01' },
      '2027-01-01T23:59:59+01:00',
      { 'non-franc': '2027-01-01T23:59:59+01:00', 'franc-report': '2027-01-04T23:59:59+01:00' },
    ],
    [
      'placement en rétention: notification day counted vs art. 641/642 CPC',
      'RETENTION-PLACEMENT',
      { notifiedAt: '2026-09-01T18:00:00+02:00' },
      '2026-09-04T23:59:59+02:00',
      { 'jour-compte': '2026-09-04T23:59:59+02:00', 'cpc-641': '2026-09-07T23:59:59+02:00' },
    ],
    [
      'CNDA legal aid 15 days: franc reading over a weekend',
      'CNDA-AIDE-JURIDICTIONNELLE',
      { notifiedAt: '2026-04-30' },
      '2026-05-15T23:59:59+02:00',
      { 'non-franc': '2026-05-15T23:59:59+02:00', 'franc-report': '2026-05-18T23:59:59+02:00' },
    ],
    [
      'former regime: 30 days, 15 days or 48 hours depending on the departure period; alert on 48 h',
      'OQTF-ANCIEN-REGIME',
      { notifiedAt: '2024-07-03T10:00:00+02:00', decisionDate: '2024-07-01' },
      '2024-07-05T10:00:00+02:00',
      {
        'trente-jours': '2024-08-05T23:59:59+02:00',
        'quinze-jours': '2024-07-19T23:59:59+02:00',
        'quarante-huit-heures': '2024-07-05T10:00:00+02:00',
      },
    ],
  ])('%s', (_name, ruleId, input, alertAt, variants) => {
    const result = computeDeadline(rule(ruleId), input);
    expect(result.alertAt).toBe(alertAt);
    expect(Object.fromEntries(result.variants.map((v) => [v.id, v.dueAt]))).toEqual(variants);
    expect(result.confidence).not.toBe('high');
    expect(result.trace.filter((entry) => entry.step === 'variant')).toHaveLength(Object.keys(variants).length - 1);
  });
});

describe('the decision-date switch of 15 July 2024', () => {
  it('a decision taken on 15 July 2024 falls under the new 1-month rule', () => {
    const result = computeDeadline(rule('OQTF-ORDINAIRE'), { notifiedAt: '2024-07-16', decisionDate: '2024-07-15' });
    expect(result.dueAt).toBe('2024-08-19T23:59:59+02:00');
    expect(result.trace.find((e) => e.step === 'regime')?.fr).toMatch(/à compter du lundi 15 juillet 2024/);
  });

  it('a decision of 14 July 2024 is refused by the new rule, which names the former one', () => {
    try {
      computeDeadline(rule('OQTF-ORDINAIRE'), { notifiedAt: '2024-07-16', decisionDate: '2024-07-14' });
      expect.unreachable();
    } catch (error) {
      const issue = (error as DomainError).issues[0];
      expect(issue).toMatchObject({ pointer: '/decisionDate', code: 'deadline.rule-not-in-force' });
      expect(issue?.message.fr).toMatch(/OQTF-ANCIEN-REGIME/);
      expect(issue?.message.en).toMatch(/Rule\(s\) for earlier decisions: OQTF-ANCIEN-REGIME/);
    }
  });

  it('the former regime is refused for a decision of 15 July 2024', () => {
    expect(() =>
      computeDeadline(rule('OQTF-ANCIEN-REGIME'), { notifiedAt: '2024-07-16', decisionDate: '2024-07-15' }),
    ).toThrow(/OQTF-ANCIEN-REGIME/);
  });

  it('a notification before 15 July 2024 cannot follow a new-regime rule, even without a decision date', () => {
    expect(() => computeDeadline(rule('OQTF-ORDINAIRE'), { notifiedAt: '2024-07-10' })).toThrow(DomainError);
  });

  it('without a decision date close to the switch, the assumption is stated and confidence lowered', () => {
    const result = computeDeadline(rule('OQTF-ORDINAIRE'), { notifiedAt: '2024-07-20' });
    expect(result.confidence).toBe('medium');
    expect(result.trace.find((e) => e.step === 'regime')?.fr).toMatch(/Date de la décision non fournie/);
  });
});

describe('printed date, local holidays, urgency, trace', () => {
  it('a printed date earlier than the statute: alert on it, both shown', () => {
    const result = computeDeadline(rule('OQTF-ORDINAIRE'), {
      notifiedAt: '2026-03-02',
      printedDecisionDate: '2026-03-31',
    });
    expect([result.dueAt, result.alertAt]).toEqual(['2026-04-03T23:59:59+02:00', '2026-03-31T23:59:59+02:00']);
    expect(result.variants).toEqual([
      expect.objectContaining({ id: 'date-imprimee', dueAt: '2026-03-31T23:59:59+02:00' }),
    ]);
  });

  it('a printed date later than the statute: the alert stays on the statutory date, CE 2023 cited', () => {
    const result = computeDeadline(rule('OQTF-ORDINAIRE'), {
      notifiedAt: '2026-03-02',
      printedDecisionDate: '2026-04-30',
    });
    expect(result.alertAt).toBe('2026-04-03T23:59:59+02:00');
    expect(result.trace.find((e) => e.step === 'printed')?.fr).toMatch(/461471/);
  });

  it('Alsace-Moselle: Good Friday is not applied by default, offered as a variant', () => {
    const result = computeDeadline(rule('CNDA-RECOURS'), { notifiedAt: '2027-02-25', region: 'alsace-moselle' });
    expect(result.dueAt).toBe('2027-03-26T23:59:59+01:00');
    expect(result.variants).toEqual([
      expect.objectContaining({ id: 'jours-feries-locaux', dueAt: '2027-03-30T23:59:59+02:00' }),
    ]);
  });

  it('Alsace-Moselle with local holidays applied: Good Friday, the weekend and Easter Monday skipped', () => {
    const result = computeDeadline(rule('CNDA-RECOURS'), {
      notifiedAt: '2027-02-25',
      region: 'alsace-moselle',
      applyLocalHolidays: true,
    });
    expect([result.dueAt, result.alertAt, result.confidence]).toEqual([
      '2027-03-30T23:59:59+02:00',
      '2027-03-26T23:59:59+01:00',
      'medium',
    ]);
    expect(result.trace.filter((e) => e.step === 'skip').map((e) => e.date)).toEqual([
      '2027-03-26',
      '2027-03-27',
      '2027-03-28',
      '2027-03-29',
    ]);
  });

  it('Guyane: the 10 June abolition day offered as a variant, in Cayenne time', () => {
    const result = computeDeadline(rule('CNDA-RECOURS'), { notifiedAt: '2026-05-09', region: 'guyane' });
    expect([result.dueAt, result.zone]).toEqual(['2026-06-10T23:59:59-03:00', 'America/Cayenne']);
    expect(result.variants.map((v) => v.dueAt)).toEqual(['2026-06-11T23:59:59-03:00']);
  });

  it('La Réunion: no variant when the local day changes nothing', () => {
    const result = computeDeadline(rule('TITRE-REFUS-SANS-OQTF'), { notifiedAt: '2026-10-19', region: 'reunion' });
    expect([result.dueAt, result.variants]).toEqual(['2026-12-21T23:59:59+04:00', []]);
  });

  it('48-hour rules are critical whatever the time left; a month away is low', () => {
    const now = new Date('2026-03-02T12:00:00+01:00');
    expect(computeDeadline(rule('OQTF-RETENTION'), { notifiedAt: '2026-03-02T10:00:00+01:00' }, now).urgency).toBe(
      'critique',
    );
    expect(computeDeadline(rule('OQTF-ORDINAIRE'), { notifiedAt: '2026-03-02T10:00:00+01:00' }, now).urgency).toBe(
      'faible',
    );
    expect(
      computeDeadline(rule('OQTF-ORDINAIRE'), { notifiedAt: '2026-03-02T10:00:00+01:00' }).urgency,
    ).toBeUndefined();
  });

  it('the trace lists each skipped day with its reason, in French and English', () => {
    const result = computeDeadline(rule('OQTF-ORDINAIRE'), { notifiedAt: '2026-03-03T09:00:00+01:00' });
    const skips = result.trace.filter((e) => e.step === 'skip');
    expect(skips.map((e) => [e.date, e.fr.split(' : ')[1]?.split(' — ')[0]])).toEqual([
      ['2026-04-04', 'samedi'],
      ['2026-04-05', 'dimanche'],
      ['2026-04-06', 'Lundi de Pâques'],
    ]);
    expect(skips[2]?.en).toMatch(/public holiday \(Lundi de Pâques\)/);
    expect(result.trace.find((e) => e.step === 'franc')?.fr).toMatch(/samedi 4 avril 2026/);
  });

  it('month clamping is flagged for a lawyer and lowers the confidence', () => {
    const result = computeDeadline(rule('CNDA-RECOURS'), { notifiedAt: '2026-01-31' });
    expect(result.trace.find((e) => e.step === 'clamp')?.fr).toMatch(/dernier jour du mois, samedi 28 février 2026/);
    expect(result.confidence).toBe('medium');
  });
});

describe('bad input gets a pointer and a bilingual message', () => {
  it.each<[string, string, DeadlineInput, string, string]>([
    [
      'a French date format',
      'OQTF-ORDINAIRE',
      { notifiedAt: '03/11/2026' },
      '/notifiedAt',
      'deadline.invalid-datetime',
    ],
    ['an impossible date', 'OQTF-ORDINAIRE', { notifiedAt: '2026-02-30' }, '/notifiedAt', 'deadline.invalid-date'],
    ['no notification date', 'OQTF-ORDINAIRE', {}, '/notifiedAt', 'deadline.missing-notification'],
    [
      'an unclaimed letter without dates',
      'OQTF-ORDINAIRE',
      { mode: 'lrar-unclaimed' },
      '/firstPresentationAt',
      'deadline.missing-notification',
    ],
    [
      'an unknown zone',
      'OQTF-ORDINAIRE',
      { notifiedAt: '2026-03-02', zone: 'Europe/Lyon' },
      '/zone',
      'deadline.unknown-zone',
    ],
    [
      'an unknown mode',
      'OQTF-ORDINAIRE',
      { notifiedAt: '2026-03-02', mode: 'pigeon' as never },
      '/mode',
      'deadline.unknown-mode',
    ],
    [
      'an event before the notification',
      'TITRE-REFUS-SANS-OQTF',
      { notifiedAt: '2026-03-02', events: [{ type: 'administrative-appeal-filed', at: '2026-03-01' }] },
      '/events/0/at',
      'deadline.event-before-start',
    ],
    [
      'an unknown event',
      'TITRE-REFUS-SANS-OQTF',
      { notifiedAt: '2026-03-02', events: [{ type: 'appeal', at: '2026-03-04' } as never] },
      '/events/0/type',
      'deadline.event-invalid',
    ],
    [
      'a malformed printed date',
      'OQTF-ORDINAIRE',
      { notifiedAt: '2026-03-02', printedDecisionDate: '31 mars' },
      '/printedDecisionDate',
      'deadline.invalid-datetime',
    ],
  ])('%s', (_name, ruleId, input, pointer, code) => {
    try {
      computeDeadline(rule(ruleId), input);
      expect.unreachable();
    } catch (error) {
      expect(error).toBeInstanceOf(DomainError);
      const issue = (error as DomainError).issues[0];
      expect(issue).toMatchObject({ pointer, code, severity: 'error' });
      expect(issue?.message.fr.length).toBeGreaterThan(10);
      expect(issue?.message.en).not.toBe(issue?.message.fr);
    }
  });
});
