import { OPERATORS_DATA, type OperatorEntry } from '@iapm/schemas';

/** One line of the condition builder: a field, an operator (one of the 15), and a value when it takes one. */
export interface Rule {
  type: 'rule';
  field: string;
  operator: string;
  value?: unknown;
}

/** Lines joined by « et » (and) or « ou » (or); groups nest. */
export interface Group {
  type: 'group';
  combinator: 'and' | 'or';
  children: (Rule | Group)[];
}

export const OPERATORS: readonly OperatorEntry[] = OPERATORS_DATA.operators;
const byId = new Map(OPERATORS.map((o) => [o.id, o]));
const byJsonLogic = new Map(OPERATORS.filter((o) => o.id !== 'not_in').map((o) => [o.jsonLogic, o]));

/** The operator entry of an id. */
export const operatorOf = (id: string): OperatorEntry | undefined => byId.get(id);

/** A new line: no field yet, « est égal à ». */
export const emptyRule = (): Rule => ({ type: 'rule', field: '', operator: 'equals', value: '' });
/** A new group with one empty line. */
export const emptyGroup = (combinator: 'and' | 'or' = 'and'): Group => ({
  type: 'group',
  combinator,
  children: [emptyRule()],
});

function ruleToLogic(rule: Rule): unknown {
  const op = byId.get(rule.operator);
  const field = { var: rule.field };
  if (!op) return { '===': [field, rule.value ?? null] };
  if (op.arity === 1) return { [op.jsonLogic]: [field] };
  if (op.id === 'in') return { in: [field, Array.isArray(rule.value) ? rule.value : []] };
  if (op.id === 'not_in') return { '!': { in: [field, Array.isArray(rule.value) ? rule.value : []] } };
  return { [op.jsonLogic]: [field, rule.value ?? null] };
}

/**
 * The json-logic of a builder tree. A top-level group holding a single line is written as that line
 * alone (`{"===": [{"var": "payload.procedureType"}, "OQTF"]}`); other groups as `{"and": [...]}` or
 * `{"or": [...]}`. Pure.
 */
export function toLogic(root: Group): unknown {
  const only = root.children[0];
  if (root.children.length === 1 && only?.type === 'rule') return ruleToLogic(only);
  return groupToLogic(root);
}

function groupToLogic(group: Group): unknown {
  return { [group.combinator]: group.children.map((c) => (c.type === 'rule' ? ruleToLogic(c) : groupToLogic(c))) };
}

const isLiteral = (v: unknown) => v === null || ['string', 'number', 'boolean'].includes(typeof v);
const single = (v: unknown): [string, unknown] | undefined => {
  if (!v || typeof v !== 'object' || Array.isArray(v)) return undefined;
  const keys = Object.keys(v);
  return keys.length === 1 ? [keys[0] as string, (v as Record<string, unknown>)[keys[0] as string]] : undefined;
};
const varPath = (v: unknown): string | undefined => {
  const entry = single(v);
  return entry?.[0] === 'var' && typeof entry[1] === 'string' ? entry[1] : undefined;
};

function parseRule(logic: unknown): Rule | undefined {
  const entry = single(logic);
  if (!entry) return undefined;
  const [op, args] = entry;
  if (op === '!') {
    const inner = single(args);
    if (inner?.[0] !== 'in' || !Array.isArray(inner[1]) || inner[1].length !== 2) return undefined;
    const [field, list] = inner[1];
    const path = varPath(field);
    if (path === undefined || !Array.isArray(list) || !list.every(isLiteral)) return undefined;
    return { type: 'rule', field: path, operator: 'not_in', value: list };
  }
  const operator = byJsonLogic.get(op);
  if (!operator || !Array.isArray(args)) return undefined;
  const path = varPath(args[0]);
  if (path === undefined) return undefined;
  if (operator.arity === 1) return args.length === 1 ? { type: 'rule', field: path, operator: operator.id } : undefined;
  if (args.length !== 2) return undefined;
  const value = args[1];
  if (operator.id === 'in') {
    return Array.isArray(value) && value.every(isLiteral)
      ? { type: 'rule', field: path, operator: 'in', value }
      : undefined;
  }
  return isLiteral(value) ? { type: 'rule', field: path, operator: operator.id, value } : undefined;
}

function parseGroup(logic: unknown): Group | undefined {
  const entry = single(logic);
  if (!entry || (entry[0] !== 'and' && entry[0] !== 'or') || !Array.isArray(entry[1])) return undefined;
  const children: (Rule | Group)[] = [];
  for (const item of entry[1]) {
    const child = parseGroup(item) ?? parseRule(item);
    if (!child) return undefined;
    children.push(child);
  }
  return { type: 'group', combinator: entry[0], children };
}

/**
 * The builder tree of a json-logic expression, or undefined when the expression uses anything the
 * builder cannot show (it is then edited as JSON). `toLogic(fromLogic(x))` gives `x` back. Pure.
 */
export function fromLogic(logic: unknown): Group | undefined {
  const group = parseGroup(logic);
  if (group) return group;
  const rule = parseRule(logic);
  return rule ? { type: 'group', combinator: 'and', children: [rule] } : undefined;
}

/** Lines of a tree with no field chosen (or a list operator without values). Pure. */
export function incompleteRules(group: Group): Rule[] {
  return group.children.flatMap((c) => {
    if (c.type === 'group') return c.children.length === 0 ? [] : incompleteRules(c);
    const op = byId.get(c.operator);
    const missingValue = op?.valueType === 'list' && (!Array.isArray(c.value) || c.value.length === 0);
    return !c.field || missingValue ? [c] : [];
  });
}
