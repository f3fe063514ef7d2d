/**
 * Events that change a running period (ceseda.md §2.1): the R. 921-1 switch to 7 days / 48 hours, legal-aid
 * requests (interruption in general law, suspension before the CNDA, no effect in the special procedures) and
 * recours gracieux or hiérarchique (interruption in general law, none for the OQTF periods).
 */
import type { CesedaRule, CesedaRuleReading } from '@iapm/schemas';
import type { IANAZone } from 'luxon';
import { addDays, addMonthsClamped, type CivilDate, formatIsoDate } from '../../core/calendar/civil-date.ts';
import { domainError } from '../errors.ts';
import {
  daysBetween,
  endOfDay,
  type LocalInstant,
  parseInstant,
  spellDate,
  spellInstant,
  startOfDay,
} from '../time.ts';
import { type CalendarChoice, finishDay, nominalLastDay, type PeriodStart, periodEnd, readingSpan } from './period.ts';
import type { DeadlineEvent, DeadlineStatus, TraceEntry } from './types.ts';

/** The period as the events leave it. */
export interface PeriodState {
  rule: CesedaRule;
  start: PeriodStart;
  /** When the period was suspended (CNDA legal aid) and, once decided, when it resumed. */
  suspension?: { at: LocalInstant; resumedAt?: LocalInstant };
  /** A legal-aid request that interrupts the period, waiting for its decision. */
  heldByAid?: LocalInstant;
  /** The period restarted after a legal-aid decision (a later lawyer designation can move its start). */
  restartedByAid?: boolean;
  /** A pending administrative appeal: its filing and the day its implicit rejection is born. */
  appeal?: { filedAt: LocalInstant; implicitRejection: CivilDate };
  status: DeadlineStatus;
}

/** How the pipeline reads a legal-aid request whose interrupting effect is unconfirmed. */
export interface EventOptions {
  aidInterrupts: boolean;
}

export interface EventOutcome {
  state: PeriodState;
  trace: TraceEntry[];
  /** True when an event's effect is unknown or unconfirmed for the rule. */
  uncertain: boolean;
  /** True when an unconfirmed legal-aid interruption was met (a variant should be computed). */
  uncertainAid: boolean;
}

/**
 * The end of the period described by `state` under `reading`: a plain period from `state.start`, or, after a
 * suspension that has ended, the time that remained when it was suspended, counted again from the resumption.
 * Pure: no clock, no I/O.
 */
export function stateEnd(
  state: PeriodState,
  reading: CesedaRuleReading,
  zone: IANAZone,
  calendar: CalendarChoice,
): { ms: number; trace: TraceEntry[] } {
  const suspension = state.suspension;
  if (!suspension?.resumedAt) return periodEnd(state.rule, reading, state.start, zone, calendar);
  const resumed = suspension.resumedAt;
  if (readingSpan(state.rule, reading).unit === 'hours') {
    const full = periodEnd(state.rule, reading, state.start, zone, calendar);
    const ms = resumed.ms + Math.max(0, full.ms - suspension.at.ms);
    const words = spellInstant(ms, zone);
    return {
      ms,
      trace: [{ step: 'end', fr: `Échéance après reprise : ${words.fr}.`, en: `Due after resumption: ${words.en}.` }],
    };
  }
  const nominal = nominalLastDay(state.rule, reading, state.start.date);
  const remaining = Math.max(0, daysBetween(suspension.at.date, nominal.lastDay));
  const lastDay = addDays(resumed.date, remaining);
  const from = spellDate(suspension.at.date);
  const to = spellDate(nominal.lastDay);
  const restart = spellDate(resumed.date);
  const finished = finishDay(lastDay, reading, zone, calendar);
  return {
    ms: finished.ms,
    trace: [
      ...nominal.trace,
      {
        step: 'event',
        date: formatIsoDate(lastDay),
        fr: `Suspension : du ${from.fr} au ${to.fr} restaient ${remaining} jours ; ils courent à nouveau à partir du ${restart.fr}, soit jusqu'au ${spellDate(lastDay).fr}.`,
        en: `Suspension: from ${from.en} to ${to.en}, ${remaining} days remained; they run again from ${restart.en}, i.e. until ${spellDate(lastDay).en}.`,
        legalRef: 'Loi n° 91-647, art. 9-4',
      },
      ...finished.trace,
    ],
  };
}

