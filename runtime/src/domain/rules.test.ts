import { describe, expect, it } from 'vitest';
import { DomainError } from './errors.ts';
import { lowerConfidence, ruleInForce, selectRule } from './rules.ts';
import { RULES, rule } from './test-data.ts';

describe('the rule data', () => {
  it('holds the 34 sourced rules plus the former 48-hour regime', () => {
    expect(RULES).toHaveLength(35);
    expect(new Set(RULES.map((r) => r.id)).size).toBe(35);
    for (const id of [
      'OQTF-ORDINAIRE',
      'OQTF-ASSIGNE-OU-DETENU',
      'OQTF-RETENTION',
      'CNDA-RECOURS',
      'VISA-TA-NANTES',
      'CMA-OFII',
      'OQTF-ANCIEN-REGIME',
    ]) {
      expect(rule(id).legalRef.length).toBeGreaterThan(3);
    }
  });

  it('marks the 7-day L. 921-1 rules as disputed with the CAA Lyon reading retained', () => {
    for (const id of [
      'OQTF-ASSIGNE-OU-DETENU',
      'OQTF-BASCULE-ASSIGNATION',
      'DUBLIN-TRANSFERT',
      'FIN-DDV-ASSIGNE-DETENU',
    ]) {
      const { computation } = rule(id);
      expect([computation.kind, computation.primary.franc, computation.primary.extendNonWorking]).toEqual([
        'disputed',
        false,
        false,
      ]);
      expect(computation.variants.some((v) => v.franc)).toBe(true);
    }
  });

  it('never extends an hour-based rule and gives every hour rule the minute-to-minute reading', () => {
    for (const r of RULES.filter((x) => x.unit === 'hours')) {
      expect([r.computation.primary.franc, r.computation.primary.extendNonWorking], r.id).toEqual([false, false]);
    }
  });
});

describe('ruleInForce and selectRule', () => {
  it('uses the decision date, bounds included', () => {
    expect(ruleInForce(rule('OQTF-ORDINAIRE'), '2024-07-15')).toBe(true);
    expect(ruleInForce(rule('OQTF-ORDINAIRE'), '2024-07-14')).toBe(false);
    expect(ruleInForce(rule('OQTF-ANCIEN-REGIME'), '2024-07-14')).toBe(true);
    expect(ruleInForce(rule('OQTF-ANCIEN-REGIME'), '2024-07-15')).toBe(false);
  });

  it.each<[string, Parameters<typeof selectRule>[1], string]>([
    ['OQTF, free person, today', { procedureType: 'OQTF', situation: 'libre' }, 'OQTF-ORDINAIRE'],
    ['OQTF, assigned', { procedureType: 'OQTF', situation: 'assigne' }, 'OQTF-ASSIGNE-OU-DETENU'],
    ['OQTF, detained', { procedureType: 'OQTF', situation: 'detenu' }, 'OQTF-ASSIGNE-OU-DETENU'],
    ['OQTF, rétention', { procedureType: 'OQTF', situation: 'retention' }, 'OQTF-RETENTION'],
    [
      'OQTF decided on 15 July 2024',
      { procedureType: 'OQTF', situation: 'libre', decisionDate: '2024-07-15' },
      'OQTF-ORDINAIRE',
    ],
    [
      'OQTF decided on 14 July 2024',
      { procedureType: 'OQTF', situation: 'libre', decisionDate: '2024-07-14' },
      'OQTF-ANCIEN-REGIME',
    ],
    [
      'OQTF in rétention decided on 14 July 2024',
      { procedureType: 'OQTF', situation: 'retention', decisionDate: '2024-07-14' },
      'OQTF-ANCIEN-REGIME-48H',
    ],
    ['by id, decision of 14 July 2024', { ruleId: 'OQTF-ORDINAIRE', decisionDate: '2024-07-14' }, 'OQTF-ANCIEN-REGIME'],
    [
      'by id in rétention, decision of 1 July 2024',
      { ruleId: 'OQTF-RETENTION', situation: 'retention', decisionDate: '2024-07-01' },
      'OQTF-ANCIEN-REGIME-48H',
    ],
    ['Dublin in rétention', { procedureType: 'DUBLIN', situation: 'retention' }, 'DUBLIN-TRANSFERT-RETENTION'],
    ['asylum', { procedureType: 'ASILE' }, 'CNDA-RECOURS'],
    ['permit withdrawal', { procedureType: 'RETRAIT_TITRE' }, 'TITRE-REFUS-SANS-OQTF'],
    ['naturalisation', { procedureType: 'NATURALISATION' }, 'NATURALISATION-RAPO'],
    ['visa', { procedureType: 'VISA' }, 'VISA-RAPO'],
    ['family reunification', { procedureType: 'REGROUPEMENT_FAMILIAL' }, 'RF-REFUS'],
  ])('%s → %s', (_name, query, expected) => {
    expect(selectRule(RULES, query).rule.id).toBe(expected);
  });

  it('assumes a free person when the situation is missing, and says so', () => {
    const choice = selectRule(RULES, { procedureType: 'OQTF' });
    expect([choice.rule.id, choice.assumedSituation]).toEqual(['OQTF-ORDINAIRE', true]);
    expect(choice.reasons[0]?.fr).toMatch(/personne libre supposée/);
  });

  it('refuses an unknown id or a procedure without a rule', () => {
    expect(() => selectRule(RULES, { ruleId: 'OQTF-XYZ' })).toThrow(DomainError);
    expect(() => selectRule(RULES, { procedureType: 'AUTRE' })).toThrow(/Aucune règle/);
    expect(() => selectRule(RULES, { ruleId: 'DUBLIN-TRANSFERT', decisionDate: '2024-01-10' })).toThrow(
      /DUBLIN-TRANSFERT/,
    );
  });

  it('lowerConfidence keeps the weaker level', () => {
    expect([
      lowerConfidence('high', 'medium'),
      lowerConfidence('low', 'medium'),
      lowerConfidence('high', 'high'),
    ]).toEqual(['medium', 'low', 'high']);
  });
});
