export * from './catalog.ts';
export * from './check/index.ts';
export { configWithDefaults, withDefaults } from './defaults.ts';
export { deref, resolveRef } from './deref.ts';
export type * from './generated/types.ts';
export { ISSUE_CODES, type IssueCode, message } from './issue-codes.ts';
export * from './issues.ts';
export { analyzeLogic, isLogicExpression, templatePaths } from './logic/analyze.ts';
export * from './logic/operations.ts';
export { checkRegexPattern } from './logic/regex-guard.ts';
export * from './registry.ts';
export {
  AJV_OPTIONS,
  ANNOTATION_KEYWORDS,
  ajvErrorsToIssues,
  createAjv,
  defRef,
  getAjv,
  getValidator,
  providePrecompiledValidators,
  validateWith,
  validateWorkflowShape,
} from './validate.ts';
