import type { CesedaRule, ChecklistCatalog } from '@iapm/schemas';

/**
 * The CESEDA data the case services compute with: deadline rules and document checklists. They are data of
 * `presets/ceseda/`, loaded and validated by `@iapm/presets` (`listRules()`, `loadChecklists()`) and handed
 * in by the caller — the server — since the runtime does not import presets.
 */
export interface CesedaData {
  rules: readonly CesedaRule[];
  checklists: ChecklistCatalog;
}

/** No data: no rule to compute with, no checklist to attach or tick. */
export const NO_CESEDA_DATA: CesedaData = {
  rules: [],
  checklists: { schemaVersion: 1, common: [], procedures: {} },
};
