import { message } from '../issue-codes.ts';
import type { Text } from '../issues.ts';
import { LOGIC_LIMITS } from './operations.ts';

/**
 * Checks a `matches_regex` pattern: bounded length, valid syntax, and only constructs a linear-time engine
 * accepts (no back-references, no look-around). Returns the reason (fr/en) when refused, undefined when accepted.
 */
export function checkRegexPattern(pattern: string): Text | undefined {
  if (pattern.length > LOGIC_LIMITS.maxRegexLength)
    return message('regex.too-long', { limit: LOGIC_LIMITS.maxRegexLength });
  if (/\\[1-9]|\\k</.test(pattern)) return message('regex.back-reference');
  if (/\(\?<?[=!]/.test(pattern)) return message('regex.look-around');
  try {
    // A leading (?i) (case-insensitive, as RE2 writes it) is accepted; the rest must be valid syntax.
    new RegExp(pattern.replace(/^\(\?i\)/, ''), 'u');
  } catch (error) {
    return message('regex.syntax', { detail: (error as Error).message });
  }
  return undefined;
}
