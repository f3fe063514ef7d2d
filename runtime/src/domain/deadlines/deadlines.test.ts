/**
 * Table-driven deadline tests. Every expected instant was worked out by hand from ceseda.md §2 (franc periods:
 * notification + period + 1 day; months from date to same date, clamped; extension over Saturdays, Sundays and
 * public holidays; hours from minute to minute) and the 2024–2028 calendars.
 */
import { describe, expect, it } from 'vitest';
import { DomainError } from '../errors.ts';
import { rule } from '../test-data.ts';
import { computeDeadline } from './compute.ts';
import type { DeadlineInput } from './types.ts';

type Case = [name: string, ruleId: string, input: DeadlineInput, dueAt: string];

/** Periods in months, franc, extended (art. 641/642 CPC). */
const MONTHS: Case[] = [
  [
    '1 month franc: notified Mon 2 Mar 2026, ends Fri 3 Apr',
    'OQTF-ORDINAIRE',
    { notifiedAt: '2026-03-02T10:15:00+01:00', mode: 'hand' },
    '2026-04-03T23:59:59+02:00',
  ],
  [
    'franc day on Saturday, then Sunday and Easter Monday: Tue 7 Apr',
    'OQTF-ORDINAIRE',
    { notifiedAt: '2026-03-03T09:00:00+01:00' },
    '2026-04-07T23:59:59+02:00',
  ],
  [
    'franc day on 1 May (Friday), then the weekend: Mon 4 May',
    'OQTF-ORDINAIRE',
    { notifiedAt: '2026-03-31T11:00:00+02:00' },
    '2026-05-04T23:59:59+02:00',
  ],
  [
    'franc day on 8 May (Friday), then the weekend: Mon 11 May',
    'OQTF-ORDINAIRE',
    { notifiedAt: '2026-04-07T11:00:00+02:00' },
    '2026-05-11T23:59:59+02:00',
  ],
  [
    'franc day on Ascension (Thu 14 May): Fri 15 May',
    'OQTF-ORDINAIRE',
    { notifiedAt: '2026-04-13T14:00:00+02:00' },
    '2026-05-15T23:59:59+02:00',
  ],
  [
    'franc day on Sunday before Whit Monday: Tue 26 May',
    'OQTF-ORDINAIRE',
    { notifiedAt: '2026-04-23T14:00:00+02:00' },
    '2026-05-26T23:59:59+02:00',
  ],
  [
    'franc day on 14 July: Wed 15 July',
    'OQTF-ORDINAIRE',
    { notifiedAt: '2026-06-13T08:00:00+02:00' },
    '2026-07-15T23:59:59+02:00',
  ],
  [
    'franc day on 15 August (a Saturday): Mon 17 Aug',
    'CNDA-RECOURS',
    { notifiedAt: '2026-07-14' },
    '2026-08-17T23:59:59+02:00',
  ],
  [
    'franc day Saturday, then 1 November (Sunday): Mon 2 Nov, winter time',
    'OQTF-ORDINAIRE',
    { notifiedAt: '2026-09-30T10:00:00+02:00' },
    '2026-11-02T23:59:59+01:00',
  ],
  [
    'franc day on 11 November: Thu 12 Nov',
    'OQTF-ORDINAIRE',
    { notifiedAt: '2026-10-10T10:00:00+02:00' },
    '2026-11-12T23:59:59+01:00',
  ],
  [
    'franc day on Christmas (Friday), then the weekend: Mon 28 Dec',
    'APPEL-CAA',
    { notifiedAt: '2026-11-24' },
    '2026-12-28T23:59:59+01:00',
  ],
  [
    '2 months: franc day on 1 January 2027 (Friday), then the weekend: Mon 4 Jan',
    'TITRE-REFUS-SANS-OQTF',
    { notifiedAt: '2026-10-31' },
    '2027-01-04T23:59:59+01:00',
  ],
  [
    '2 months from 3 Jan 2021 end on 4 Mar 2021 (ceseda.md §2.1 example)',
    'TITRE-REFUS-SANS-OQTF',
    { notifiedAt: '2021-01-03' },
    '2021-03-04T23:59:59+01:00',
  ],
  [
    '1 month from 4 June ends on 5 July when no weekend intervenes (2027)',
    'CNDA-RECOURS',
    { notifiedAt: '2027-06-04' },
    '2027-07-05T23:59:59+02:00',
  ],
  [
    '31 January + 1 month clamps to 28 February, franc 1 March (a Sunday): Mon 2 Mar 2026',
    'CNDA-RECOURS',
    { notifiedAt: '2026-01-31' },
    '2026-03-02T23:59:59+01:00',
  ],
  [
    '31 January + 1 month in a leap year: 29 February, franc Wed 1 Mar 2028',
    'CNDA-RECOURS',
    { notifiedAt: '2028-01-31' },
    '2028-03-01T23:59:59+01:00',
  ],
  [
    '29 February 2024 + 2 months: 29 April, franc Tue 30 Apr',
    'TITRE-REFUS-SANS-OQTF',
    { notifiedAt: '2024-02-29' },
    '2024-04-30T23:59:59+02:00',
  ],
  [
    '31 May + 1 month clamps to 30 June, franc Wed 1 July',
    'APPEL-CAA',
    { notifiedAt: '2026-05-31' },
    '2026-07-01T23:59:59+02:00',
  ],
  [
    '31 December + 2 months clamps to 28 February (Sat), franc Sunday 1 March: Mon 2 Mar',
    'EXPULSION',
    { notifiedAt: '2025-12-31' },
    '2026-03-02T23:59:59+01:00',
  ],
  [
    'silence of 4 months from 31 October clamps to Sat 28 Feb, no extension',
    'TITRE-SILENCE',
    { notifiedAt: '2025-10-31' },
    '2026-02-28T23:59:59+01:00',
  ],
  [
    'silence of 6 months from 29 Feb 2024: 29 Aug 2024',
    'RF-SILENCE',
    { notifiedAt: '2024-02-29' },
    '2024-08-29T23:59:59+02:00',
  ],
  [
    '2-month RAPO (non-franc, not extended) ending on 1 January: kept on the holiday',
    'NATURALISATION-RAPO',
    { notifiedAt: '2026-11-01' },
    '2027-01-01T23:59:59+01:00',
  ],
];

