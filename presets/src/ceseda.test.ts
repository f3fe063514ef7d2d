import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import {
  CESEDA_DIR,
  CesedaDataError,
  getRule,
  listRules,
  loadChecklists,
  loadRuleSet,
  parseChecklists,
  parseRuleSet,
} from './ceseda.ts';

const rulesJson = () => JSON.parse(readFileSync(join(CESEDA_DIR, 'rules.json'), 'utf8'));
const checklistsJson = () => JSON.parse(readFileSync(join(CESEDA_DIR, 'checklists.json'), 'utf8'));

function issuesOf(call: () => unknown) {
  try {
    call();
  } catch (error) {
    expect(error).toBeInstanceOf(CesedaDataError);
    return (error as CesedaDataError).issues.map((issue) => [issue.pointer, issue.code]);
  }
  throw new Error('expected a CesedaDataError');
}

describe('the shipped CESEDA data', () => {
  it('validates against its schemas', () => {
    expect(loadRuleSet().rules).toHaveLength(35);
    expect(Object.keys(loadChecklists().procedures).sort()).toEqual([
      'ASILE',
      'DUBLIN',
      'EXPULSION',
      'NATURALISATION',
      'OQTF',
      'REFUS_TITRE',
      'REGROUPEMENT_FAMILIAL',
      'RETRAIT_TITRE',
      'VISA',
    ]);
  });

  it('keeps the fields of the sourced table for every rule', () => {
    for (const rule of listRules()) {
      expect(rule.sourceUrl, rule.id).toMatch(/^https?:\/\//);
      expect(['high', 'medium', 'low']).toContain(rule.confidence);
      expect(rule.computation.text.length + rule.computation.primary.grounds.length, rule.id).toBeGreaterThan(0);
    }
    expect(getRule('OQTF-ORDINAIRE')).toMatchObject({
      amount: 1,
      unit: 'months',
      validFrom: '2024-07-15',
      validTo: null,
    });
    expect(getRule('OQTF-ANCIEN-REGIME')).toMatchObject({ validTo: '2024-07-14' });
    expect(getRule('CNDA-RECOURS').judgeDeadline).toMatchObject({ accelerated: { amount: 5, unit: 'weeks' } });
  });

  it('getRule refuses an unknown id', () => {
    expect(issuesOf(() => getRule('NOPE'))).toEqual([['/ruleId', 'rules.unknown-rule']]);
  });
});

describe('bad rule data is refused whole, with pointers', () => {
  it('a schema violation', () => {
    const data = rulesJson();
    data.rules[0].unit = 'weeks';
    delete data.rules[2].legalRef;
    expect(issuesOf(() => parseRuleSet(data))).toEqual([
      ['/rules/0/unit', 'schema.enum'],
      ['/rules/2/legalRef', 'schema.required'],
    ]);
  });

  it('a fixed computation with variants, a disputed one without', () => {
    const data = rulesJson();
    data.rules[0].computation.variants = [data.rules[1].computation.variants[0]];
    data.rules[1].computation.variants = [];
    const issues = issuesOf(() => parseRuleSet(data)).map(([pointer]) => pointer);
    expect(issues).toEqual(expect.arrayContaining(['/rules/0/computation/variants', '/rules/1/computation/variants']));
  });

  it('duplicate ids, unknown references, validity out of order', () => {
    const data = rulesJson();
    const unreferenced = data.rules.findIndex((rule: { id: string }) => rule.id === 'CMA-OFII');
    data.rules[unreferenced].id = data.rules[0].id;
    data.rules[0].previousRegime = ['OQTF-INCONNUE'];
    data.rules[0].switches.retention = 'OQTF-AUTRE';
    data.rules[0].validTo = '2020-01-01';
    expect(issuesOf(() => parseRuleSet(data))).toEqual([
      [`/rules/${unreferenced}/id`, 'rules.duplicate-id'],
      ['/rules/0/previousRegime/0', 'rules.unknown-reference'],
      ['/rules/0/switches/retention', 'rules.unknown-reference'],
      ['/rules/0/validTo', 'rules.validity-order'],
    ]);
  });

  it('unreadable JSON in a file', () => {
    const dir = mkdtempSync(join(tmpdir(), 'iapm-ceseda-'));
    afterAll(() => rmSync(dir, { recursive: true, force: true }));
    const file = join(dir, 'rules.json');
    writeFileSync(file, '{ "schemaVersion": 1,');
    expect(issuesOf(() => loadRuleSet(file))).toEqual([['', 'json.parse']]);
  });
});

describe('bad checklist data', () => {
  it('an unknown procedure type and a duplicate key', () => {
    const data = checklistsJson();
    data.procedures.CARTE_VITALE = data.procedures.VISA;
    expect(issuesOf(() => parseChecklists(data))[0]).toEqual(['/procedures', 'schema.enum']);
    const again = checklistsJson();
    again.procedures.VISA.items.push({ ...again.common[0] });
    expect(issuesOf(() => parseChecklists(again))).toEqual([
      [`/procedures/VISA/items/${again.procedures.VISA.items.length - 1}/key`, 'checklist.duplicate-key'],
    ]);
  });
});
