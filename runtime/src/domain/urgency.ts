/**
 * Urgency of a case (`faible` / `moyen` / `eleve` / `critique`) from the time left before its deadline, the rule
 * (hour-based rules are always critical, 7-day rules at least high) and the documents still missing.
 */
import type { CesedaRule } from '@iapm/schemas';
import { domainError } from './errors.ts';

export type Urgency = 'faible' | 'moyen' | 'eleve' | 'critique';

/** The levels from lowest to highest. */
export const URGENCY_LEVELS: readonly Urgency[] = ['faible', 'moyen', 'eleve', 'critique'];

/** Hours left under which a level applies (a firm may set `criticalHours` from its `criticalBelowHours`). */
export interface UrgencyThresholds {
  criticalHours: number;
  highHours: number;
  mediumHours: number;
}

/** Critical under 48 hours, high under 7 days, medium under 21 days. */
export const DEFAULT_URGENCY_THRESHOLDS: UrgencyThresholds = Object.freeze({
  criticalHours: 48,
  highHours: 168,
  mediumHours: 504,
});

export interface UrgencyInput {
  /** ISO 8601 date-time (or a Date): use the alert date of a computed deadline (the earliest variant). */
  dueAt: string | Date;
  /** The rule of the deadline, when there is one (a manually entered deadline has none). */
  rule?: Pick<CesedaRule, 'amount' | 'unit'> | null;
  /** Number of mandatory documents still missing (or the list of them). */
  missingDocuments?: number | readonly unknown[];
  now: string | Date;
  thresholds?: Partial<UrgencyThresholds>;
}

const MS_PER_HOUR = 3_600_000;

function toMs(value: string | Date, pointer: string): number {
  const ms = value instanceof Date ? value.getTime() : typeof value === 'string' ? Date.parse(value) : Number.NaN;
  if (Number.isNaN(ms)) throw domainError('deadline.invalid-datetime', pointer, { value: String(value) });
  return ms;
}

/** The floor a rule sets: hour-based rules are always critical, periods of 7 days or less at least high. */
function ruleFloor(rule: UrgencyInput['rule']): number {
  if (!rule) return 0;
  if (rule.unit === 'hours') return 3;
  if (rule.unit === 'days' && rule.amount <= 7) return 2;
  return 0;
}

function levelAt(input: UrgencyInput, thresholds: UrgencyThresholds, dueMs: number, nowMs: number): number {
  const hoursLeft = (dueMs - nowMs) / MS_PER_HOUR;
  let level = 0;
  if (hoursLeft <= thresholds.criticalHours) level = 3;
  else if (hoursLeft <= thresholds.highHours) level = 2;
  else if (hoursLeft <= thresholds.mediumHours) level = 1;
  const missing = Array.isArray(input.missingDocuments)
    ? input.missingDocuments.length
    : typeof input.missingDocuments === 'number'
      ? input.missingDocuments
      : 0;
  if (missing > 0) level += 1;
  return Math.min(3, Math.max(level, ruleFloor(input.rule)));
}

function thresholdsOf(input: UrgencyInput): UrgencyThresholds {
  return { ...DEFAULT_URGENCY_THRESHOLDS, ...input.thresholds };
}

/**
 * The urgency at `now`: by hours left (≤ critical → `critique`, a deadline already passed included; ≤ high →
 * `eleve`; ≤ medium → `moyen`; else `faible`), one level higher when documents are missing, never below the
 * rule's floor (hour-based rules: `critique`; periods of 7 days or less: `eleve`).
 * Pure: no clock, no I/O (`now` is a parameter).
 */
export function computeUrgency(input: UrgencyInput): Urgency {
  const dueMs = toMs(input.dueAt, '/dueAt');
  const nowMs = toMs(input.now, '/now');
  return URGENCY_LEVELS[levelAt(input, thresholdsOf(input), dueMs, nowMs)] as Urgency;
}

/**
 * When the urgency will next change if nothing else does (the deadline watcher schedules its next check there),
 * or null when it can only stay the same (already `critique`, or held by the rule's floor).
 * Pure: no clock, no I/O.
 */
export function nextUrgencyChangeAt(input: UrgencyInput): string | null {
  const dueMs = toMs(input.dueAt, '/dueAt');
  const nowMs = toMs(input.now, '/now');
  const thresholds = thresholdsOf(input);
  const current = levelAt(input, thresholds, dueMs, nowMs);
  const crossings = [thresholds.mediumHours, thresholds.highHours, thresholds.criticalHours]
    .map((hours) => dueMs - hours * MS_PER_HOUR)
    .filter((ms) => ms > nowMs)
    .sort((a, b) => a - b);
  for (const ms of crossings) {
    if (levelAt(input, thresholds, dueMs, ms) !== current) return new Date(ms).toISOString();
  }
  return null;
}
