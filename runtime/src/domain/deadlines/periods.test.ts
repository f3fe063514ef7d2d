/**
 * Table-driven deadline tests. Every expected instant was worked out by hand from ceseda.md §2 (franc periods:
 * notification + period + 1 day; months from date to same date, clamped; extension over Saturdays, Sundays and
 * public holidays; hours from minute to minute) and the 2024–2028 calendars.
 */
import { describe, expect, it } from 'vitest';
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

describe('computeDeadline: expected instants of periods and notification modes', () => {
  const table = [...MONTHS, ...DAYS, ...HOURS, ...MODES];
  it.each(table)('%s', (_name, ruleId, input, dueAt) => {
    expect(computeDeadline(rule(ruleId), input).dueAt).toBe(dueAt);
  });
});
