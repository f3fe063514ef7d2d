import { LOGIC_LIMITS } from '@iapm/schemas';
import jsonLogic from 'json-logic-js';
import { RE2JS } from 're2js';
import { dateAdd } from './dates.ts';
import { lookupPath, readPath } from './path.ts';
import { toText, truncate } from './text.ts';

/**
 * Operations the evaluator substitutes for `exists` / `not_exists` applied to a `var` (see rewrite.ts):
 * they receive the path instead of the value. Their names are not in ALLOWED_OPERATIONS, so a document
 * can never use them directly (analyzeLogic rejects unknown operations before any evaluation).
 */
export const PATH_OPERATIONS = { exists: 'iapm:exists_path', notExists: 'iapm:not_exists_path' } as const;

/** Bound of the compiled-pattern cache of `matches_regex`. */
export const REGEX_CACHE_SIZE = 500;

const regexCache = new Map<string, RE2JS | null>();
const CASE_INSENSITIVE_PREFIX = '(?i)';

/** Compiles with re2js (linear time), through a bounded LRU cache. Null when the pattern is refused. */
function compile(pattern: string): RE2JS | null {
  const cached = regexCache.get(pattern);
  if (cached !== undefined) {
    regexCache.delete(pattern);
    regexCache.set(pattern, cached);
    return cached;
  }
  let compiled: RE2JS | null = null;
  try {
    compiled = pattern.startsWith(CASE_INSENSITIVE_PREFIX)
      ? RE2JS.compile(pattern.slice(CASE_INSENSITIVE_PREFIX.length), RE2JS.CASE_INSENSITIVE)
      : RE2JS.compile(pattern);
  } catch {
    compiled = null;
  }
  regexCache.set(pattern, compiled);
  if (regexCache.size > REGEX_CACHE_SIZE) {
    const oldest = regexCache.keys().next().value;
    if (oldest !== undefined) regexCache.delete(oldest);
  }
  return compiled;
}

/**
 * `matches_regex(value, pattern)`: true when the re2js-compiled `pattern` matches somewhere in `value`.
 * The value is turned into text (`toText`) and cut to LOGIC_LIMITS.maxRegexInput characters. A pattern
 * that is not a string, longer than LOGIC_LIMITS.maxRegexLength or invalid for RE2 gives false. No flags
 * argument; a leading `(?i)` makes the match case-insensitive. Never throws; runs in linear time.
 */
export function matchesRegex(value: unknown, pattern: unknown): boolean {
  if (typeof pattern !== 'string' || pattern.length > LOGIC_LIMITS.maxRegexLength) return false;
  const regex = compile(pattern);
  if (!regex) return false;
  try {
    return regex.test(truncate(toText(value), LOGIC_LIMITS.maxRegexInput));
  } catch {
    return false;
  }
}

const fold = (text: string): string => text.normalize('NFC').toLowerCase();

/**
 * `contains(haystack, needle)`: for a string haystack, case-insensitive substring test after NFC
 * normalisation (accents still count: "décision" does not contain "decision"); the needle may be a
 * string, number or boolean, anything else gives false. For an array haystack, true when one item is
 * `=== needle`. Any other haystack gives false.
 */
export function contains(haystack: unknown, needle: unknown): boolean {
  if (typeof haystack === 'string') {
    if (typeof needle !== 'string' && typeof needle !== 'number' && typeof needle !== 'boolean') return false;
    return fold(haystack).includes(fold(String(needle)));
  }
  if (Array.isArray(haystack)) return haystack.indexOf(needle) !== -1;
  return false;
}

/**
 * `is_empty(value)`: true for null/undefined, a string that is empty or only whitespace, an empty array
 * and a plain object without own keys. False for everything else (0, false, dates, non-empty values).
 */
export function isEmpty(value: unknown): boolean {
  if (value === null || value === undefined) return true;
  if (typeof value === 'string') return value.trim() === '';
  if (Array.isArray(value)) return value.length === 0;
  if (typeof value === 'object') {
    const proto = Object.getPrototypeOf(value);
    return (proto === Object.prototype || proto === null) && Object.keys(value).length === 0;
  }
  return false;
}

let registered = false;

/**
 * Configures the json-logic-js singleton, once per process (later calls do nothing): removes `method`
 * and `log`, replaces `var` with the own-property-only walk of `readPath`, and adds the custom operations
 * (`contains`, `not_contains`, `matches_regex`, `is_empty`, `is_not_empty`, `exists`, `not_exists`, `date_add`) and
 * the internal PATH_OPERATIONS. This module is the only place allowed to touch json-logic-js operations;
 * importing it registers them.
 */
export function registerOperations(): void {
  if (registered) return;
  registered = true;
  jsonLogic.rm_operation('method');
  jsonLogic.rm_operation('log');
  jsonLogic.add_operation('var', function (this: unknown, path: unknown, fallback: unknown) {
    return readPath(this, path, fallback === undefined ? null : fallback);
  });
  jsonLogic.add_operation('contains', contains);
  jsonLogic.add_operation('not_contains', (a: unknown, b: unknown) => !contains(a, b));
  jsonLogic.add_operation('matches_regex', matchesRegex);
  jsonLogic.add_operation('is_empty', isEmpty);
  jsonLogic.add_operation('is_not_empty', (value: unknown) => !isEmpty(value));
  // Without a `var` argument (not rewritten), presence can only be judged on the value.
  jsonLogic.add_operation('exists', (value: unknown) => value !== null && value !== undefined);
  jsonLogic.add_operation('not_exists', (value: unknown) => value === null || value === undefined);
  jsonLogic.add_operation('date_add', dateAdd);
  jsonLogic.add_operation(PATH_OPERATIONS.exists, function (this: unknown, path: unknown) {
    return lookupPath(this, path).found;
  });
  jsonLogic.add_operation(PATH_OPERATIONS.notExists, function (this: unknown, path: unknown) {
    return !lookupPath(this, path).found;
  });
}

registerOperations();
