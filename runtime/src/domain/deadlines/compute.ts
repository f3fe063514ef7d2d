/**
 * computeDeadline: from a CESEDA rule and the facts of a notification, the due date, every variant where the law
 * is disputed or depends on an unknown fact, the alert date (the earliest of them) and a trace a lawyer can read.
 */
import type { CesedaRule, CesedaRuleReading } from '@iapm/schemas';
import type { IANAZone } from 'luxon';
import { formatIsoDate } from '../../core/calendar/civil-date.ts';
import { publicHolidays, REGIONS, type Region } from '../../core/calendar/holidays.ts';
import { REGION_TIME_ZONES } from '../../core/calendar/working-days.ts';
import { domainError } from '../errors.ts';
import { CONFIDENCE_LABELS, lowerConfidence, ruleInForce } from '../rules.ts';
import { endOfDay, formatInstant, parseDate, parseInstant, spellDate, spellInstant, zoneOf } from '../time.ts';
import { computeUrgency } from '../urgency.ts';
import { applyEvents, type PeriodState, stateEnd } from './events.ts';
import { notificationStart } from './notification.ts';
import type { CalendarChoice } from './period.ts';
import type { DeadlineInput, DeadlineResult, DeadlineVariant, TraceEntry } from './types.ts';

/** A reading of the rule that took effect less than this many days before the notification may not apply. */
const REGIME_MARGIN_DAYS = 92;

const REGION_NAMES: Record<Region, string> = {
  metropole: 'métropole',
  'alsace-moselle': 'Alsace-Moselle',
  guadeloupe: 'Guadeloupe',
  martinique: 'Martinique',
  guyane: 'Guyane',
  reunion: 'La Réunion',
  mayotte: 'Mayotte',
  'saint-barthelemy': 'Saint-Barthélemy',
  'saint-martin': 'Saint-Martin',
};

/**
 * Computes the deadline of `rule` for the notification described by `input`.
 *
 * - `dueAt`: the rule's retained reading (for a disputed rule, the conservative one), after the events.
 * - `variants`: every other reading (disputed or fact-dependent rules, all readings listed), the reading with an
 *   unconfirmed legal-aid interruption, the court's local holidays, and the deadline printed on the decision.
 * - `alertAt`: the earliest of all of these. `urgency`: only when `now` is given.
 *
 * Throws a DomainError (JSON pointer into `input`, French/English message) on malformed input, a rule not in
 * force for the decision date, or an event the rule cannot take.
 * Pure: no clock, no I/O (`now` is a parameter).
 * @example computeDeadline(rule, { notifiedAt: '2026-03-02T10:15:00+01:00', mode: 'hand' }, new Date(...))
 */
