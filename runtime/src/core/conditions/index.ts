export { dateAdd } from './dates.ts';
export {
  ConditionError,
  type ConditionErrorCode,
  evaluateCondition,
  evaluateLogic,
  resolveValue,
  TEMPLATE_LIMITS,
} from './evaluate.ts';
export {
  contains,
  isEmpty,
  matchesRegex,
  PATH_OPERATIONS,
  REGEX_CACHE_SIZE,
  registerOperations,
} from './operations.ts';
export { lookupPath, type PathLookup, readPath } from './path.ts';
export { rewritePresenceChecks } from './rewrite.ts';
export { toText, truncate } from './text.ts';
