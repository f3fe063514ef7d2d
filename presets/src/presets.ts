/**
 * Reads the presets shipped in this package: one folder per preset with its card (`preset.json`), its workflow
 * (`workflow.json`), its sample events (`samples/*.json`) and its scenarios (`scenarios/*.json`). Files are read
 * and shape-checked here; `checkPreset` (check.ts) checks everything else. A preset id is a folder name of lower
 * case letters, digits and hyphens, so no id can reach outside the presets folder.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  type CheckedNode,
  defRef,
  effectiveAutonomy,
  type Issue,
  type IssueCode,
  message,
  PRESET_SCHEMA,
  type PresetCard,
  type PresetSampleEvent,
  type PresetScenario,
  SCHEMA_IDS,
  validateWith,
  type WorkflowDocument,
} from '@iapm/schemas';

/** Folder holding one sub-folder per preset. */
export const PRESETS_DIR = join(import.meta.dirname, '..');

const ID = /^[a-z][a-z0-9-]{1,63}$/;

/** A problem found in a preset's files: the issue, and the preset and file it is in. */
export interface PresetIssue extends Issue {
  presetId: string;
  /** Path relative to the preset's folder (`workflow.json`, `scenarios/x.json`). */
  file: string;
}

/** Files that cannot be read or do not have the right shape; or an unknown preset. */
export class PresetError extends Error {
  readonly issues: PresetIssue[];

  constructor(issues: PresetIssue[]) {
    super(issues.map((i) => `${i.presetId}/${i.file}${i.pointer ? ` ${i.pointer}` : ''}: ${i.message.fr}`).join('; '));
    this.name = 'PresetError';
    this.issues = issues;
  }
}

export interface PresetSample {
  /** `samples/<name>.json` */
  file: string;
  event: PresetSampleEvent;
}

export interface PresetScenarioFile {
  /** `scenarios/<name>.json` */
  file: string;
  scenario: PresetScenario;
}

/** A preset read from its folder. */
export interface Preset {
  id: string;
  card: PresetCard;
  workflow: WorkflowDocument;
  samples: PresetSample[];
  scenarios: PresetScenarioFile[];
}

/** What a gallery shows of a preset, without its workflow. */
export interface PresetSummary extends PresetCard {
  /** The event that starts it (or `cron` for a schedule). */
  trigger: { event?: string; cron?: string };
  nodeCount: number;
  /** How many of its actions wait for a lawyer: ORANGE and RED gates (catalog floors and the nodes' own levels). */
  gates: { orange: number; red: number };
  samples: string[];
  scenarios: { file: string; title: string }[];
}

export function presetIssue(
  presetId: string,
  file: string,
  pointer: string,
  code: IssueCode,
  params: Record<string, string | number> = {},
): PresetIssue {
  return { presetId, file, pointer, code, message: message(code, params), severity: 'error' };
}

function readJson(presetId: string, folder: string, file: string): unknown {
  const path = join(folder, file);
  if (!existsSync(path)) throw new PresetError([presetIssue(presetId, file, '', 'preset.missing-file', { file })]);
  try {
    return JSON.parse(readFileSync(path, 'utf8'));
  } catch (error) {
    throw new PresetError([presetIssue(presetId, file, '', 'json.parse', { detail: (error as Error).message })]);
  }
}

function shaped<T>(presetId: string, file: string, ref: string, data: unknown): T {
  const checked = validateWith<T>(ref, data);
  if (!checked.ok) throw new PresetError(checked.issues.map((i) => ({ ...i, presetId, file })));
  return checked.value;
}

const jsonFiles = (folder: string, sub: string) =>
  existsSync(join(folder, sub))
    ? readdirSync(join(folder, sub))
        .filter((name) => name.endsWith('.json'))
        .sort()
        .map((name) => `${sub}/${name}`)
    : [];

/** Ids of the presets in `dir`: the sub-folders holding a `preset.json`, sorted. */
export function presetIds(dir: string = PRESETS_DIR): string[] {
  return readdirSync(dir, { withFileTypes: true })
    .filter((entry) => entry.isDirectory() && ID.test(entry.name) && existsSync(join(dir, entry.name, 'preset.json')))
    .map((entry) => entry.name)
    .sort();
}

/**
 * Reads one preset: its card, its workflow (shape-checked against the workflow schema), its samples and its
 * scenarios (each against its schema). Throws a {@link PresetError}: `preset.unknown` for an id that names no
 * preset, otherwise the issues of the files, with their pointers.
 */
export function readPreset(id: string, dir: string = PRESETS_DIR): Preset {
  const folder = join(dir, id);
  if (!ID.test(id) || !existsSync(join(folder, 'preset.json'))) {
    throw new PresetError([presetIssue(id.slice(0, 64), '', '', 'preset.unknown', { id: id.slice(0, 64) })]);
  }
  const card = shaped<PresetCard>(id, 'preset.json', SCHEMA_IDS.preset, readJson(id, folder, 'preset.json'));
  const workflow = shaped<WorkflowDocument>(
    id,
    'workflow.json',
    SCHEMA_IDS.workflow,
    readJson(id, folder, 'workflow.json'),
  );
  const sampleRef = defRef(PRESET_SCHEMA.$id, 'sampleEvent');
  const scenarioRef = defRef(PRESET_SCHEMA.$id, 'scenario');
  const samples = jsonFiles(folder, 'samples').map((file) => ({
    file,
    event: shaped<PresetSampleEvent>(id, file, sampleRef, readJson(id, folder, file)),
  }));
  const scenarios = jsonFiles(folder, 'scenarios').map((file) => ({
    file,
    scenario: shaped<PresetScenario>(id, file, scenarioRef, readJson(id, folder, file)),
  }));
  return { id, card, workflow, samples, scenarios };
}

/** The gallery entry of a preset. */
export function summarize(preset: Preset): PresetSummary {
  const trigger = preset.workflow.nodes.find((n) => n.kind === 'trigger') as
    | { event?: string; cron?: { expression: string } }
    | undefined;
  const levels = preset.workflow.nodes
    .filter((n) => n.kind === 'action')
    .map((n) => effectiveAutonomy(n as CheckedNode));
  return {
    ...preset.card,
    trigger: {
      ...(trigger?.event ? { event: trigger.event } : {}),
      ...(trigger?.cron ? { cron: trigger.cron.expression } : {}),
    },
    nodeCount: preset.workflow.nodes.length,
    gates: { orange: levels.filter((l) => l === 'ORANGE').length, red: levels.filter((l) => l === 'RED').length },
    samples: preset.samples.map((s) => s.file),
    scenarios: preset.scenarios.map((s) => ({ file: s.file, title: s.scenario.title })),
  };
}

/** Every preset of `dir`, read and shape-checked (throws a {@link PresetError} on the first broken one). */
export function loadPresets(dir: string = PRESETS_DIR): Preset[] {
  return presetIds(dir).map((id) => readPreset(id, dir));
}

/** The gallery: a summary of every preset, sorted by id. */
export function listPresets(dir: string = PRESETS_DIR): PresetSummary[] {
  return loadPresets(dir).map(summarize);
}
