import { PATH_OPERATIONS } from './operations.ts';

const REWRITES: Readonly<Record<string, string>> = {
  exists: PATH_OPERATIONS.exists,
  not_exists: PATH_OPERATIONS.notExists,
};

const cache = new WeakMap<object, unknown>();

const isOperation = (value: unknown): value is Record<string, unknown> =>
  value !== null && typeof value === 'object' && !Array.isArray(value) && Object.keys(value).length === 1;

/** The path argument of `{"var": P}` / `{"var": [P, default]}`, or undefined when `arg` is not a `var`. */
function varPath(arg: unknown): { path: unknown } | undefined {
  if (!isOperation(arg) || !Object.hasOwn(arg, 'var')) return undefined;
  const args = arg.var;
  return { path: Array.isArray(args) ? args[0] : args };
}

function rewrite(value: unknown): unknown {
  if (Array.isArray(value)) {
    const items = value.map(rewrite);
    return items.every((item, i) => item === value[i]) ? value : items;
  }
  // Objects with several keys are literal data for json-logic-js: never evaluated, left alone.
  if (!isOperation(value)) return value;
  const op = Object.keys(value)[0] as string;
  const args = value[op];
  const target = Object.hasOwn(REWRITES, op) ? REWRITES[op] : undefined;
  if (target) {
    const first = Array.isArray(args) ? args[0] : args;
    const found = varPath(first);
    // The path itself may be an expression: rewrite it too, json-logic-js evaluates it before the call.
    if (found) return { [target]: [rewrite(found.path)] };
  }
  const next = rewrite(args);
  return next === args ? value : { [op]: next };
}

/**
 * Returns `expression` with every `{"exists": [{"var": P}]}` / `{"not_exists": [{"var": P}]}` (also the
 * unwrapped `{"exists": {"var": P}}` and `{"var": [P, default]}` forms; the default is ignored) replaced
 * by the internal path operation applied to `[P]`, so presence is checked on the data rather than on the
 * value. Pure: the input is never modified, unchanged sub-trees are shared, and the result for an
 * object is cached per object identity (expressions are treated as immutable once evaluated).
 */
export function rewritePresenceChecks(expression: unknown): unknown {
  if (expression === null || typeof expression !== 'object') return expression;
  if (cache.has(expression)) return cache.get(expression);
  const result = rewrite(expression);
  cache.set(expression, result);
  return result;
}
