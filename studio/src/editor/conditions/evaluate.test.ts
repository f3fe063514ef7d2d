import { describe, expect, it } from 'vitest';
import type { Group, Rule } from './builder-model.ts';
import { evaluateGroup, evaluateRule, lookupPath } from './evaluate.ts';

const data = {
  payload: {
    procedureType: 'OQTF',
    subject: 'Urgent : OQTF reçue hier',
    attachmentCount: 2,
    cc: [],
    tags: ['urgent', 'oqtf'],
    workspaceId: null,
  },
};
const rule = (field: string, operator: string, value?: unknown): Rule => ({ type: 'rule', field, operator, value });

describe('evaluating a condition on a sample', () => {
  // [line, expected] — one or more cases per operator.
  const table: [Rule, boolean][] = [
    [rule('payload.procedureType', 'equals', 'OQTF'), true],
    [rule('payload.procedureType', 'equals', 'oqtf'), false],
    [rule('payload.attachmentCount', 'equals', '2'), false],
    [rule('payload.procedureType', 'not_equals', 'DUBLIN'), true],
    [rule('payload.subject', 'contains', 'oqtf'), true],
    [rule('payload.tags', 'contains', 'urgent'), true],
    [rule('payload.subject', 'not_contains', 'dublin'), true],
    [rule('payload.attachmentCount', 'greater_than', 1), true],
    [rule('payload.attachmentCount', 'less_than', 2), false],
    [rule('payload.attachmentCount', 'greater_or_equal', 2), true],
    [rule('payload.attachmentCount', 'less_or_equal', 1), false],
    [rule('payload.procedureType', 'in', ['OQTF', 'DUBLIN']), true],
    [rule('payload.procedureType', 'not_in', ['OQTF']), false],
    [rule('payload.subject', 'matches_regex', '(?i)^urgent'), true],
    [rule('payload.subject', 'matches_regex', '(a+)+\\1'), false],
    [rule('payload.cc', 'is_empty'), true],
    [rule('payload.subject', 'is_not_empty'), true],
    [rule('payload.workspaceId', 'exists'), true],
    [rule('payload.workspaceId', 'is_empty'), true],
    [rule('payload.clientId', 'not_exists'), true],
    [rule('payload.constructor', 'exists'), false],
  ];
  it.each(table)('%o gives %s', (line, expected) => {
    expect(evaluateRule(line, data)).toBe(expected);
  });

  it('combines lines with « et » and « ou », and reports each line', () => {
    const yes = rule('payload.procedureType', 'equals', 'OQTF');
    const no = rule('payload.procedureType', 'equals', 'DUBLIN');
    const and: Group = { type: 'group', combinator: 'and', children: [yes, no] };
    const or: Group = { type: 'group', combinator: 'or', children: [yes, no] };
    expect(evaluateGroup(and, data).result).toBe(false);
    const evaluation = evaluateGroup(or, data);
    expect(evaluation.result).toBe(true);
    expect(evaluation.lines.get(yes)).toBe(true);
    expect(evaluation.lines.get(no)).toBe(false);
    expect(evaluateGroup({ type: 'group', combinator: 'and', children: [] }, data).result).toBe(false);
  });

  it('walks own properties only', () => {
    expect(lookupPath({ a: { b: 1 } }, 'a.b')).toEqual({ found: true, value: 1 });
    expect(lookupPath({ a: {} }, 'a.toString').found).toBe(false);
    expect(lookupPath({ a: [{ b: 2 }] }, 'a.0.b')).toEqual({ found: true, value: 2 });
  });
});
