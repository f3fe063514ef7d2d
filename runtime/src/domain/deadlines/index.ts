/**
 * The deadline engine: rules as data in, due date + variants + alert date + trace out. Pure.
 */
export { computeDeadline } from './compute.ts';
export { ELECTRONIC_DEEMED_DAYS } from './notification.ts';
export type { CalendarChoice } from './period.ts';
export {
  type DeadlineEvent,
  type DeadlineInput,
  type DeadlineResult,
  type DeadlineStatus,
  type DeadlineVariant,
  NOTIFICATION_MODES,
  type NotificationMode,
  type TraceEntry,
  type TraceStep,
} from './types.ts';