export function computeDeadline(rule: CesedaRule, input: DeadlineInput, now?: Date | string): DeadlineResult {
  if (!rule || typeof rule !== 'object' || typeof rule.id !== 'string' || !rule.computation) {
    throw domainError('rules.unknown-rule', '', { id: String((rule as { id?: unknown } | undefined)?.id) });
  }
  const region = input.region ?? 'metropole';
  if (!(REGIONS as readonly string[]).includes(region)) {
    throw domainError('deadline.unknown-region', '/region', { value: String(region), allowed: REGIONS.join(', ') });
  }
  const zone = zoneOf(input.zone ?? REGION_TIME_ZONES[region], '/zone');
  const calendar: CalendarChoice = { region, applyLocal: input.applyLocalHolidays === true };
  const trace: TraceEntry[] = [];
  let confidence = rule.confidence;

  trace.push({
    step: 'rule',
    fr: `Règle ${rule.id} — ${rule.label.fr}. Fondement : ${rule.legalRef}. Fiabilité de la source : ${CONFIDENCE_LABELS[rule.confidence].fr}.`,
    en: `Rule ${rule.id} — ${rule.label.en}. Legal basis: ${rule.legalRef}. Source reliability: ${CONFIDENCE_LABELS[rule.confidence].en}.`,
    legalRef: rule.legalRef,
  });

  const notification = notificationStart(rule, input, zone);
  const regime = checkRegime(rule, input, notification.start.date);
  if (regime.entry) trace.push(regime.entry);
  if (regime.uncertain) confidence = lowerConfidence(confidence, 'medium');
  trace.push(...notification.trace);
  if (notification.uncertain) confidence = lowerConfidence(confidence, 'medium');

  const events = input.events ?? [];
  if (!Array.isArray(events))
    throw domainError('deadline.event-invalid', '/events', { detail: 'liste attendue / list expected' });
  const outcome = applyEvents(rule, notification.start, events, zone, calendar, { aidInterrupts: false });
  trace.push(...outcome.trace);
  if (outcome.uncertain) confidence = lowerConfidence(confidence, 'medium');
  const state = outcome.state;
  const applied = state.rule;
  if (applied !== rule) confidence = lowerConfidence(confidence, applied.confidence);

  const { primary, variants: otherReadings, kind } = applied.computation;
  trace.push({
    step: 'rule',
    fr: `Lecture retenue : ${primary.label.fr}. ${primary.grounds}`,
    en: `Reading retained: ${primary.label.en}.`,
  });
  const primaryEnd = stateEnd(state, primary, zone, calendar);
  trace.push(...primaryEnd.trace);
  if (state.status !== 'running') {
    trace.push({
      step: 'warning',
      fr: `Délai ${state.status === 'suspended' ? 'suspendu' : 'interrompu'} dans l'attente de la décision d'aide juridictionnelle : l'échéance affichée est celle qui s'appliquerait sans ${state.status === 'suspended' ? 'suspension' : 'interruption'}, par prudence ; elle sera recalculée à la notification de la décision.`,
      en: `Period ${state.status} pending the legal-aid decision: the due date shown is the one without ${state.status === 'suspended' ? 'suspension' : 'interruption'}, to be safe; it will be recomputed when the decision is notified.`,
    });
  }

  const variants: DeadlineVariant[] = [];
  if (kind !== 'fixed') {
    confidence = lowerConfidence(confidence, 'medium');
    variants.push(readingVariant(primary, primaryEnd.ms, zone, true));
    for (const reading of otherReadings) {
      const end = stateEnd(state, reading, zone, calendar);
      variants.push(readingVariant(reading, end.ms, zone, false));
      const words = spellInstant(end.ms, zone);
      trace.push({
        step: 'variant',
        fr: `${kind === 'disputed' ? 'Lecture discutée' : 'Autre cas'} — ${reading.label.fr} : échéance ${words.fr}. ${reading.grounds}`,
        en: `${kind === 'disputed' ? 'Disputed reading' : 'Other case'} — ${reading.label.en}: due ${words.en}.`,
      });
    }
  }

  if (outcome.uncertainAid) {
    const alternative = applyEvents(rule, notification.start, events, zone, calendar, { aidInterrupts: true });
    const end = stateEnd(alternative.state, alternative.state.rule.computation.primary, zone, calendar);
    if (end.ms !== primaryEnd.ms || alternative.state.status !== state.status) {
      variants.push({
        id: 'aide-juridictionnelle-interruptive',
        label: "Si l'aide juridictionnelle interrompt le délai (non confirmé)",
        labelEn: 'If legal aid interrupts the period (unconfirmed)',
        dueAt: formatInstant(end.ms, zone),
        grounds: applied.legalAid?.legalRef,
      });
      trace.push({
        step: 'variant',
        fr: `Si la demande d'aide juridictionnelle interrompt le délai (non confirmé) : échéance ${spellInstant(end.ms, zone).fr}${alternative.state.status !== 'running' ? ', en attente de la décision d’aide' : ''}.`,
        en: `If the legal-aid request interrupts the period (unconfirmed): due ${spellInstant(end.ms, zone).en}${alternative.state.status !== 'running' ? ', pending the legal-aid decision' : ''}.`,
      });
    }
  }

  const local = localHolidayVariant(state, primary, primaryEnd.ms, zone, calendar);
  if (local) {
    variants.push(local.variant);
    trace.push(local.entry);
    if (calendar.applyLocal) confidence = lowerConfidence(confidence, 'medium');
  }

  if (input.printedDecisionDate !== undefined) {
    const printed = printedVariant(input.printedDecisionDate, primaryEnd.ms, zone);
    variants.push(printed.variant);
    trace.push(printed.entry);
  }

  const alertMs = Math.min(primaryEnd.ms, ...variants.map((variant) => Date.parse(variant.dueAt)));
  const alertAt = formatInstant(alertMs, zone);
  trace.push({
    step: 'alert',
    fr:
      alertMs < primaryEnd.ms
        ? `Alerte sur la date la plus proche : ${spellInstant(alertMs, zone).fr}.`
        : `Alerte sur l'échéance : ${spellInstant(alertMs, zone).fr}.`,
    en:
      alertMs < primaryEnd.ms
        ? `Alert on the earliest date: ${spellInstant(alertMs, zone).en}.`
        : `Alert on the due date: ${spellInstant(alertMs, zone).en}.`,
  });

  const result: DeadlineResult = {
    ruleId: applied.id,
    label: applied.label.fr,
    dueAt: formatInstant(primaryEnd.ms, zone),
    alertAt,
    variants,
    status: state.status,
    startAt: formatInstant(state.start.ms, zone),
    zone: zone.name,
    trace,
    legalRef: applied.legalRef,
    sourceUrl: applied.sourceUrl,
    confidence: primaryEnd.trace.some((entry) => entry.step === 'clamp' || entry.step === 'warning')
      ? lowerConfidence(confidence, 'medium')
      : confidence,
  };
  if (applied !== rule) result.requestedRuleId = rule.id;
  if (now !== undefined) {
    result.urgency = computeUrgency({ dueAt: alertAt, rule: applied, missingDocuments: 0, now });
  }
  return result;
}