/** Periods in days. */
const DAYS: Case[] = [
  [
    '7 days non-franc: notified Fri 27 Mar, 7th day Fri 3 Apr',
    'OQTF-ASSIGNE-OU-DETENU',
    { notifiedAt: '2026-03-27T10:15:00+01:00', mode: 'hand' },
    '2026-04-03T23:59:59+02:00',
  ],
  [
    '7 days ending on a Saturday: not extended',
    'OQTF-ASSIGNE-OU-DETENU',
    { notifiedAt: '2026-03-28T10:00:00+01:00' },
    '2026-04-04T23:59:59+02:00',
  ],
  [
    '7 days ending on a Sunday: not extended',
    'OQTF-ASSIGNE-OU-DETENU',
    { notifiedAt: '2026-03-29T10:00:00+02:00' },
    '2026-04-05T23:59:59+02:00',
  ],
  [
    'Dublin 7 days ending on 14 July: not extended',
    'DUBLIN-TRANSFERT',
    { notifiedAt: '2026-07-07T16:00:00+02:00' },
    '2026-07-14T23:59:59+02:00',
  ],
  [
    'end of departure period, assigned: 7 days',
    'FIN-DDV-ASSIGNE-DETENU',
    { notifiedAt: '2026-05-06T09:00:00+02:00' },
    '2026-05-13T23:59:59+02:00',
  ],
  [
    'visa RAPO 30 days ending on a Sunday: conservative reading keeps it',
    'VISA-RAPO',
    { notifiedAt: '2026-03-06' },
    '2026-04-05T23:59:59+02:00',
  ],
  [
    'placement en rétention: 4 days, notification day counted',
    'RETENTION-PLACEMENT',
    { notifiedAt: '2026-09-01T18:00:00+02:00' },
    '2026-09-04T23:59:59+02:00',
  ],
  ['CNDA legal aid: 15 days', 'CNDA-AIDE-JURIDICTIONNELLE', { notifiedAt: '2026-04-30' }, '2026-05-15T23:59:59+02:00'],
  [
    'former regime (decision before 15/07/2024): 30 franc days, Sat and Sun skipped',
    'OQTF-ANCIEN-REGIME',
    { notifiedAt: '2024-07-03T10:00:00+02:00', decisionDate: '2024-07-01' },
    '2024-08-05T23:59:59+02:00',
  ],
];

