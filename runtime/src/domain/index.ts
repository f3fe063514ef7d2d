/**
 * The CESEDA domain: deadlines on the French calendar, urgency, checklists and case extraction. Pure: no I/O, no
 * clock, no database; rule and checklist data are parameters (loaded by @iapm/presets).
 */

export { holidaysOn, REGIONS, type Region } from '../core/calendar/holidays.ts';
export { isWorkingDay } from '../core/calendar/working-days.ts';
export {
  applyDocumentEvent,
  type ChecklistEvent,
  type ChecklistItemStatus,
  type ChecklistProgress,
  type ChecklistUpdate,
  checklistProgress,
  selectChecklist,
  type WorkspaceChecklist,
  type WorkspaceChecklistItem,
} from './checklists.ts';
export * from './deadlines/index.ts';
export { DomainError, domainError } from './errors.ts';
export {
  type Carrier,
  type ExtractedCase,
  type ExtractedField,
  type ExtractedTrackingNumber,
  type ExtractInput,
  extractCase,
  isValidS10,
  type Person,
  type PersonRole,
  s10CheckDigit,
} from './extraction/index.ts';
export {
  CONFIDENCE_LABELS,
  type Confidence,
  lowerConfidence,
  type ProcedureType,
  type RuleChoice,
  type RuleQuery,
  ruleInForce,
  type Situation,
  selectRule,
} from './rules.ts';
export {
  computeUrgency,
  DEFAULT_URGENCY_THRESHOLDS,
  nextUrgencyChangeAt,
  URGENCY_LEVELS,
  type Urgency,
  type UrgencyInput,
  type UrgencyThresholds,
} from './urgency.ts';
