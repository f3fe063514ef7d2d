import { LOGIC_LIMITS } from './operations.ts';

/**
 * Checks a `matches_regex` pattern: bounded length, valid syntax, and only constructs a linear-time engine
 * accepts (no back-references, no look-around). Returns a reason when refused, undefined when accepted.
 */
export function checkRegexPattern(pattern: string): string | undefined {
  if (pattern.length > LOGIC_LIMITS.maxRegexLength) return `more than ${LOGIC_LIMITS.maxRegexLength} characters`;
  if (/\\[1-9]|\\k</.test(pattern)) return 'back-references are not allowed';
  if (/\(\?<?[=!]/.test(pattern)) return 'look-around is not allowed';
  try {
    new RegExp(pattern, 'u');
  } catch (error) {
    return (error as Error).message;
  }
  return undefined;
}