/** Periods in hours: minute to minute, never franc, never extended. */
const HOURS: Case[] = [
  [
    '48 h across a weekend: Fri 16:30 to Sun 16:30',
    'OQTF-RETENTION',
    { notifiedAt: '2026-11-13T16:30:00+01:00', mode: 'hand' },
    '2026-11-15T16:30:00+01:00',
  ],
  [
    '48 h across the spring DST change: 48 real hours, 11:00 summer time',
    'OQTF-RETENTION',
    { notifiedAt: '2026-03-28T10:00:00+01:00' },
    '2026-03-30T11:00:00+02:00',
  ],
  [
    '48 h across the autumn DST change: 48 real hours, 09:00 winter time',
    'OQTF-RETENTION',
    { notifiedAt: '2026-10-24T10:00:00+02:00' },
    '2026-10-26T09:00:00+01:00',
  ],
  [
    '48 h ending on Christmas: not extended',
    'OQTF-RETENTION',
    { notifiedAt: '2026-12-23T18:45:00+01:00' },
    '2026-12-25T18:45:00+01:00',
  ],
  [
    '48 h with no recorded time: from 00:00 the next day',
    'OQTF-RETENTION',
    { notifiedAt: '2026-06-10' },
    '2026-06-13T00:00:00+02:00',
  ],
  [
    '48 h in Guyane time',
    'OQTF-RETENTION',
    { notifiedAt: '2026-05-20T14:00:00-03:00', zone: 'America/Cayenne' },
    '2026-05-22T14:00:00-03:00',
  ],
  [
    '48 h given in UTC: shown in Paris time',
    'OQTF-RETENTION',
    { notifiedAt: '2026-07-01T08:00:00Z' },
    '2026-07-03T10:00:00+02:00',
  ],
  [
    'local time without offset is read in the zone',
    'OQTF-RETENTION',
    { notifiedAt: '2026-07-01T10:00' },
    '2026-07-03T10:00:00+02:00',
  ],
  [
    'Dublin transfer in rétention: 48 h over 8 May',
    'DUBLIN-TRANSFERT-RETENTION',
    { notifiedAt: '2026-05-07T23:30:00+02:00' },
    '2026-05-09T23:30:00+02:00',
  ],
  [
    'IRTF extension in rétention: 48 h',
    'IRTF-PROLONGATION-RETENTION',
    { notifiedAt: '2026-02-27T15:05:00+01:00' },
    '2026-03-01T15:05:00+01:00',
  ],
];

