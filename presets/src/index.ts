import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

/** Folder holding one sub-folder per preset (`<preset-id>/workflow.json`, `samples/`, `scenarios/`). */
export const PRESETS_DIR = join(import.meta.dirname, '..');

export interface PresetSummary {
  id: string;
  workflow: unknown;
}

/** The presets shipped in this package, read from their folders. */
export function listPresets(dir: string = PRESETS_DIR): PresetSummary[] {
  return readdirSync(dir, { withFileTypes: true })
    .filter((entry) => entry.isDirectory() && existsSync(join(dir, entry.name, 'workflow.json')))
    .map((entry) => ({
      id: entry.name,
      workflow: JSON.parse(readFileSync(join(dir, entry.name, 'workflow.json'), 'utf8')),
    }))
    .sort((a, b) => a.id.localeCompare(b.id));
}

export {
  CESEDA_DIR,
  CesedaDataError,
  checkChecklists,
  checkRuleSet,
  findRule,
  getRule,
  listRules,
  loadChecklists,
  loadRuleSet,
  parseChecklists,
  parseRuleSet,
} from './ceseda.ts';
