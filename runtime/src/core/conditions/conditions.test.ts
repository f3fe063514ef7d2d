import { OPERATORS_DATA } from '@iapm/schemas';
import { describe, expect, it } from 'vitest';
import { evaluateCondition, evaluateLogic, rewritePresenceChecks } from './index.ts';
import { cesedaRunData, operatorForm } from './test-data.ts';

const data = cesedaRunData();

// [operator id, field, value, expected]: every operator in its exact operators.json form, both outcomes.
const OPERATOR_ROWS: [string, string, unknown, boolean][] = [
  ['equals', 'payload.procedureType', 'OQTF', true],
  ['equals', 'nodes.classify.output.category', 'OQTF', true],
  ['equals', 'payload.procedureType', 'DUBLIN', false],
  ['equals', 'payload.amount', '1500', false],
  ['not_equals', 'payload.procedureType', 'REFUS_TITRE', true],
  ['not_equals', 'payload.procedureType', 'OQTF', false],
  ['contains', 'payload.subject', 'oqtf', true],
  ['contains', 'payload.subject', 'M. DIALLO', true],
  ['contains', 'payload.body', 'DÉCISION PORTANT', true],
  ['contains', 'payload.body', 'decision', false],
  ['contains', 'payload.subject', 'Dublin', false],
  ['contains', 'payload.attachmentNames', 'arrete-oqtf.pdf', true],
  ['contains', 'payload.attachmentNames', 'ARRETE-OQTF.PDF', false],
  ['contains', 'payload.lawyer', 'Maître', false],
  ['not_contains', 'payload.subject', 'Dublin', true],
  ['not_contains', 'payload.attachmentNames', 'passeport.pdf', true],
  ['not_contains', 'payload.subject', 'notification', false],
  ['greater_than', 'payload.amount', 1000, true],
  ['greater_than', 'payload.amount', 1500, false],
  ['less_than', 'payload.deadlineDays', 48, true],
  ['less_than', 'payload.deadlineDays', 15, false],
  ['greater_or_equal', 'nodes.classify.output.confidence', 0.92, true],
  ['greater_or_equal', 'nodes.classify.output.confidence', 0.95, false],
  ['less_or_equal', 'payload.legalAidAmount', 0, true],
  ['less_or_equal', 'payload.amount', 1499, false],
  ['in', 'payload.procedureType', ['OQTF', 'IRTF', 'DUBLIN'], true],
  ['in', 'payload.procedureType', ['REFUS_TITRE', 'NATURALISATION'], false],
  ['in', 'payload.lawyer', ['OQTF'], false],
  ['not_in', 'payload.procedureType', ['REFUS_TITRE', 'NATURALISATION'], true],
  ['not_in', 'payload.procedureType', ['OQTF', 'IRTF'], false],
  ['matches_regex', 'payload.trackingNumber', '^[0-9][A-Z][0-9]{11}$', true],
  ['matches_regex', 'event.from', '@juradm\\.fr$', true],
  ['matches_regex', 'payload.subject', '^[0-9][A-Z][0-9]{11}$', false],
  ['matches_regex', 'payload.missing', '^$', true],
  ['is_empty', 'payload.notes', undefined, true],
  ['is_empty', 'payload.tags', undefined, true],
  ['is_empty', 'payload.metadata', undefined, true],
  ['is_empty', 'payload.lawyer', undefined, true],
  ['is_empty', 'payload.missing', undefined, true],
  ['is_empty', 'payload.subject', undefined, false],
  ['is_empty', 'payload.legalAidAmount', undefined, false],
  ['is_not_empty', 'payload.attachments', undefined, true],
  ['is_not_empty', 'payload.tags', undefined, false],
  ['exists', 'payload.lawyer', undefined, true],
  ['exists', 'payload.tags', undefined, true],
  ['exists', 'payload.attachments.1.name', undefined, true],
  ['exists', 'payload.missing', undefined, false],
  ['exists', 'nodes.review.output', undefined, false],
  ['not_exists', 'payload.missing', undefined, true],
  ['not_exists', 'payload.lawyer', undefined, false],
];