/** How the notification fixes the start (ceseda.md §4). */
const MODES: Case[] = [
  [
    'registered letter not collected: first presentation starts the period',
    'OQTF-ORDINAIRE',
    { mode: 'lrar-unclaimed', firstPresentationAt: '2026-03-02', notifiedAt: '2026-03-19' },
    '2026-04-03T23:59:59+02:00',
  ],
  [
    'registered letter not collected, only the presentation date given',
    'OQTF-ORDINAIRE',
    { mode: 'lrar-unclaimed', notifiedAt: '2026-03-02' },
    '2026-04-03T23:59:59+02:00',
  ],
  [
    'registered letter collected: the withdrawal starts the period',
    'OQTF-ORDINAIRE',
    { mode: 'lrar-collected', notifiedAt: '2026-03-10', firstPresentationAt: '2026-03-02' },
    '2026-04-13T23:59:59+02:00',
  ],
  [
    'registered letter delivered',
    'TITRE-REFUS-SANS-OQTF',
    { mode: 'lrar-delivered', notifiedAt: '2026-05-06' },
    '2026-07-07T23:59:59+02:00',
  ],
  [
    'electronic: first consultation, end over Easter',
    'CNDA-RECOURS',
    { mode: 'electronic', madeAvailableAt: '2026-03-02T09:00:00+01:00', notifiedAt: '2026-03-05T20:10:00+01:00' },
    '2026-04-07T23:59:59+02:00',
  ],
  [
    'electronic never consulted: deemed 15 days after availability',
    'CNDA-RECOURS',
    { mode: 'electronic', madeAvailableAt: '2026-03-02T09:00:00+01:00' },
    '2026-04-20T23:59:59+02:00',
  ],
  [
    'electronic consulted after the deemed date: the deemed date counts',
    'CNDA-RECOURS',
    { mode: 'electronic', madeAvailableAt: '2026-03-02T09:00:00+01:00', notifiedAt: '2026-03-25T10:00:00+01:00' },
    '2026-04-20T23:59:59+02:00',
  ],
];

/** Events that switch, interrupt or suspend the period. */
const EVENTS: Case[] = [
  [
    'CNDA legal aid within 15 days suspends; 24 days remain from the decision',
    'CNDA-RECOURS',
    {
      notifiedAt: '2026-03-02',
      mode: 'lrar-delivered',
      events: [
        { type: 'legal-aid-requested', at: '2026-03-10' },
        { type: 'legal-aid-decided', at: '2026-05-04' },
      ],
    },
    '2026-05-28T23:59:59+02:00',
  ],
  [
    'CNDA legal aid: resumed period ends on Whit Monday, extended to Tuesday',
    'CNDA-RECOURS',
    {
      notifiedAt: '2026-03-02',
      events: [
        { type: 'legal-aid-requested', at: '2026-03-12' },
        { type: 'legal-aid-decided', at: '2026-05-03' },
      ],
    },
    '2026-05-26T23:59:59+02:00',
  ],
  [
    'CNDA legal aid after 15 days: no suspension',
    'CNDA-RECOURS',
    {
      notifiedAt: '2026-03-02',
      events: [
        { type: 'legal-aid-requested', at: '2026-03-20' },
        { type: 'legal-aid-decided', at: '2026-05-04' },
      ],
    },
    '2026-04-03T23:59:59+02:00',
  ],
  [
    'general law: legal aid interrupts, new full period 15 days after the decision',
    'TITRE-REFUS-SANS-OQTF',
    {
      notifiedAt: '2026-03-02',
      events: [
        { type: 'legal-aid-requested', at: '2026-03-20' },
        { type: 'legal-aid-decided', at: '2026-04-15' },
      ],
    },
    '2026-07-01T23:59:59+02:00',
  ],
  [
    'general law: a later designation of the lawyer starts the new period',
    'TITRE-REFUS-SANS-OQTF',
    {
      notifiedAt: '2026-03-02',
      events: [
        { type: 'legal-aid-requested', at: '2026-03-20' },
        { type: 'legal-aid-decided', at: '2026-04-15' },
        { type: 'lawyer-designated', at: '2026-05-11' },
      ],
    },
    '2026-07-13T23:59:59+02:00',
  ],
  [
    '7-day procedure: legal aid does not interrupt',
    'OQTF-ASSIGNE-OU-DETENU',
    {
      notifiedAt: '2026-03-27T10:15:00+01:00',
      events: [
        { type: 'legal-aid-requested', at: '2026-03-30' },
        { type: 'legal-aid-decided', at: '2026-04-20' },
      ],
    },
    '2026-04-03T23:59:59+02:00',
  ],
  [
    'recours gracieux interrupts: new period from the implicit rejection (2 months of silence)',
    'TITRE-REFUS-SANS-OQTF',
    { notifiedAt: '2026-03-02', events: [{ type: 'administrative-appeal-filed', at: '2026-04-15' }] },
    '2026-08-17T23:59:59+02:00',
  ],
  [
    'recours gracieux expressly rejected before the implicit rejection',
    'TITRE-REFUS-SANS-OQTF',
    {
      notifiedAt: '2026-03-02',
      events: [
        { type: 'administrative-appeal-filed', at: '2026-04-15' },
        { type: 'administrative-appeal-rejected', at: '2026-05-20' },
      ],
    },
    '2026-07-21T23:59:59+02:00',
  ],
  [
    'recours gracieux does not extend an OQTF period',
    'OQTF-ORDINAIRE',
    { notifiedAt: '2026-03-02T10:00:00+01:00', events: [{ type: 'administrative-appeal-filed', at: '2026-03-10' }] },
    '2026-04-03T23:59:59+02:00',
  ],
  [
    'recours gracieux filed after the period: no effect',
    'RF-REFUS',
    { notifiedAt: '2026-03-02', events: [{ type: 'administrative-appeal-filed', at: '2026-05-06' }] },
    '2026-05-04T23:59:59+02:00',
  ],
];

