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
export { checkPreset, type PresetCheckOptions, type ScenarioRun, scenarioRun, validatePresets } from './check.ts';
export {
  listPresets,
  loadPresets,
  PRESETS_DIR,
  type Preset,
  PresetError,
  type PresetIssue,
  type PresetSample,
  type PresetScenarioFile,
  type PresetSummary,
  presetIds,
  readPreset,
  summarize,
} from './presets.ts';