describe('condition operators (operators.json forms)', () => {
  it('covers every operator with both outcomes', () => {
    for (const { id } of OPERATORS_DATA.operators) {
      const outcomes = new Set(OPERATOR_ROWS.filter(([op]) => op === id).map(([, , , expected]) => expected));
      expect(outcomes, id).toEqual(new Set([true, false]));
    }
  });

  it.each(OPERATOR_ROWS)('%s on %s with %j → %s', (operator, field, value, expected) => {
    expect(evaluateCondition(operatorForm(operator, field, value), data)).toBe(expected);
  });
});

describe('custom operations', () => {
  it.each([
    ['decomposed accent vs composed, other case', 'de\u0301cision', 'DÉCISION', true],
    ['composed accent vs decomposed', 'Décision', 'de\u0301cision', true],
    ['number needle in a string', 'Dossier 2025-0042', 2025, true],
    ['object needle', 'Dossier', { a: 1, b: 2 }, false],
    ['array item is compared with ===', [1500, 30], 1500, true],
    ['array item of another type', [1500, 30], '1500', false],
    ['number haystack', 1500, '15', false],
  ])('contains: %s', (_label, haystack, needle, expected) => {
    expect(evaluateLogic({ contains: [haystack, needle] }, {})).toBe(expected);
    expect(evaluateLogic({ not_contains: [haystack, needle] }, {})).toBe(!expected);
  });

  it.each([
    [{ matches_regex: [{ var: 'payload.subject' }, { var: 'pattern' }] }, { pattern: '(?i)^notification oqtf' }, true],
    [{ matches_regex: [{ var: 'payload.subject' }, { var: 'pattern' }] }, { pattern: '^notification oqtf' }, false],
    [{ matches_regex: [{ var: 'payload.amount' }, '^1500$'] }, {}, true],
  ])('matches_regex %j with flags/coercion', (expression, extra, expected) => {
    expect(evaluateCondition(expression, { ...data, ...extra })).toBe(expected);
  });

  it.each([
    [{ var: '' }, data],
    [{ var: 'payload.attachments.1.name' }, 'accuse-reception.pdf'],
    [{ var: 'payload.attachments.length' }, 2],
    [{ var: ['payload.missing', 'défaut'] }, 'défaut'],
    [{ var: 'payload.lawyer.name' }, null],
    [{ var: 'payload.toString' }, null],
    [{ missing: ['payload.lawyer', 'payload.subject', 'payload.court'] }, ['payload.lawyer']],
  ])('var and missing: %j', (expression, expected) => {
    expect(evaluateLogic(expression, data)).toEqual(expected);
  });

  it.each([
    [{ exists: { var: 'payload.lawyer' } }, true],
    [{ exists: [{ var: ['payload.missing', 'fallback'] }] }, false],
    [{ not_exists: [{ var: 'payload.attachments.5' }] }, true],
    [{ some: [{ var: 'payload.attachments' }, { exists: [{ var: 'size' }] }] }, true],
    [{ all: [{ var: 'payload.attachments' }, { exists: [{ var: 'pages' }] }] }, false],
    [{ and: [{ exists: [{ var: 'run.id' }] }, { not_exists: [{ var: 'run.finishedAt' }] }] }, true],
    [{ exists: [null] }, false],
    [{ exists: ['literal'] }, true],
  ])('presence: %j → %s', (expression, expected) => {
    expect(evaluateCondition(expression, data)).toBe(expected);
  });

  it('rewrites presence checks purely, with a cache', () => {
    const expression = { and: [{ exists: [{ var: 'a.b' }] }, { '===': [{ var: 'c' }, 1] }] };
    const snapshot = structuredClone(expression);
    const rewritten = rewritePresenceChecks(expression);
    expect(expression).toEqual(snapshot);
    expect(rewritten).not.toBe(expression);
    expect(rewritePresenceChecks(expression)).toBe(rewritten);
    expect((rewritten as { and: unknown[] }).and[1]).toBe(expression.and[1]);
    expect(rewritePresenceChecks({ '===': [1, 1] })).toEqual({ '===': [1, 1] });
  });
});