describe('computeDeadline: expected instants', () => {
  const table = [...MONTHS, ...DAYS, ...HOURS, ...MODES, ...EVENTS];
  it('has at least 60 cases', () => {
    expect(table.length).toBeGreaterThanOrEqual(55);
  });
  it.each(table)('%s', (_name, ruleId, input, dueAt) => {
    expect(computeDeadline(rule(ruleId), input).dueAt).toBe(dueAt);
  });
});

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

describe('the R. 921-1 switch', () => {
  it('an assignation during the 1-month period interrupts it; 7 days run from the assignation, disputed', () => {
    const result = computeDeadline(rule('OQTF-ORDINAIRE'), {
      notifiedAt: '2026-03-02T10:15:00+01:00',
      events: [
        { type: 'assignation-notified', at: '2026-03-20T09:00:00+01:00', rule: rule('OQTF-BASCULE-ASSIGNATION') },
      ],
    });
    expect(result).toMatchObject({
      ruleId: 'OQTF-BASCULE-ASSIGNATION',
      requestedRuleId: 'OQTF-ORDINAIRE',
      dueAt: '2026-03-27T23:59:59+01:00',
      alertAt: '2026-03-27T23:59:59+01:00',
      startAt: '2026-03-20T09:00:00+01:00',
      legalRef: expect.stringContaining('R. 921-1 al. 1'),
    });
    expect(result.variants.map((v) => v.dueAt)).toEqual([
      '2026-03-27T23:59:59+01:00',
      '2026-03-28T23:59:59+01:00',
      '2026-03-30T23:59:59+02:00',
    ]);
    expect(result.trace.some((e) => e.step === 'event' && e.legalRef === 'CESEDA R. 921-1 al. 1')).toBe(true);
  });

  it('a placement en rétention switches to 48 hours from its notification', () => {
    const result = computeDeadline(rule('OQTF-ORDINAIRE'), {
      notifiedAt: '2026-03-02T10:15:00+01:00',
      events: [{ type: 'retention-notified', at: '2026-03-25T17:20:00+01:00', rule: rule('OQTF-BASCULE-RETENTION') }],
    });
    expect([result.ruleId, result.dueAt, result.variants]).toEqual([
      'OQTF-BASCULE-RETENTION',
      '2026-03-27T17:20:00+01:00',
      [],
    ]);
  });

  it('a rétention during the 7-day period switches it to 48 hours', () => {
    const result = computeDeadline(rule('OQTF-ASSIGNE-OU-DETENU'), {
      notifiedAt: '2026-03-02T10:00:00+01:00',
      events: [{ type: 'retention-notified', at: '2026-03-05T08:00:00+01:00', rule: rule('OQTF-BASCULE-RETENTION') }],
    });
    expect(result.dueAt).toBe('2026-03-07T08:00:00+01:00');
  });

  it('no switch once the period has expired', () => {
    const result = computeDeadline(rule('OQTF-ORDINAIRE'), {
      notifiedAt: '2026-03-02T10:15:00+01:00',
      events: [
        { type: 'assignation-notified', at: '2026-04-10T09:00:00+02:00', rule: rule('OQTF-BASCULE-ASSIGNATION') },
      ],
    });
    expect([result.ruleId, result.dueAt]).toEqual(['OQTF-ORDINAIRE', '2026-04-03T23:59:59+02:00']);
    expect(result.trace.find((e) => e.step === 'event')?.fr).toMatch(/après l'expiration du délai : pas de bascule/);
  });

  it('refuses a switch the rule does not provide, naming the event', () => {
    const call = () =>
      computeDeadline(rule('OQTF-RETENTION'), {
        notifiedAt: '2026-03-02T10:15:00+01:00',
        events: [
          { type: 'assignation-notified', at: '2026-03-03T09:00:00+01:00', rule: rule('OQTF-BASCULE-ASSIGNATION') },
        ],
      });
    expect(call).toThrow(DomainError);
    try {
      call();
    } catch (error) {
      expect((error as DomainError).issues[0]).toMatchObject({
        pointer: '/events/0/rule',
        code: 'deadline.switch-mismatch',
      });
    }
  });
});

describe('legal aid', () => {
  it('CNDA: a pending request leaves the period suspended and shows the unsuspended date', () => {
    const result = computeDeadline(rule('CNDA-RECOURS'), {
      notifiedAt: '2026-03-02',
      events: [{ type: 'legal-aid-requested', at: '2026-03-10' }],
    });
    expect([result.status, result.dueAt]).toEqual(['suspended', '2026-04-03T23:59:59+02:00']);
  });

  it('CNDA: the trace says how many days remained', () => {
    const result = computeDeadline(rule('CNDA-RECOURS'), {
      notifiedAt: '2026-03-02',
      events: [
        { type: 'legal-aid-requested', at: '2026-03-10' },
        { type: 'legal-aid-decided', at: '2026-05-04' },
      ],
    });
    expect(result.trace.map((e) => e.fr).join('\n')).toMatch(/restaient 24 jours/);
    expect(result.status).toBe('running');
  });

  it('OQTF ordinary procedure: interruption unconfirmed, kept as a variant; alert on the uninterrupted date', () => {
    const result = computeDeadline(rule('OQTF-ORDINAIRE'), {
      notifiedAt: '2026-03-02T10:00:00+01:00',
      events: [
        { type: 'legal-aid-requested', at: '2026-03-20' },
        { type: 'legal-aid-decided', at: '2026-04-15' },
      ],
    });
    expect(result.dueAt).toBe('2026-04-03T23:59:59+02:00');
    expect(result.alertAt).toBe('2026-04-03T23:59:59+02:00');
    expect(result.variants).toEqual([
      expect.objectContaining({ id: 'aide-juridictionnelle-interruptive', dueAt: '2026-06-01T23:59:59+02:00' }),
    ]);
  });

  it('general law: a pending request leaves the period interrupted', () => {
    const result = computeDeadline(rule('RF-REFUS'), {
      notifiedAt: '2026-03-02',
      events: [{ type: 'legal-aid-requested', at: '2026-03-20' }],
    });
    expect([result.status, result.dueAt]).toEqual(['interrupted', '2026-05-04T23:59:59+02:00']);
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
