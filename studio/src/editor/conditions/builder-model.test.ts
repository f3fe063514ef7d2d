import { describe, expect, it } from 'vitest';
import { fromLogic, type Group, incompleteRules, OPERATORS, toLogic } from './builder-model.ts';

const field = { var: 'payload.procedureType' };

describe('condition builder ⇄ json-logic', () => {
  it('knows the 15 operators', () => {
    expect(OPERATORS).toHaveLength(15);
  });

  it('writes a single line as the line alone', () => {
    const group: Group = {
      type: 'group',
      combinator: 'and',
      children: [{ type: 'rule', field: 'payload.procedureType', operator: 'equals', value: 'OQTF' }],
    };
    expect(toLogic(group)).toEqual({ '===': [field, 'OQTF'] });
  });

  // Every operator, as the builder writes it; each must read back to the same line.
  const cases: [string, unknown, unknown][] = [
    ['equals', 'OQTF', { '===': [field, 'OQTF'] }],
    ['not_equals', 'OQTF', { '!==': [field, 'OQTF'] }],
    ['contains', 'oqtf', { contains: [field, 'oqtf'] }],
    ['not_contains', 'oqtf', { not_contains: [field, 'oqtf'] }],
    ['greater_than', 3, { '>': [field, 3] }],
    ['less_than', 3, { '<': [field, 3] }],
    ['greater_or_equal', 3, { '>=': [field, 3] }],
    ['less_or_equal', 3, { '<=': [field, 3] }],
    ['in', ['OQTF', 'DUBLIN'], { in: [field, ['OQTF', 'DUBLIN']] }],
    ['not_in', ['OQTF'], { '!': { in: [field, ['OQTF']] } }],
    ['matches_regex', '^OQ', { matches_regex: [field, '^OQ'] }],
    ['is_empty', undefined, { is_empty: [field] }],
    ['is_not_empty', undefined, { is_not_empty: [field] }],
    ['exists', undefined, { exists: [field] }],
    ['not_exists', undefined, { not_exists: [field] }],
  ];
  it.each(cases)('%s round-trips', (operator, value, logic) => {
    const rule = {
      type: 'rule' as const,
      field: 'payload.procedureType',
      operator,
      ...(value !== undefined ? { value } : {}),
    };
    expect(toLogic({ type: 'group', combinator: 'and', children: [rule] })).toEqual(logic);
    expect(fromLogic(logic)).toEqual({ type: 'group', combinator: 'and', children: [rule] });
  });

  it('nests AND / OR groups', () => {
    const logic = {
      or: [
        { '===': [field, 'OQTF'] },
        { and: [{ '===': [field, 'DUBLIN'] }, { is_not_empty: [{ var: 'payload.workspaceId' }] }] },
      ],
    };
    const group = fromLogic(logic);
    expect(group?.combinator).toBe('or');
    expect(group?.children[1]).toMatchObject({ type: 'group', combinator: 'and' });
    expect(toLogic(group as Group)).toEqual(logic);
  });

  it('leaves expressions the builder cannot show to the JSON editor', () => {
    expect(fromLogic({ '==': [field, 'OQTF'] })).toBeUndefined();
    expect(fromLogic({ '===': [field, { var: 'payload.other' }] })).toBeUndefined();
    expect(fromLogic({ and: [{ '===': [field, 'OQTF'] }, { '+': [1, 2] }] })).toBeUndefined();
    expect(fromLogic('OQTF')).toBeUndefined();
  });

  it('lists lines without a field or without values', () => {
    const group: Group = {
      type: 'group',
      combinator: 'and',
      children: [
        { type: 'rule', field: '', operator: 'equals', value: '' },
        { type: 'rule', field: 'payload.x', operator: 'in', value: [] },
        { type: 'rule', field: 'payload.y', operator: 'exists' },
      ],
    };
    expect(incompleteRules(group)).toHaveLength(2);
  });
});
