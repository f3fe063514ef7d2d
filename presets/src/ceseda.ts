/**
 * Loads the CESEDA rule and checklist data of `ceseda/`, validated against their JSON Schemas
 * (schemas/src/ceseda-rules.schema.json, ceseda-checklists.schema.json) and checked for consistency (unique ids,
 * references that exist, validity ranges in order). Bad data is refused whole, with JSON pointers.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  type CesedaRule,
  type CesedaRuleSet,
  type ChecklistCatalog,
  type Issue,
  type IssueCode,
  message,
  pointer,
  SCHEMA_IDS,
  validateWith,
} from '@iapm/schemas';

/** Folder of the CESEDA data files. */
export const CESEDA_DIR = join(import.meta.dirname, '..', 'ceseda');

/** Data that does not validate: every issue found, with its JSON pointer into the file. */
export class CesedaDataError extends Error {
  readonly issues: Issue[];
  readonly file: string;

  constructor(file: string, issues: Issue[]) {
    super(`${file}: ${issues.map((issue) => `${issue.pointer || '/'} ${issue.message.fr}`).join('; ')}`);
    this.name = 'CesedaDataError';
    this.file = file;
    this.issues = issues;
  }
}

function issue(code: IssueCode, at: string, params: Record<string, string | number> = {}): Issue {
  return { pointer: at, code, message: message(code, params), severity: 'error' };
}

function readJson(file: string): unknown {
  try {
    return JSON.parse(readFileSync(file, 'utf8'));
  } catch (error) {
    throw new CesedaDataError(file, [issue('json.parse', '', { detail: (error as Error).message })]);
  }
}

/**
 * Consistency checks the schema cannot express: unique rule ids, `previousRegime` and `switches` naming existing
 * rules, `validFrom` not after `validTo`, unique reading ids within a rule. Returns the issues (empty when fine).
 */
export function checkRuleSet(set: CesedaRuleSet): Issue[] {
  const issues: Issue[] = [];
  const ids = new Set<string>();
  set.rules.forEach((rule, index) => {
    if (ids.has(rule.id)) issues.push(issue('rules.duplicate-id', pointer('rules', index, 'id'), { id: rule.id }));
    ids.add(rule.id);
  });
  set.rules.forEach((rule, index) => {
    rule.previousRegime?.forEach((id, n) => {
      if (!ids.has(id))
        issues.push(issue('rules.unknown-reference', pointer('rules', index, 'previousRegime', n), { id }));
    });
    for (const [kind, id] of Object.entries(rule.switches ?? {})) {
      if (id && !ids.has(id))
        issues.push(issue('rules.unknown-reference', pointer('rules', index, 'switches', kind), { id }));
    }
    if (rule.validFrom && rule.validTo && rule.validFrom > rule.validTo) {
      issues.push(
        issue('rules.validity-order', pointer('rules', index, 'validTo'), { from: rule.validFrom, to: rule.validTo }),
      );
    }
    const readings = [rule.computation.primary, ...rule.computation.variants];
    const seen = new Set<string>();
    readings.forEach((reading, n) => {
      if (seen.has(reading.id)) {
        const at =
          n === 0
            ? pointer('rules', index, 'computation', 'primary', 'id')
            : pointer('rules', index, 'computation', 'variants', n - 1, 'id');
        issues.push(issue('rules.duplicate-variant', at, { id: reading.id }));
      }
      seen.add(reading.id);
    });
  });
  return issues;
}

/**
 * Validates parsed rule data (schema, then consistency); returns it typed or throws a {@link CesedaDataError}.
 */
export function parseRuleSet(data: unknown, file = 'rules.json'): CesedaRuleSet {
  const shape = validateWith<CesedaRuleSet>(SCHEMA_IDS.cesedaRules, data);
  if (!shape.ok) throw new CesedaDataError(file, shape.issues);
  const issues = checkRuleSet(shape.value);
  if (issues.length > 0) throw new CesedaDataError(file, issues);
  return shape.value;
}

/**
 * Consistency checks of the checklists: no key twice in the same list (common items included).
 */
export function checkChecklists(catalog: ChecklistCatalog): Issue[] {
  const issues: Issue[] = [];
  const commonKeys = new Set<string>();
  catalog.common.forEach((item, index) => {
    if (commonKeys.has(item.key)) {
      issues.push(issue('checklist.duplicate-key', pointer('common', index, 'key'), { key: item.key, list: 'common' }));
    }
    commonKeys.add(item.key);
  });
  for (const [procedure, list] of Object.entries(catalog.procedures)) {
    const keys = new Set(commonKeys);
    list?.items.forEach((item, index) => {
      if (keys.has(item.key)) {
        issues.push(
          issue('checklist.duplicate-key', pointer('procedures', procedure, 'items', index, 'key'), {
            key: item.key,
            list: procedure,
          }),
        );
      }
      keys.add(item.key);
    });
  }
  return issues;
}

/**
 * Validates parsed checklist data (schema, then consistency); returns it typed or throws a {@link CesedaDataError}.
 */
export function parseChecklists(data: unknown, file = 'checklists.json'): ChecklistCatalog {
  const shape = validateWith<ChecklistCatalog>(SCHEMA_IDS.cesedaChecklists, data);
  if (!shape.ok) throw new CesedaDataError(file, shape.issues);
  const issues = checkChecklists(shape.value);
  if (issues.length > 0) throw new CesedaDataError(file, issues);
  return shape.value;
}

/** Reads and validates a rule file (default: the shipped `ceseda/rules.json`). */
export function loadRuleSet(file: string = join(CESEDA_DIR, 'rules.json')): CesedaRuleSet {
  return parseRuleSet(readJson(file), file);
}

/** Reads and validates a checklist file (default: the shipped `ceseda/checklists.json`). */
export function loadChecklists(file: string = join(CESEDA_DIR, 'checklists.json')): ChecklistCatalog {
  return parseChecklists(readJson(file), file);
}

let shipped: readonly CesedaRule[] | undefined;

/** The shipped rules, in file order (read and validated once). */
export function listRules(): readonly CesedaRule[] {
  shipped ??= Object.freeze(loadRuleSet().rules);
  return shipped;
}

/** The shipped rule `id`, or undefined. */
export function findRule(id: string): CesedaRule | undefined {
  return listRules().find((rule) => rule.id === id);
}

/** The shipped rule `id`; throws a {@link CesedaDataError} with code `rules.unknown-rule` when there is none. */
export function getRule(id: string): CesedaRule {
  const rule = findRule(id);
  if (!rule) throw new CesedaDataError('rules.json', [issue('rules.unknown-rule', '/ruleId', { id })]);
  return rule;
}
