export type { CesedaData } from './ceseda-data.ts';
export { checklistReaction } from './checklist-reaction.ts';
export {
  attachChecklist,
  type ChecklistTick,
  checklistItemId,
  loadChecklist,
  missingMandatory,
  tickChecklist,
} from './checklist-store.ts';
export { alertLevels, DeadlineWatcher, recheckDeadlines, unwatchDeadline, watchDeadline } from './deadline-watcher.ts';
