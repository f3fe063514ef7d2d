/**
 * Test helper: the shipped CESEDA rule and checklist data (presets/ceseda/*.json), validated against their
 * schemas. Only tests import this file (it reads files; the domain code itself receives data as parameters).
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { type CesedaRule, type ChecklistCatalog, SCHEMA_IDS, validateWith } from '@iapm/schemas';

const DATA_DIR = join(import.meta.dirname, '..', '..', '..', 'presets', 'ceseda');

function load<T>(file: string, schema: string): T {
  const result = validateWith<T>(schema, JSON.parse(readFileSync(join(DATA_DIR, file), 'utf8')));
  if (!result.ok) throw new Error(`${file}: ${JSON.stringify(result.issues)}`);
  return result.value;
}

export const RULES: readonly CesedaRule[] = load<{ rules: CesedaRule[] }>('rules.json', SCHEMA_IDS.cesedaRules).rules;

export const CHECKLISTS: ChecklistCatalog = load<ChecklistCatalog>('checklists.json', SCHEMA_IDS.cesedaChecklists);

/** The shipped rule `id` (throws when missing, so a typo fails the test). */
export function rule(id: string): CesedaRule {
  const found = RULES.find((candidate) => candidate.id === id);
  if (!found) throw new Error(`no rule ${id}`);
  return found;
}
