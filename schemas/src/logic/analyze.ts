import { message } from '../issue-codes.ts';
import { escapePointerSegment, type Issue } from '../issues.ts';
import {
  ALLOWED_OPERATIONS,
  FORBIDDEN_OPERATIONS,
  FORBIDDEN_PATH_SEGMENTS,
  LOGIC_LIMITS,
  SCOPED_OPERATIONS,
} from './operations.ts';
import { checkRegexPattern } from './regex-guard.ts';

/** A `{"var": ...}` found in an expression, with where it is. */
export interface VarReference {
  path: string;
  pointer: string;
}

/** What a static pass over one expression found. */
export interface LogicAnalysis {
  issues: Issue[];
  /** Variable paths evaluated against the run's data (those inside map/filter/... bodies are excluded). */
  vars: VarReference[];
}

/**
 * Checks a json-logic expression without evaluating it: only allowed operations, bounded depth and size,
 * valid `var` paths and regex patterns. Collects the `var` paths for the schema path check.
 * This is a pure function.
 */
export function analyzeLogic(expression: unknown, basePointer: string, nodeId?: string): LogicAnalysis {
  const issues: Issue[] = [];
  const vars: VarReference[] = [];
  let count = 0;
  let reportedSize = false;
  const add = (issue: Omit<Issue, 'severity' | 'nodeId'>) =>
    issues.push({ ...issue, severity: 'error', ...(nodeId ? { nodeId } : {}) });

  const visit = (value: unknown, at: string, depth: number, scoped: boolean): void => {
    count++;
    if (count > LOGIC_LIMITS.maxNodes) {
      if (!reportedSize) {
        reportedSize = true;
        add({
          pointer: basePointer,
          code: 'logic.too-large',
          message: message('logic.too-large', { limit: LOGIC_LIMITS.maxNodes }),
        });
      }
      return;
    }
    if (depth > LOGIC_LIMITS.maxDepth) {
      add({
        pointer: at,
        code: 'logic.too-deep',
        message: message('logic.too-deep', { limit: LOGIC_LIMITS.maxDepth }),
      });
      throw TOO_DEEP;
    }
    if (Array.isArray(value)) {
      value.forEach((item, i) => {
        visit(item, `${at}/${i}`, depth + 1, scoped);
      });
      return;
    }
    if (value === null || typeof value !== 'object') return;
    const keys = Object.keys(value);
    if (keys.length !== 1) {
      // Not an operation: a data object. Its values may still hold operations.
      for (const key of keys)
        visit((value as Record<string, unknown>)[key], `${at}/${escapePointerSegment(key)}`, depth + 1, scoped);
      return;
    }
    const op = keys[0] as string;
    const opPointer = `${at}/${escapePointerSegment(op)}`;
    const args = (value as Record<string, unknown>)[op];
    if ((FORBIDDEN_OPERATIONS as readonly string[]).includes(op)) {
      add({
        pointer: opPointer,
        code: 'logic.forbidden-operation',
        message: message('logic.forbidden-operation', { op }),
      });
      return;
    }
    if (!ALLOWED_OPERATIONS.has(op)) {
      add({ pointer: opPointer, code: 'logic.unknown-operation', message: message('logic.unknown-operation', { op }) });
      return;
    }
    if (op === 'var') {
      checkVar(args, opPointer, scoped, depth);
      return;
    }
    if (op === 'matches_regex' && Array.isArray(args) && typeof args[1] === 'string') {
      const problem = checkRegexPattern(args[1]);
      if (problem) {
        add({
          pointer: `${opPointer}/1`,
          code: 'logic.invalid-regex',
          message: message('logic.invalid-regex', { detail: problem }),
        });
      }
    }
    if (SCOPED_OPERATIONS.has(op) && Array.isArray(args)) {
      // First argument: evaluated against the run data; the others against each item.
      args.forEach((arg, i) => {
        visit(arg, `${opPointer}/${i}`, depth + 2, i === 0 ? scoped : true);
      });
      return;
    }
    visit(args, opPointer, depth + 1, scoped);
  };

  const checkVar = (args: unknown, at: string, scoped: boolean, depth: number) => {
    const raw = Array.isArray(args) ? args[0] : args;
    const pathPointer = Array.isArray(args) ? `${at}/0` : at;
    if (Array.isArray(args) && args.length > 1) visit(args[1], `${at}/1`, depth + 1, scoped);
    if (raw === undefined || raw === null || raw === '') return;
    if (typeof raw === 'number' && Number.isInteger(raw)) return;
    if (typeof raw !== 'string') {
      add({ pointer: pathPointer, code: 'logic.invalid-var', message: message('logic.invalid-var') });
      return;
    }
    if (raw.split('.').some((s) => FORBIDDEN_PATH_SEGMENTS.has(s))) {
      add({
        pointer: pathPointer,
        code: 'var.forbidden-segment',
        message: message('var.forbidden-segment', { path: raw }),
      });
      return;
    }
    if (!scoped) vars.push({ path: raw, pointer: pathPointer });
  };

  try {
    visit(expression, basePointer, 0, false);
  } catch (error) {
    if (error !== TOO_DEEP) throw error;
  }
  return { issues, vars };
}

const TOO_DEEP = Symbol('too deep');

/** The `{{path}}` placeholders of a template string. */
export function templatePaths(text: string): string[] {
  const paths: string[] = [];
  for (const match of text.matchAll(/\{\{\s*([^{}\s]+)\s*\}\}/g)) paths.push(match[1] as string);
  return paths;
}

/** True when a param value is a json-logic expression rather than a literal object. */
export function isLogicExpression(value: unknown): boolean {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return false;
  const keys = Object.keys(value);
  return (
    keys.length === 1 && (ALLOWED_OPERATIONS.has(keys[0] as string) || FORBIDDEN_OPERATIONS.includes(keys[0] as never))
  );
}
