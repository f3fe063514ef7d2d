/**
 * Events that change a running period: the R. 921-1 switch, legal aid, recours gracieux. Expected instants worked
 * out by hand (see periods.test.ts for the counting rules).
 */
import { describe, expect, it } from 'vitest';
import { DomainError } from '../errors.ts';
import { rule } from '../test-data.ts';
import { computeDeadline } from './compute.ts';
import type { DeadlineInput } from './types.ts';

type Case = [name: string, ruleId: string, input: DeadlineInput, dueAt: string];

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

describe('computeDeadline: expected instants after events', () => {
  it.each(EVENTS)('%s', (_name, ruleId, input, dueAt) => {
    expect(computeDeadline(rule(ruleId), input).dueAt).toBe(dueAt);
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
