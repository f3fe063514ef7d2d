import { analyzeLogic, type Issue, isLogicExpression } from '@iapm/schemas';
import jsonLogic from 'json-logic-js';
import { registerOperations } from './operations.ts';
import { lookupPath } from './path.ts';
import { rewritePresenceChecks } from './rewrite.ts';
import { toText, truncate } from './text.ts';

/** Why a condition or param could not be evaluated. */
export type ConditionErrorCode =
  | 'condition.invalid'
  | 'condition.failed'
  | 'condition.too-many-placeholders'
  | 'condition.too-deep';

/**
 * Raised instead of evaluating: `condition.invalid` when analyzeLogic reports errors (`issues` holds
 * them), `condition.failed` when json-logic-js throws (`cause` holds the error), and the two
 * `resolveValue` bounds (`condition.too-many-placeholders`, `condition.too-deep`).
 */
export class ConditionError extends Error {
  override readonly name = 'ConditionError';
  constructor(
    readonly code: ConditionErrorCode,
    message: string,
    readonly issues: readonly Issue[] = [],
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

/** Bounds of `resolveValue`. */
export const TEMPLATE_LIMITS = { maxPlaceholders: 1000, maxOutputLength: 100_000, maxDepth: 64 } as const;

registerOperations();
const verdicts = new WeakMap<object, readonly Issue[]>();

/** Runs analyzeLogic once per expression object; throws ConditionError when it reports errors. */
function assertValid(expression: unknown): void {
  if (expression === null || typeof expression !== 'object') return;
  let errors = verdicts.get(expression);
  if (!errors) {
    errors = analyzeLogic(expression, '').issues.filter((issue) => issue.severity === 'error');
    verdicts.set(expression, errors);
  }
  if (errors.length > 0) {
    const first = errors[0] as Issue;
    throw new ConditionError(
      'condition.invalid',
      `Invalid condition at "${first.pointer}": ${first.message.en}`,
      errors,
    );
  }
}

/**
 * Evaluates a json-logic `expression` against `data` (the run's data: payload, event, nodes, loop, run,
 * now) and returns the raw result. The expression is first checked with analyzeLogic (verdict cached per
 * expression object, so expressions must not be mutated after a first evaluation): forbidden (`method`,
 * `log`) or unknown operations, too deep / too large expressions, forbidden `var` segments and refused
 * static regexes throw ConditionError('condition.invalid') without evaluating anything. A json-logic-js
 * exception is rethrown as ConditionError('condition.failed'). Primitives evaluate to themselves.
 */
export function evaluateLogic(expression: unknown, data: unknown): unknown {
  assertValid(expression);
  const runnable = rewritePresenceChecks(expression);
  try {
    return jsonLogic.apply(runnable as Parameters<typeof jsonLogic.apply>[0], data);
  } catch (error) {
    throw new ConditionError('condition.failed', `Condition evaluation failed: ${(error as Error).message}`, [], {
      cause: error,
    });
  }
}

/**
 * Evaluates `expression` like evaluateLogic and returns its json-logic truthiness (`[]` is false, then
 * JavaScript truthiness). Throws the same ConditionError cases.
 */
export function evaluateCondition(expression: unknown, data: unknown): boolean {
  return jsonLogic.truthy(evaluateLogic(expression, data));
}

const PLACEHOLDER = /\{\{\s*([^{}\s]+)\s*\}\}/g;
const SINGLE_PLACEHOLDER = /^\{\{\s*([^{}\s]+)\s*\}\}$/;

interface Budget {
  placeholders: number;
}

function spend(budget: Budget): void {
  budget.placeholders++;
  if (budget.placeholders > TEMPLATE_LIMITS.maxPlaceholders) {
    throw new ConditionError(
      'condition.too-many-placeholders',
      `More than ${TEMPLATE_LIMITS.maxPlaceholders} placeholders in one value.`,
    );
  }
}

/**
 * A string param read once: plain text, exactly one placeholder (the value keeps its type), or text and
 * placeholders in turn (`texts` has one more entry than `paths`).
 */
type Template =
  | { kind: 'text' }
  | { kind: 'single'; path: string }
  | { kind: 'mixed'; texts: string[]; paths: string[] };

const templates = new Map<string, Template>();
const MAX_CACHED_TEMPLATES = 10_000;
const MAX_CACHED_TEMPLATE_LENGTH = 2_000;
const TEXT: Template = Object.freeze({ kind: 'text' });

function templateOf(text: string): Template {
  const cached = templates.get(text);
  if (cached) return cached;
  const template = parseTemplate(text);
  if (text.length <= MAX_CACHED_TEMPLATE_LENGTH) {
    if (templates.size >= MAX_CACHED_TEMPLATES) templates.clear();
    templates.set(text, template);
  }
  return template;
}

function parseTemplate(text: string): Template {
  if (!text.includes('{{')) return TEXT;
  const single = SINGLE_PLACEHOLDER.exec(text);
  if (single) return { kind: 'single', path: single[1] as string };
  const texts: string[] = [];
  const paths: string[] = [];
  let last = 0;
  for (const match of text.matchAll(PLACEHOLDER)) {
    texts.push(text.slice(last, match.index));
    paths.push(match[1] as string);
    last = match.index + match[0].length;
  }
  if (paths.length === 0) return TEXT;
  texts.push(text.slice(last));
  return { kind: 'mixed', texts, paths };
}

function interpolate(text: string, data: unknown, budget: Budget): unknown {
  const template = templateOf(text);
  if (template.kind === 'text') return text;
  if (template.kind === 'single') {
    spend(budget);
    return lookupPath(data, template.path).value;
  }
  const { texts, paths } = template;
  let out = '';
  for (let i = 0; i < paths.length; i++) {
    spend(budget);
    out += (texts[i] as string) + toText(lookupPath(data, paths[i]).value);
    if (out.length >= TEMPLATE_LIMITS.maxOutputLength) return truncate(out, TEMPLATE_LIMITS.maxOutputLength);
  }
  return truncate(out + (texts[paths.length] as string), TEMPLATE_LIMITS.maxOutputLength);
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (value === null || typeof value !== 'object') return false;
  const proto = Object.getPrototypeOf(value);
  return proto === Object.prototype || proto === null;
}

function resolve(value: unknown, data: unknown, budget: Budget, depth: number): unknown {
  if (depth > TEMPLATE_LIMITS.maxDepth) {
    throw new ConditionError('condition.too-deep', `Param nested deeper than ${TEMPLATE_LIMITS.maxDepth} levels.`);
  }
  if (typeof value === 'string') return interpolate(value, data, budget);
  if (isLogicExpression(value)) return evaluateLogic(value, data);
  if (Array.isArray(value)) return value.map((item) => resolve(item, data, budget, depth + 1));
  if (isPlainObject(value)) {
    const out: Record<string, unknown> = {};
    for (const key of Object.keys(value)) {
      if (key !== '__proto__') out[key] = resolve(value[key], data, budget, depth + 1);
    }
    return out;
  }
  return value;
}

/**
 * Resolves a workflow param against the run's `data`. Contract:
 * - a json-logic expression (single-key object whose key is an allowed or forbidden operation, see
 *   isLogicExpression) is evaluated with evaluateLogic (a forbidden one throws ConditionError);
 * - a string that is exactly one `{{path}}` placeholder returns the raw value with its type; a missing
 *   path gives `undefined` (absent stays absent, so defaults can apply) while a present null gives null;
 * - any other string has its placeholders replaced by text (null/undefined/missing → '', Date → ISO,
 *   objects → JSON) and is capped at TEMPLATE_LIMITS.maxOutputLength characters;
 * - arrays and plain objects are resolved item by item into new values (`__proto__` keys are dropped);
 * - anything else is returned as is.
 * Paths walk own properties only (see lookupPath). More than TEMPLATE_LIMITS.maxPlaceholders placeholders
 * in one value, or nesting deeper than TEMPLATE_LIMITS.maxDepth, throws ConditionError. Never mutates.
 */
export function resolveValue(value: unknown, data: unknown): unknown {
  return resolve(value, data, { placeholders: 0 }, 0);
}