function readingVariant(reading: CesedaRuleReading, ms: number, zone: IANAZone, retained: boolean): DeadlineVariant {
  return {
    id: reading.id,
    label: `${reading.label.fr}${retained ? ' — retenue' : ''}`,
    labelEn: `${reading.label.en}${retained ? ' — retained' : ''}`,
    dueAt: formatInstant(ms, zone),
    grounds: reading.grounds,
  };
}

/** The decision-date regime check (the 15 July 2024 switch): throws when the rule does not cover the decision. */
function checkRegime(
  rule: CesedaRule,
  input: DeadlineInput,
  notifiedOn: { year: number; month: number; day: number },
): { entry?: TraceEntry; uncertain: boolean } {
  const range = validityText(rule);
  const hint = rule.previousRegime
    ? {
        fr: ` Règle(s) applicable(s) aux décisions antérieures : ${rule.previousRegime.join(', ')}.`,
        en: ` Rule(s) for earlier decisions: ${rule.previousRegime.join(', ')}.`,
      }
    : { fr: '', en: '' };
  if (input.decisionDate !== undefined) {
    const decided = parseDate(input.decisionDate, '/decisionDate');
    const iso = formatIsoDate(decided);
    if (!ruleInForce(rule, iso)) {
      throw domainError('deadline.rule-not-in-force', '/decisionDate', {
        id: rule.id,
        range: range.fr,
        rangeEn: range.en,
        date: iso,
        hint: hint.fr,
        hintEn: hint.en,
      });
    }
    if (!rule.validFrom && !rule.validTo) return { uncertain: false };
    return {
      uncertain: false,
      entry: {
        step: 'regime',
        date: iso,
        fr: `Décision du ${spellDate(decided).fr} : la règle s'applique aux décisions prises ${range.fr}.`,
        en: `Decision of ${spellDate(decided).en}: the rule covers decisions taken ${range.en}.`,
        legalRef: 'Loi n° 2024-42, art. 86 IV ; décret n° 2024-799, art. 9',
      },
    };
  }
  const notifiedIso = formatIsoDate(notifiedOn);
  if (rule.validFrom && notifiedIso < rule.validFrom) {
    throw domainError('deadline.rule-not-in-force', '/decisionDate', {
      id: rule.id,
      range: range.fr,
      rangeEn: range.en,
      date: `${notifiedIso} ou avant (notification du ${notifiedIso})`,
      hint: hint.fr,
      hintEn: hint.en,
    });
  }
  if (!rule.validFrom && !rule.validTo) return { uncertain: false };
  const close =
    rule.validFrom !== null && Date.parse(notifiedIso) - Date.parse(rule.validFrom) < REGIME_MARGIN_DAYS * 86_400_000;
  return {
    uncertain: close || rule.validTo !== null,
    entry: {
      step: 'regime',
      fr: `Date de la décision non fournie : on suppose une décision prise ${range.fr}.${close || rule.validTo ? ' À vérifier : la notification est proche du changement de régime.' : ''}`,
      en: `Decision date not given: assumed to be taken ${range.en}.${close || rule.validTo ? ' To be checked: the notification is close to the change of regime.' : ''}`,
    },
  };
}

