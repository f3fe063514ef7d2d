/**
 * The json-logic operations an expression may use: json-logic-js's built-ins minus `method` (it calls
 * arbitrary methods on values) and `log` (it writes to the console), plus the custom operations of the
 * condition operators. The runtime registers the custom ones in a local operation table.
 */
export const BUILTIN_OPERATIONS = [
  'var',
  'missing',
  'missing_some',
  'if',
  '?:',
  '==',
  '===',
  '!=',
  '!==',
  '!',
  '!!',
  'or',
  'and',
  '>',
  '>=',
  '<',
  '<=',
  'max',
  'min',
  '+',
  '-',
  '*',
  '/',
  '%',
  'in',
  'cat',
  'substr',
  'merge',
  'map',
  'filter',
  'reduce',
  'all',
  'none',
  'some',
] as const;

export const CUSTOM_OPERATIONS = [
  'contains',
  'not_contains',
  'matches_regex',
  'is_empty',
  'is_not_empty',
  'exists',
  'not_exists',
  // Date arithmetic for computed waits and due dates: date_add(date, "-P7D") (runtime/src/core/conditions/dates.ts).
  'date_add',
] as const;

/** Operations that are never allowed, whatever the document says. */
export const FORBIDDEN_OPERATIONS = ['method', 'log'] as const;

export const ALLOWED_OPERATIONS: ReadonlySet<string> = new Set([...BUILTIN_OPERATIONS, ...CUSTOM_OPERATIONS]);

/** Operations whose later arguments are evaluated against each array item rather than the run data. */
export const SCOPED_OPERATIONS: ReadonlySet<string> = new Set(['map', 'filter', 'reduce', 'all', 'none', 'some']);

/** Bounds on one expression. */
export const LOGIC_LIMITS = {
  maxDepth: 32,
  maxNodes: 2000,
  maxRegexLength: 200,
  maxRegexInput: 10_000,
} as const;

/** Path segments that never resolve (prototype pollution guards). */
export const FORBIDDEN_PATH_SEGMENTS: ReadonlySet<string> = new Set(['__proto__', 'constructor', 'prototype']);
