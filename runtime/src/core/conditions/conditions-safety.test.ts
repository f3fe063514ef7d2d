import jsonLogic from 'json-logic-js';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { ConditionError, evaluateCondition, evaluateLogic, resolveValue } from './index.ts';
import { cesedaRunData } from './test-data.ts';

const data = cesedaRunData();

/** The ConditionError thrown by `run`, failing the test when nothing is thrown. */
function conditionError(run: () => unknown): ConditionError {
  try {
    run();
  } catch (error) {
    if (error instanceof ConditionError) return error;
    throw error;
  }
  throw new Error('expected a ConditionError');
}

describe('prototype paths', () => {
  afterEach(() => {
    delete (Object.prototype as Record<string, unknown>).polluted;
  });

  it.each([
    '__proto__',
    'constructor',
    'prototype',
    'payload.__proto__',
    'payload.constructor.name',
    '__proto__.polluted',
  ])('var %s is refused before evaluation and resolves to null in the operation itself', (path) => {
    expect(conditionError(() => evaluateLogic({ var: path }, data)).issues[0]?.code).toBe('var.forbidden-segment');
    // Defence in depth: the replaced `var` itself, reached without the static check.
    expect(jsonLogic.apply({ var: path }, data)).toBeNull();
    expect(jsonLogic.apply({ var: [path, 'fallback'] }, data)).toBe('fallback');
  });

  it.each(['{{__proto__}}', '{{constructor}}', '{{payload.constructor}}', '{{ payload.__proto__.polluted }}'])(
    'template %s resolves to nothing',
    (template) => {
      expect(resolveValue(template, data)).toBeUndefined();
      expect(resolveValue(`[${template}]`, data)).toBe('[]');
    },
  );

  it('cannot read or write Object.prototype', () => {
    (Object.prototype as Record<string, unknown>).polluted = 'inherited';
    expect(jsonLogic.apply({ var: '__proto__.polluted' }, data)).toBeNull();
    expect(jsonLogic.apply({ var: 'payload.polluted' }, data)).toBeNull();
    expect(resolveValue('{{payload.polluted}}', data)).toBeUndefined();
    delete (Object.prototype as Record<string, unknown>).polluted;

    const param = JSON.parse('{"__proto__": {"polluted": "yes"}, "to": "{{event.from}}"}');
    const resolved = resolveValue(param, data) as Record<string, unknown>;
    expect(resolved).toEqual({ to: 'greffe.ta-montreuil@juradm.fr' });
    expect(Object.getPrototypeOf(resolved)).toBe(Object.prototype);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });
});

describe('refused expressions never run', () => {
  it('method is refused', () => {
    const error = conditionError(() => evaluateLogic({ method: [{ var: 'payload.subject' }, 'toUpperCase'] }, data));
    expect(error.code).toBe('condition.invalid');
    expect(error.issues[0]?.code).toBe('logic.forbidden-operation');
  });

  it('log is refused without writing anything', () => {
    const spy = vi.spyOn(console, 'log').mockImplementation(() => {});
    const error = conditionError(() => evaluateCondition({ log: { var: 'payload.subject' } }, data));
    expect(error.issues[0]?.code).toBe('logic.forbidden-operation');
    expect(spy).not.toHaveBeenCalled();
    spy.mockRestore();
    // Removed from json-logic-js too.
    expect(() => jsonLogic.apply({ log: 'x' } as never, {})).toThrow(/Unrecognized operation/);
  });

  it('unknown operations and internal operation names are refused', () => {
    expect(conditionError(() => evaluateLogic({ eval: ['1'] }, data)).issues[0]?.code).toBe('logic.unknown-operation');
    const internal = { 'iapm:exists_path': ['payload'] };
    expect(conditionError(() => evaluateLogic(internal, data)).issues[0]?.code).toBe('logic.unknown-operation');
  });

  it('a 200-level nested expression is refused', () => {
    let expression: unknown = { var: 'payload.amount' };
    for (let i = 0; i < 200; i++) expression = { '!': [expression] };
    const error = conditionError(() => evaluateCondition(expression, data));
    expect(error.code).toBe('condition.invalid');
    expect(error.issues.map((issue) => issue.code)).toContain('logic.too-deep');
  });

  it('an expression with too many nodes is refused', () => {
    const expression = { or: Array.from({ length: 1200 }, (_, i) => ({ '===': [{ var: 'payload.amount' }, i] })) };
    expect(conditionError(() => evaluateCondition(expression, data)).issues[0]?.code).toBe('logic.too-large');
  });

  it('keeps refusing the same object (cached verdict)', () => {
    const expression = { log: 'x' };
    expect(() => evaluateLogic(expression, data)).toThrow(ConditionError);
    expect(() => evaluateLogic(expression, data)).toThrow(ConditionError);
  });
});

describe('matches_regex stays linear and bounded', () => {
  const run = (value: string, pattern: string) =>
    evaluateCondition({ matches_regex: [{ var: 'value' }, { var: 'pattern' }] }, { value, pattern });

  it('catastrophic patterns finish fast', () => {
    const started = performance.now();
    // The input is cut to 10,000 characters, so the final '!' is dropped and `(a+)+$` matches.
    expect(run(`${'a'.repeat(50_000)}!`, '(a+)+$')).toBe(true);
    expect(run(`${'a'.repeat(9_000)}!`, '(a+)+$')).toBe(false);
    expect(run(`${'a'.repeat(9_000)}!`, '^(a|aa)*$')).toBe(false);
    expect(performance.now() - started).toBeLessThan(200);
  });

  it.each([
    ['too long', 'a'.repeat(201)],
    ['invalid', '(OQTF'],
    ['back-reference (not RE2)', '(O)\\1'],
    ['look-ahead (not RE2)', 'OQTF(?=.)'],
  ])('a %s pattern gives false', (_label, pattern) => {
    expect(run('OQTF OQTF aaaa', pattern)).toBe(false);
  });

  it('a refused static pattern is reported before evaluation', () => {
    const error = conditionError(() => evaluateLogic({ matches_regex: [{ var: 'payload.subject' }, '(a)\\1'] }, data));
    expect(error.issues[0]?.code).toBe('logic.invalid-regex');
  });

  it('many distinct patterns keep working (bounded cache)', () => {
    for (let i = 0; i < 700; i++) expect(run(`dossier-${i}`, `^dossier-${i}$`)).toBe(true);
    expect(run('1A23456789012', '^[0-9][A-Z][0-9]{11}$')).toBe(true);
  });
});