function parseEvent(event: DeadlineEvent, index: number, zone: IANAZone): LocalInstant {
  const pointer = `/events/${index}`;
  if (!event || typeof event !== 'object' || typeof event.type !== 'string') {
    throw domainError('deadline.event-invalid', pointer, { detail: 'type manquant / missing type' });
  }
  return parseInstant(event.at, zone, `${pointer}/at`);
}

const KNOWN_EVENTS = new Set([
  'assignation-notified',
  'retention-notified',
  'legal-aid-requested',
  'legal-aid-decided',
  'lawyer-designated',
  'administrative-appeal-filed',
  'administrative-appeal-rejected',
]);

/**
 * Applies `events` (in time order) to the period of `rule` that starts at `start`. Throws a DomainError for an
 * unknown or malformed event, an event before the notification, or a switch the rule does not provide.
 * Pure: no clock, no I/O.
 */
export function applyEvents(
  rule: CesedaRule,
  start: PeriodStart,
  events: readonly DeadlineEvent[],
  zone: IANAZone,
  calendar: CalendarChoice,
  options: EventOptions,
): EventOutcome {
  const parsed = events.map((event, index) => {
    const at = parseEvent(event, index, zone);
    if (!KNOWN_EVENTS.has(event.type)) {
      throw domainError('deadline.event-invalid', `/events/${index}/type`, {
        detail: `« ${event.type} » (${[...KNOWN_EVENTS].join(', ')})`,
      });
    }
    if (dateKey(at.date) < dateKey(start.date)) {
      throw domainError('deadline.event-before-start', `/events/${index}/at`, { date: formatIsoDate(at.date) });
    }
    return { event, at, index };
  });
  parsed.sort((a, b) => a.at.ms - b.at.ms || a.index - b.index);

  let state: PeriodState = { rule, start, status: 'running' };
  const trace: TraceEntry[] = [];
  let uncertain = false;
  let uncertainAid = false;
  const notifiedOn = start.date;

  for (const { event, at, index } of parsed) {
    const due = stateEnd(state, state.rule.computation.primary, zone, calendar).ms;
    const when = at.timeKnown ? spellInstant(at.ms, zone) : spellDate(at.date);
    const expired = at.ms > due;
    const note = (fr: string, en: string, legalRef?: string) =>
      trace.push({ step: 'event', date: formatIsoDate(at.date), fr, en, ...(legalRef ? { legalRef } : {}) });

    switch (event.type) {
      case 'assignation-notified':
      case 'retention-notified': {
        const kind = event.type === 'assignation-notified' ? 'assignation' : 'retention';
        const target = event.rule;
        if (!target || typeof target !== 'object' || typeof target.id !== 'string') {
          throw domainError('deadline.event-invalid', `/events/${index}/rule`, {
            detail: 'règle de bascule manquante / switch rule missing',
          });
        }
        if (state.rule.switches?.[kind] !== target.id) {
          throw domainError('deadline.switch-mismatch', `/events/${index}/rule`, {
            id: state.rule.id,
            target: target.id,
            kind,
          });
        }
        if (expired) {
          note(
            `${kind === 'assignation' ? 'Assignation à résidence notifiée' : 'Placement en rétention notifié'} le ${when.fr}, après l'expiration du délai : pas de bascule (R. 921-1).`,
            `${kind === 'assignation' ? 'Assignation' : 'Placement in detention'} notified on ${when.en}, after the period expired: no switch (R. 921-1).`,
          );
          break;
        }
        note(
          `${kind === 'assignation' ? 'Assignation à résidence notifiée' : 'Placement en rétention notifié'} le ${when.fr} avant l'expiration du délai : le délai de la règle ${state.rule.id} est interrompu ; un nouveau délai (${target.id}, ${target.amount} ${target.unit === 'hours' ? 'heures' : 'jours'}) court à compter de l'information donnée lors de cette notification.`,
          `${kind === 'assignation' ? 'Assignation' : 'Placement in detention'} notified on ${when.en} before the period expired: the period of rule ${state.rule.id} is interrupted; a new period (${target.id}, ${target.amount} ${target.unit}) runs from the information given at that notification.`,
          kind === 'assignation' ? 'CESEDA R. 921-1 al. 1' : 'CESEDA R. 921-1 al. 2',
        );
        state = { rule: target, start: { ms: at.ms, date: at.date, timeKnown: at.timeKnown }, status: 'running' };
        break;
      }
      case 'legal-aid-requested': {
        const aid = state.rule.legalAid;
        if (expired) {
          note(
            `Demande d'aide juridictionnelle du ${when.fr}, après l'expiration du délai : sans effet.`,
            `Legal-aid request of ${when.en}, after the period expired: no effect.`,
          );
          break;
        }
        let effect = aid?.effect;
        if (effect === 'uncertain-interrupts') {
          uncertainAid = true;
          if (!options.aidInterrupts) {
            note(
              `Demande d'aide juridictionnelle du ${when.fr} : son effet interruptif n'est pas confirmé (${aid?.legalRef}) ; il n'est pas retenu pour l'échéance, voir la variante.`,
              `Legal-aid request of ${when.en}: its interrupting effect is unconfirmed (${aid?.legalRef}); it is not applied to the due date, see the variant.`,
              aid?.legalRef,
            );
            break;
          }
          effect = 'interrupts';
        }
        if (effect === undefined) {
          uncertain = true;
          note(
            `Demande d'aide juridictionnelle du ${when.fr} : effet non renseigné pour la règle ${state.rule.id} ; non appliqué, à vérifier.`,
            `Legal-aid request of ${when.en}: effect not recorded for rule ${state.rule.id}; not applied, to be checked.`,
          );
        } else if (effect === 'none') {
          note(
            `Demande d'aide juridictionnelle du ${when.fr} : n'interrompt pas ce délai (${aid?.legalRef}).`,
            `Legal-aid request of ${when.en}: does not interrupt this period (${aid?.legalRef}).`,
            aid?.legalRef,
          );
        } else if (effect === 'suspends') {
          const windowDays = aid?.windowDays;
          const windowEnd = windowDays ? endOfDay(addDays(notifiedOn, windowDays), zone) : Number.POSITIVE_INFINITY;
          if (at.ms > windowEnd) {
            note(
              `Demande d'aide juridictionnelle du ${when.fr}, plus de ${windowDays} jours après la notification : elle ne suspend pas le délai.`,
              `Legal-aid request of ${when.en}, more than ${windowDays} days after notification: it does not suspend the period.`,
              aid?.legalRef,
            );
          } else {
            state = { ...state, suspension: { at }, status: 'suspended' };
            note(
              `Demande d'aide juridictionnelle du ${when.fr}, dans les ${windowDays} jours : le délai est suspendu jusqu'à la notification de la décision d'aide.`,
              `Legal-aid request of ${when.en}, within ${windowDays} days: the period is suspended until the legal-aid decision is notified.`,
              aid?.legalRef,
            );
          }
        } else {
          state = { ...state, heldByAid: at, status: 'interrupted' };
          note(
            `Demande d'aide juridictionnelle du ${when.fr} : le délai est interrompu ; un nouveau délai complet courra ${aid?.restartAfterDays ?? 0} jours après la notification de la décision d'aide.`,
            `Legal-aid request of ${when.en}: the period is interrupted; a new full period will run ${aid?.restartAfterDays ?? 0} days after the legal-aid decision is notified.`,
            aid?.legalRef,
          );
        }
        break;
      }
      case 'legal-aid-decided': {
        if (state.suspension && !state.suspension.resumedAt) {
          state = { ...state, suspension: { ...state.suspension, resumedAt: at }, status: 'running' };
          note(
            `Décision d'aide juridictionnelle notifiée le ${when.fr} : le délai reprend pour la durée qui restait.`,
            `Legal-aid decision notified on ${when.en}: the period resumes for the time that remained.`,
            state.rule.legalAid?.legalRef,
          );
        } else if (state.heldByAid) {
          const restart = addDays(at.date, state.rule.legalAid?.restartAfterDays ?? 0);
          state = {
            rule: state.rule,
            start: { ms: startOfDay(restart, zone), date: restart, timeKnown: false },
            restartedByAid: true,
            status: 'running',
          };
          note(
            `Décision d'aide juridictionnelle notifiée le ${when.fr} : un nouveau délai complet court à compter du ${spellDate(restart).fr}.`,
            `Legal-aid decision notified on ${when.en}: a new full period runs from ${spellDate(restart).en}.`,
            state.rule.legalAid?.legalRef,
          );
        } else {
          note(
            `Décision d'aide juridictionnelle du ${when.fr} sans demande qui ait suspendu ou interrompu le délai : sans effet.`,
            `Legal-aid decision of ${when.en} with no request that suspended or interrupted the period: no effect.`,
          );
        }
        break;
      }
      case 'lawyer-designated': {
        if (state.restartedByAid && dateKey(at.date) > dateKey(state.start.date)) {
          state = { ...state, start: { ms: startOfDay(at.date, zone), date: at.date, timeKnown: false } };
          note(
            `Avocat désigné le ${when.fr}, après la décision d'aide : le nouveau délai court à compter de cette désignation.`,
            `Lawyer designated on ${when.en}, after the legal-aid decision: the new period runs from that designation.`,
            state.rule.legalAid?.legalRef,
          );
        } else {
          note(
            `Désignation de l'avocat le ${when.fr} : sans effet sur le délai.`,
            `Lawyer designated on ${when.en}: no effect on the period.`,
          );
        }
        break;
      }
      case 'administrative-appeal-filed': {
        const appeal = state.rule.administrativeAppeal;
        if (expired) {
          note(
            `Recours administratif du ${when.fr}, après l'expiration du délai : sans effet.`,
            `Administrative appeal of ${when.en}, after the period expired: no effect.`,
          );
        } else if (!appeal) {
          uncertain = true;
          note(
            `Recours gracieux ou hiérarchique du ${when.fr} : effet non renseigné pour la règle ${state.rule.id} ; non appliqué, à vérifier.`,
            `Administrative appeal of ${when.en}: effect not recorded for rule ${state.rule.id}; not applied, to be checked.`,
          );
        } else if (appeal.effect === 'none') {
          note(
            `Recours gracieux ou hiérarchique du ${when.fr} : il ne proroge pas ce délai (${appeal.legalRef}).`,
            `Administrative appeal of ${when.en}: it does not extend this period (${appeal.legalRef}).`,
            appeal.legalRef,
          );
        } else {
          const months = appeal.implicitRejectionMonths ?? 2;
          const implicit = addMonthsClamped(at.date, months);
          state = {
            rule: state.rule,
            start: { ms: startOfDay(implicit, zone), date: implicit, timeKnown: false },
            appeal: { filedAt: at, implicitRejection: implicit },
            status: 'running',
          };
          note(
            `Recours gracieux ou hiérarchique formé le ${when.fr} dans le délai : il l'interrompt. Sans réponse, un rejet implicite naît le ${spellDate(implicit).fr} (${months} mois de silence) et un nouveau délai complet court à compter de cette date ; un rejet exprès antérieur le ferait courir plus tôt.`,
            `Administrative appeal filed on ${when.en} within the period: it interrupts it. Without an answer, an implicit rejection arises on ${spellDate(implicit).en} (${months} months of silence) and a new full period runs from then; an earlier express rejection would start it sooner.`,
            appeal.legalRef,
          );
        }
        break;
      }
      case 'administrative-appeal-rejected': {
        if (state.appeal && dateKey(at.date) < dateKey(state.appeal.implicitRejection)) {
          state = { ...state, start: { ms: at.ms, date: at.date, timeKnown: at.timeKnown }, appeal: undefined };
          note(
            `Rejet exprès du recours administratif notifié le ${when.fr} : le nouveau délai court à compter de cette notification.`,
            `Express rejection of the administrative appeal notified on ${when.en}: the new period runs from that notification.`,
            state.rule.administrativeAppeal?.legalRef,
          );
        } else {
          note(
            `Rejet du recours administratif le ${when.fr} : ${state.appeal ? 'postérieur au rejet implicite, dont le délai court déjà' : 'aucun recours interruptif en cours'}.`,
            `Rejection of the administrative appeal on ${when.en}: ${state.appeal ? 'after the implicit rejection, whose period already runs' : 'no interrupting appeal pending'}.`,
          );
        }
        break;
      }
    }
  }
  return { state, trace, uncertain, uncertainAid };
}

function dateKey(date: CivilDate): number {
  return date.year * 10000 + date.month * 100 + date.day;
}
