/**
 * Inputs and results of the deadline engine.
 */
import type { CesedaRule } from '@iapm/schemas';
import type { Region } from '../../core/calendar/holidays.ts';

/** How the decision reached the person (ceseda.md §4). */
export type NotificationMode = 'hand' | 'lrar-delivered' | 'lrar-collected' | 'lrar-unclaimed' | 'electronic';

/** Every notification mode, in the order shown to users. */
export const NOTIFICATION_MODES: readonly NotificationMode[] = [
  'hand',
  'lrar-delivered',
  'lrar-collected',
  'lrar-unclaimed',
  'electronic',
];

/**
 * Something that happened after the notification and changes the period. `at` is an ISO 8601 date-time (or a
 * date). Switches carry the rule that takes over (the caller looks it up from the current rule's `switches`).
 */
export type DeadlineEvent =
  /** R. 921-1 al. 1: an assignation à résidence notified while the period runs. */
  | { type: 'assignation-notified'; at: string; rule: CesedaRule }
  /** R. 921-1 al. 2: a placement en rétention notified while the period runs. */
  | { type: 'retention-notified'; at: string; rule: CesedaRule }
  /** A legal-aid (aide juridictionnelle) request was filed. */
  | { type: 'legal-aid-requested'; at: string }
  /** The legal-aid decision was notified (to the person and the lawyer: the later of the two). */
  | { type: 'legal-aid-decided'; at: string }
  /** The lawyer was designated after the legal-aid decision. */
  | { type: 'lawyer-designated'; at: string }
  /** A recours gracieux or hiérarchique was filed. */
  | { type: 'administrative-appeal-filed'; at: string }
  /** The administration expressly rejected the recours gracieux or hiérarchique. */
  | { type: 'administrative-appeal-rejected'; at: string };

/** The facts of a case the engine computes from. */
export interface DeadlineInput {
  /**
   * When the decision was notified (ISO 8601 date-time with offset, local time without offset, or a date alone
   * when the time is unknown). For `lrar-collected`: the withdrawal; for `electronic`: the first consultation.
   */
  notifiedAt?: string;
  /** IANA time zone of the notification and of the court (default: the region's, Europe/Paris). */
  zone?: string;
  /** Calendar of the competent court; its local public holidays are shown as a variant unless applied. */
  region?: Region;
  /** Extend over the region's local holidays too (not applied by default: unconfirmed, ceseda.md §7.10). */
  applyLocalHolidays?: boolean;
  mode?: NotificationMode;
  /** Registered letter: first presentation (avis de passage). The start when the letter was not collected. */
  firstPresentationAt?: string;
  /** Electronic notification: when the decision was made available in the personal space. */
  madeAvailableAt?: string;
  /** Date of the decision (`YYYY-MM-DD`): decides which regime applies (the 15 July 2024 switch). */
  decisionDate?: string;
  /** The deadline printed on the decision, when it states one (date or date-time). */
  printedDecisionDate?: string;
  events?: DeadlineEvent[];
}

/** What a trace entry is about. */
export type TraceStep =
  | 'rule'
  | 'regime'
  | 'notification'
  | 'start'
  | 'count'
  | 'clamp'
  | 'franc'
  | 'skip'
  | 'no-extension'
  | 'end'
  | 'event'
  | 'variant'
  | 'printed'
  | 'local-holidays'
  | 'alert'
  | 'warning';

/** One line of the computation trace, in French and English. */
export interface TraceEntry {
  step: TraceStep;
  fr: string;
  en: string;
  /** The local date the entry is about (`YYYY-MM-DD`), when there is one. */
  date?: string;
  legalRef?: string;
}

/** Another possible due date, with its grounds. */
export interface DeadlineVariant {
  id: string;
  /** French label (the English one is `labelEn`). */
  label: string;
  labelEn: string;
  dueAt: string;
  grounds?: string;
}

/** Whether the period is running or held by a pending legal-aid request or administrative appeal. */
export type DeadlineStatus = 'running' | 'suspended' | 'interrupted';

import type { Urgency } from '../urgency.ts';

export type { Urgency };

/** The computed deadline. Date-times are ISO 8601 with the zone's offset. */
export interface DeadlineResult {
  /** The rule applied (after an R. 921-1 switch, the rule switched to). */
  ruleId: string;
  /** The rule asked for, when a switch replaced it. */
  requestedRuleId?: string;
  label: string;
  /** The due date of the rule's retained reading. */
  dueAt: string;
  /** The earliest of `dueAt`, every variant and the printed date: the date to alert on. */
  alertAt: string;
  variants: DeadlineVariant[];
  /** Present when `now` was given. */
  urgency?: Urgency;
  status: DeadlineStatus;
  /** When the period started (the notification, or the event that restarted it). */
  startAt: string;
  zone: string;
  trace: TraceEntry[];
  legalRef: string;
  sourceUrl: string;
  confidence: 'high' | 'medium' | 'low';
}