function validityText(rule: CesedaRule): { fr: string; en: string } {
  const fmt = (iso: string) =>
    spellDate({
      year: Number(iso.slice(0, 4)),
      month: Number(iso.slice(5, 7)),
      day: Number(iso.slice(8, 10)),
    });
  if (rule.validFrom && rule.validTo) {
    return {
      fr: `du ${fmt(rule.validFrom).fr} au ${fmt(rule.validTo).fr}`,
      en: `from ${fmt(rule.validFrom).en} to ${fmt(rule.validTo).en}`,
    };
  }
  if (rule.validFrom) return { fr: `à compter du ${fmt(rule.validFrom).fr}`, en: `from ${fmt(rule.validFrom).en}` };
  if (rule.validTo) return { fr: `jusqu'au ${fmt(rule.validTo).fr}`, en: `until ${fmt(rule.validTo).en}` };
  return { fr: 'à toute date', en: 'at any date' };
}

function localHolidayVariant(
  state: PeriodState,
  primary: CesedaRuleReading,
  primaryMs: number,
  zone: IANAZone,
  calendar: CalendarChoice,
): { variant: DeadlineVariant; entry: TraceEntry } | undefined {
  if (calendar.region === 'metropole') return undefined;
  const year = Number(formatInstant(primaryMs, zone).slice(0, 4));
  const hasLocal = [year - 1, year, year + 1].some((y) =>
    publicHolidays(y, calendar.region).some((holiday) => holiday.kind !== 'national'),
  );
  if (!hasLocal) return undefined;
  const flipped = { ...calendar, applyLocal: !calendar.applyLocal };
  const other = stateEnd(state, primary, zone, flipped);
  if (other.ms === primaryMs) return undefined;
  const name = REGION_NAMES[calendar.region];
  const label = calendar.applyLocal
    ? { fr: `Sans les jours fériés locaux (${name})`, en: `Without the local public holidays (${name})` }
    : {
        fr: `Avec les jours fériés locaux (${name}) — non confirmé`,
        en: `With the local public holidays (${name}) — unconfirmed`,
      };
  const words = spellInstant(other.ms, zone);
  return {
    variant: { id: 'jours-feries-locaux', label: label.fr, labelEn: label.en, dueAt: formatInstant(other.ms, zone) },
    entry: {
      step: 'local-holidays',
      fr: `${label.fr} : échéance ${words.fr}. Que ces jours prorogent un délai au sens de l'art. 642 CPC n'est pas confirmé (ceseda.md §7.10).`,
      en: `${label.en}: due ${words.en}. Whether these days extend a period under CPC art. 642 is unconfirmed (ceseda.md §7.10).`,
    },
  };
}

function printedVariant(
  printed: string,
  primaryMs: number,
  zone: IANAZone,
): { variant: DeadlineVariant; entry: TraceEntry } {
  const instant = parseInstant(printed, zone, '/printedDecisionDate');
  const ms = instant.timeKnown ? instant.ms : endOfDay(instant.date, zone);
  const words = spellInstant(ms, zone);
  const relation =
    ms < primaryMs
      ? {
          fr: 'antérieure au calcul légal : l’alerte porte sur elle',
          en: 'earlier than the statutory computation: the alert is on it',
        }
      : ms > primaryMs
        ? {
            fr: "postérieure au calcul légal : un délai plus long mentionné par erreur sur la décision est opposable à l'administration (CE 6 janv. 2023, n° 461471), mais l'alerte reste sur la date la plus proche",
            en: 'later than the statutory computation: a longer period stated by mistake binds the administration (CE 6 Jan 2023, no. 461471), but the alert stays on the earliest date',
          }
        : { fr: 'identique au calcul légal', en: 'identical to the statutory computation' };
  return {
    variant: {
      id: 'date-imprimee',
      label: 'Date imprimée sur la décision',
      labelEn: 'Date printed on the decision',
      dueAt: formatInstant(ms, zone),
    },
    entry: {
      step: 'printed',
      date: formatIsoDate(instant.date),
      fr: `Date limite imprimée sur la décision : ${words.fr}, ${relation.fr}.`,
      en: `Deadline printed on the decision: ${words.en}, ${relation.en}.`,
      legalRef: 'CJA R. 421-5 ; CE 6 janv. 2023, n° 461471',
    },
  };
}
