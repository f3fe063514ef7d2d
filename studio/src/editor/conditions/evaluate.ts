import { FORBIDDEN_PATH_SEGMENTS, LOGIC_LIMITS } from '@iapm/schemas';
import { RE2JS } from 're2js';
import type { Group, Rule } from './builder-model.ts';

/**
 * Evaluates a condition of the builder on sample data, the way the runtime does (runtime/src/core/
 * conditions): `var` walks own properties only; `===`/`!==` are strict; comparisons follow JavaScript;
 * `contains` ignores case for text and tests membership for lists; `matches_regex` uses RE2 on the first
 * 10,000 characters; `is_empty` is true for null, blank text, [] and {}; `exists` checks that the path is
 * present (null counts as present). The result says which lines were true, to explain the outcome.
 */

interface Lookup {
  found: boolean;
  value: unknown;
}

/** The value at a dotted path, own properties only (the runtime's `lookupPath`). Pure. */
export function lookupPath(data: unknown, path: string): Lookup {
  if (path === '') return data === undefined ? { found: false, value: undefined } : { found: true, value: data };
  let current: unknown = data;
  for (const segment of path.split('.')) {
    if (current === null || current === undefined || typeof current !== 'object')
      return { found: false, value: undefined };
    if (FORBIDDEN_PATH_SEGMENTS.has(segment) || !Object.hasOwn(current, segment))
      return { found: false, value: undefined };
    current = (current as Record<string, unknown>)[segment];
    if (current === undefined || typeof current === 'function') return { found: false, value: undefined };
  }
  return { found: true, value: current };
}

const fold = (text: string) => text.normalize('NFC').toLowerCase();

function contains(haystack: unknown, needle: unknown): boolean {
  if (typeof haystack === 'string') {
    if (!['string', 'number', 'boolean'].includes(typeof needle)) return false;
    return fold(haystack).includes(fold(String(needle)));
  }
  return Array.isArray(haystack) ? haystack.indexOf(needle) !== -1 : false;
}

function isEmpty(value: unknown): boolean {
  if (value === null || value === undefined) return true;
  if (typeof value === 'string') return value.trim() === '';
  if (Array.isArray(value)) return value.length === 0;
  if (typeof value === 'object') {
    const proto = Object.getPrototypeOf(value);
    return (proto === Object.prototype || proto === null) && Object.keys(value).length === 0;
  }
  return false;
}

function toText(value: unknown): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'string') return value;
  if (typeof value === 'object') {
    try {
      return JSON.stringify(value) ?? '';
    } catch {
      return '';
    }
  }
  return String(value);
}

function matchesRegex(value: unknown, pattern: unknown): boolean {
  if (typeof pattern !== 'string' || pattern.length > LOGIC_LIMITS.maxRegexLength) return false;
  try {
    const regex = pattern.startsWith('(?i)')
      ? RE2JS.compile(pattern.slice(4), RE2JS.CASE_INSENSITIVE)
      : RE2JS.compile(pattern);
    return regex.test(toText(value).slice(0, LOGIC_LIMITS.maxRegexInput));
  } catch {
    return false;
  }
}

// json-logic's comparisons are JavaScript's, with its coercions.
const compare = (a: unknown, b: unknown, op: string): boolean => {
  const x = a as number;
  const y = b as number;
  return op === '>' ? x > y : op === '<' ? x < y : op === '>=' ? x >= y : x <= y;
};

/** True when one line holds for the data. Pure. */
export function evaluateRule(rule: Rule, data: unknown): boolean {
  const lookup = lookupPath(data, rule.field);
  // The runtime's `var` gives null for an absent path.
  const value = lookup.found ? lookup.value : null;
  const list = Array.isArray(rule.value) ? rule.value : [];
  switch (rule.operator) {
    case 'equals':
      return value === rule.value;
    case 'not_equals':
      return value !== rule.value;
    case 'contains':
      return contains(value, rule.value);
    case 'not_contains':
      return !contains(value, rule.value);
    case 'greater_than':
      return compare(value, rule.value, '>');
    case 'less_than':
      return compare(value, rule.value, '<');
    case 'greater_or_equal':
      return compare(value, rule.value, '>=');
    case 'less_or_equal':
      return compare(value, rule.value, '<=');
    case 'in':
      return list.indexOf(value) !== -1;
    case 'not_in':
      return list.indexOf(value) === -1;
    case 'matches_regex':
      return matchesRegex(value, rule.value);
    case 'is_empty':
      return isEmpty(value);
    case 'is_not_empty':
      return !isEmpty(value);
    case 'exists':
      return lookup.found;
    case 'not_exists':
      return !lookup.found;
    default:
      return false;
  }
}

/** The outcome of a condition and of each of its lines (by identity). */
export interface Evaluation {
  result: boolean;
  lines: Map<Rule, boolean>;
}

/**
 * Evaluates a builder tree: « et » needs every line, « ou » one of them; an empty « et » group is false,
 * as json-logic's `and` of nothing. Every line is evaluated (to show each outcome). Pure.
 */
export function evaluateGroup(group: Group, data: unknown): Evaluation {
  const lines = new Map<Rule, boolean>();
  const walk = (g: Group): boolean => {
    const results = g.children.map((c) => {
      if (c.type === 'group') return walk(c);
      const ok = evaluateRule(c, data);
      lines.set(c, ok);
      return ok;
    });
    if (results.length === 0) return false;
    return g.combinator === 'and' ? results.every(Boolean) : results.some(Boolean);
  };
  return { result: walk(group), lines };
}
