/**
 * The start of a period from how the decision was notified (ceseda.md §4): by hand, registered letter delivered,
 * collected or not collected (first presentation), electronic (first consultation, or deemed after 15 days).
 */
import type { CesedaRule } from '@iapm/schemas';
import type { IANAZone } from 'luxon';
import { addDays, formatIsoDate } from '../../core/calendar/civil-date.ts';
import { instantFromWallTime, wallTimeOf } from '../../core/calendar/time-zone.ts';
import { domainError } from '../errors.ts';
import { type LocalInstant, localDate, parseInstant, spellDate, spellInstant } from '../time.ts';
import type { PeriodStart } from './period.ts';
import { type DeadlineInput, NOTIFICATION_MODES, type TraceEntry } from './types.ts';

/** Days after which an electronic decision never consulted is deemed notified (R. 531-17 CESEDA for OFPRA). */
export const ELECTRONIC_DEEMED_DAYS = 15;

/** The start of the period, its trace, and whether it rests on a point to check. */
export interface NotificationStart {
  start: PeriodStart;
  trace: TraceEntry[];
  uncertain: boolean;
}

function describe(instant: LocalInstant, zone: IANAZone) {
  return instant.timeKnown ? spellInstant(instant.ms, zone) : spellDate(instant.date);
}

/**
 * Works out when the period starts from the notification facts of `input`. Throws a DomainError with the
 * pointer of the missing or malformed field.
 * Pure: no clock, no I/O.
 */
export function notificationStart(rule: CesedaRule, input: DeadlineInput, zone: IANAZone): NotificationStart {
  const mode = input.mode;
  if (mode !== undefined && !NOTIFICATION_MODES.includes(mode)) {
    throw domainError('deadline.unknown-mode', '/mode', {
      value: String(mode),
      allowed: NOTIFICATION_MODES.join(', '),
    });
  }
  const notified = input.notifiedAt === undefined ? undefined : parseInstant(input.notifiedAt, zone, '/notifiedAt');
  const presented =
    input.firstPresentationAt === undefined
      ? undefined
      : parseInstant(input.firstPresentationAt, zone, '/firstPresentationAt');

  if (mode === 'electronic') return electronicStart(rule, input, notified, zone);

  if (mode === 'lrar-unclaimed') {
    const deemed = presented ?? notified;
    if (!deemed) {
      throw domainError('deadline.missing-notification', '/firstPresentationAt', {
        detail: 'date de première présentation du pli / date of first presentation',
      });
    }
    const words = describe(deemed, zone);
    return {
      start: deemed,
      uncertain: false,
      trace: [
        {
          step: 'notification',
          date: isoDate(deemed),
          fr: `Lettre recommandée non réclamée : notification réputée faite à la première présentation du pli, le ${words.fr}, si l'avis de passage est établi (CE 24 avr. 2012, n° 341146).`,
          en: `Registered letter not collected: notification deemed made at the first presentation, ${words.en}, provided the notice of attempted delivery is proven (CE 24 Apr 2012, no. 341146).`,
          legalRef: 'CE 24 avr. 2012, n° 341146',
        },
      ],
    };
  }

  if (!notified) {
    throw domainError('deadline.missing-notification', '/notifiedAt', {
      detail: 'date et heure de notification / notification date and time',
    });
  }
  const words = describe(notified, zone);
  const trace: TraceEntry[] = [];
  if (mode === 'lrar-collected') {
    trace.push({
      step: 'notification',
      date: isoDate(notified),
      fr: `Lettre recommandée retirée au bureau de poste dans le délai de garde : notification le jour du retrait, ${words.fr}.`,
      en: `Registered letter collected at the post office within the holding period: notified on collection, ${words.en}.`,
      legalRef: 'CE 24 avr. 2012, n° 341146',
    });
  } else if (mode === 'lrar-delivered') {
    trace.push({
      step: 'notification',
      date: isoDate(notified),
      fr: `Lettre recommandée remise au destinataire : notification le jour de la remise, ${words.fr}.`,
      en: `Registered letter handed to the addressee: notified on delivery, ${words.en}.`,
    });
  } else if (mode === 'hand') {
    trace.push({
      step: 'notification',
      date: isoDate(notified),
      fr: `Notification par voie administrative (remise en main propre) : ${words.fr}.`,
      en: `Notification by hand (administrative channel): ${words.en}.`,
    });
  } else {
    trace.push({
      step: 'notification',
      date: isoDate(notified),
      fr: `Mode de notification non précisé : la date fournie, ${words.fr}, est prise comme date de notification.`,
      en: `Notification mode not given: the date provided, ${words.en}, is taken as the notification date.`,
    });
  }
  return { start: notified, trace, uncertain: false };
}

function electronicStart(
  rule: CesedaRule,
  input: DeadlineInput,
  consulted: LocalInstant | undefined,
  zone: IANAZone,
): NotificationStart {
  const available =
    input.madeAvailableAt === undefined ? undefined : parseInstant(input.madeAvailableAt, zone, '/madeAvailableAt');
  if (!consulted && !available) {
    throw domainError('deadline.missing-notification', '/notifiedAt', {
      detail: 'date de première consultation ou de mise à disposition / date of first consultation or of availability',
    });
  }
  const ofpra = rule.id.startsWith('CNDA');
  const legalRef = ofpra ? 'CESEDA R. 531-17' : 'Téléservices : règle analogue (texte parent non identifié)';
  let deemed: LocalInstant | undefined;
  if (available) {
    const wall = wallTimeOf(new Date(available.ms), zone);
    const date = addDays(available.date, ELECTRONIC_DEEMED_DAYS);
    const ms = instantFromWallTime({ ...wall, ...date }, zone).getTime();
    deemed = { ms, date: localDate(ms, zone), timeKnown: available.timeKnown };
  }
  const trace: TraceEntry[] = [];
  let start: LocalInstant;
  if (consulted && (!deemed || consulted.ms <= deemed.ms)) {
    start = consulted;
    const words = describe(consulted, zone);
    trace.push({
      step: 'notification',
      date: isoDate(consulted),
      fr: `Notification électronique : réputée faite à la première consultation, le ${words.fr} (${legalRef}).`,
      en: `Electronic notification: deemed made at the first consultation, ${words.en} (${legalRef}).`,
      legalRef,
    });
  } else {
    start = deemed as LocalInstant;
    const availableWords = describe(available as LocalInstant, zone);
    const words = describe(start, zone);
    trace.push({
      step: 'notification',
      date: isoDate(start),
      fr: `Notification électronique sans consultation${consulted ? ' dans le délai' : ''} : réputée faite ${ELECTRONIC_DEEMED_DAYS} jours après la mise à disposition du ${availableWords.fr}, soit le ${words.fr} (${legalRef}).`,
      en: `Electronic notification not consulted${consulted ? ' in time' : ''}: deemed made ${ELECTRONIC_DEEMED_DAYS} days after it was made available on ${availableWords.en}, i.e. ${words.en} (${legalRef}).`,
      legalRef,
    });
  }
  if (!ofpra) {
    trace.push({
      step: 'warning',
      fr: 'Règle de notification électronique hors OFPRA : fiabilité moyenne (ceseda.md §4), à vérifier.',
      en: 'Electronic notification rule outside OFPRA: medium reliability (ceseda.md §4), to be checked.',
    });
  }
  return { start, trace, uncertain: !ofpra };
}

function isoDate(instant: LocalInstant): string {
  return formatIsoDate(instant.date);
}
