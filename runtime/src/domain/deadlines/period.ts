/**
 * The end of one period under one reading of a rule (ceseda.md §2): hours from minute to minute; days and months
 * from the day after the start (art. 641 CPC), months clamped to the end of a shorter month, plus one day when
 * franc, then extended over Saturdays, Sundays and public holidays when the reading says so (art. 642 CPC).
 */
import type { CesedaRule, CesedaRuleReading } from '@iapm/schemas';
import type { IANAZone } from 'luxon';
import { addDays, addMonthsClamped, type CivilDate, dayOfWeek, formatIsoDate } from '../../core/calendar/civil-date.ts';
import { publicHolidays, type Region } from '../../core/calendar/holidays.ts';
import { endOfDay, localDate, spellDate, spellInstant, startOfDay } from '../time.ts';
import type { TraceEntry } from './types.ts';

/** Which public holidays extend a period: the national ones always, the region's local ones when applied. */
export interface CalendarChoice {
  region: Region;
  applyLocal: boolean;
}

/** Where a period starts: an instant and its local date; `timeKnown` false when only the date was given. */
export interface PeriodStart {
  ms: number;
  date: CivilDate;
  timeKnown: boolean;
}

/** The end of a period and how it was reached. */
export interface PeriodEnd {
  ms: number;
  /** Day-based periods: the last day before any extension (franc day included). */
  lastDay?: CivilDate;
  trace: TraceEntry[];
  /** True when the result rests on an interpretation a lawyer must check (month clamping, unknown hour). */
  interpretive: boolean;
}

const MS_PER_HOUR = 3_600_000;

/** The amount and unit of a reading (a reading may override the rule's). */
export function readingSpan(
  rule: CesedaRule,
  reading: CesedaRuleReading,
): { amount: number; unit: CesedaRule['unit'] } {
  return { amount: reading.amount ?? rule.amount, unit: reading.unit ?? rule.unit };
}

/**
 * Why `date` is not a working day ('samedi', 'dimanche' or the holidays' French names), or undefined.
 * Pure: no clock, no I/O.
 */
export function nonWorkingReason(date: CivilDate, calendar: CalendarChoice): string | undefined {
  const iso = formatIsoDate(date);
  const holidays = publicHolidays(date.year, calendar.region).filter(
    (holiday) => holiday.date === iso && (calendar.applyLocal || holiday.kind === 'national'),
  );
  if (holidays.length > 0) return holidays.map((holiday) => holiday.name).join(' / ');
  const weekday = dayOfWeek(date);
  if (weekday === 6) return 'samedi';
  if (weekday === 0) return 'dimanche';
  return undefined;
}

const ENGLISH_REASON: Record<string, string> = { samedi: 'Saturday', dimanche: 'Sunday' };

/**
 * The last day of a day- or month-based period before extension: start date + amount (the start day not counted,
 * unless the reading counts it), months clamped to the end of a shorter month, plus one day when franc.
 * Pure: no clock, no I/O.
 */
export function nominalLastDay(
  rule: CesedaRule,
  reading: CesedaRuleReading,
  startDate: CivilDate,
): { lastDay: CivilDate; trace: TraceEntry[]; interpretive: boolean } {
  const { amount, unit } = readingSpan(rule, reading);
  const trace: TraceEntry[] = [];
  let interpretive = false;
  let nominal: CivilDate;
  if (unit === 'months') {
    nominal = addMonthsClamped(startDate, amount);
    const clamped = nominal.day !== startDate.day;
    const words = spellDate(nominal);
    trace.push({
      step: 'count',
      date: formatIsoDate(nominal),
      fr: `Délai de ${amount} mois, de quantième à quantième à partir du ${spellDate(startDate).fr} (art. 641 al. 2 CPC) : ${words.fr}.`,
      en: `Period of ${amount} month(s), from date to same date after ${spellDate(startDate).en} (CPC art. 641 para. 2): ${words.en}.`,
      legalRef: 'CPC art. 641',
    });
    if (clamped) {
      interpretive = true;
      trace.push({
        step: 'clamp',
        date: formatIsoDate(nominal),
        fr: `Le mois d'arrivée n'a pas de ${startDate.day} : le délai s'achève le dernier jour du mois, ${words.fr} (art. 641 al. 2 CPC ; lecture à faire vérifier par un avocat).`,
        en: `The end month has no day ${startDate.day}: the period ends on the last day of the month, ${words.en} (CPC art. 641 para. 2; reading to be checked by a lawyer).`,
        legalRef: 'CPC art. 641',
      });
    }
  } else {
    const countStart = reading.countStartDay === true;
    nominal = addDays(startDate, countStart ? amount - 1 : amount);
    const words = spellDate(nominal);
    trace.push({
      step: 'count',
      date: formatIsoDate(nominal),
      fr: countStart
        ? `Délai de ${amount} jours, le jour de la notification (${spellDate(startDate).fr}) compté : dernier jour le ${words.fr}.`
        : `Délai de ${amount} jours ; le jour de la notification (${spellDate(startDate).fr}) n'est pas compté (art. 641 al. 1 CPC) : ${amount}e jour le ${words.fr}.`,
      en: countStart
        ? `Period of ${amount} days, the notification day (${spellDate(startDate).en}) counted: last day ${words.en}.`
        : `Period of ${amount} days; the notification day (${spellDate(startDate).en}) is not counted (CPC art. 641 para. 1): day ${amount} is ${words.en}.`,
      legalRef: countStart ? undefined : 'CPC art. 641',
    });
  }
  let lastDay = nominal;
  if (reading.franc) {
    lastDay = addDays(nominal, 1);
    const words = spellDate(lastDay);
    trace.push({
      step: 'franc',
      date: formatIsoDate(lastDay),
      fr: `Délai franc : le lendemain, ${words.fr}, reste disponible.`,
      en: `Franc period: the next day, ${words.en}, is still available.`,
    });
  }
  return { lastDay, trace, interpretive };
}

/**
 * Extends `lastDay` over non-working days when the reading says so, and returns the instant of 23:59:59 local
 * time on the final day, with a trace line per day skipped (or a warning when the period ends on a non-working
 * day and is not extended).
 * Pure: no clock, no I/O.
 */
export function finishDay(
  lastDay: CivilDate,
  reading: CesedaRuleReading,
  zone: IANAZone,
  calendar: CalendarChoice,
): { ms: number; finalDay: CivilDate; trace: TraceEntry[] } {
  const trace: TraceEntry[] = [];
  let day = lastDay;
  if (reading.extendNonWorking) {
    for (let reason = nonWorkingReason(day, calendar); reason !== undefined; reason = nonWorkingReason(day, calendar)) {
      const words = spellDate(day);
      trace.push({
        step: 'skip',
        date: formatIsoDate(day),
        fr: `${words.fr} : ${reason} — report au jour suivant (art. 642 al. 2 CPC).`,
        en: `${words.en}: ${ENGLISH_REASON[reason] ?? `public holiday (${reason})`} — extended to the next day (CPC art. 642 para. 2).`,
        legalRef: 'CPC art. 642',
      });
      day = addDays(day, 1);
    }
  } else {
    const reason = nonWorkingReason(day, calendar);
    if (reason !== undefined) {
      trace.push({
        step: 'no-extension',
        date: formatIsoDate(day),
        fr: `Le dernier jour tombe un jour non ouvré (${reason}) : cette lecture ne proroge pas le délai.`,
        en: `The last day is not a working day (${ENGLISH_REASON[reason] ?? reason}): this reading does not extend the period.`,
      });
    }
  }
  const ms = endOfDay(day, zone);
  const words = spellInstant(ms, zone);
  trace.push({
    step: 'end',
    date: formatIsoDate(day),
    fr: `Échéance : ${words.fr} (${zone.name}).`,
    en: `Due: ${words.en} (${zone.name}).`,
  });
  return { ms, finalDay: day, trace };
}

/**
 * The end of the period that starts at `start` under `reading` of `rule`.
 * Hours: exact elapsed time from the notification minute (a start with no known time counts from 00:00 the next
 * day), never franc, never extended. Days and months: {@link nominalLastDay} then {@link finishDay}.
 * Pure: no clock, no I/O.
 */
export function periodEnd(
  rule: CesedaRule,
  reading: CesedaRuleReading,
  start: PeriodStart,
  zone: IANAZone,
  calendar: CalendarChoice,
): PeriodEnd {
  const { amount, unit } = readingSpan(rule, reading);
  if (unit === 'hours') return hoursEnd(amount, start, zone, calendar);
  const nominal = nominalLastDay(rule, reading, start.date);
  const finished = finishDay(nominal.lastDay, reading, zone, calendar);
  return {
    ms: finished.ms,
    lastDay: nominal.lastDay,
    trace: [...nominal.trace, ...finished.trace],
    interpretive: nominal.interpretive,
  };
}

function hoursEnd(amount: number, start: PeriodStart, zone: IANAZone, calendar: CalendarChoice): PeriodEnd {
  const trace: TraceEntry[] = [];
  let from = start.ms;
  if (!start.timeKnown) {
    from = startOfDay(addDays(start.date, 1), zone);
    trace.push({
      step: 'warning',
      fr: `Heure de notification inconnue : le délai en heures court à partir du lendemain à 0 h (jurisprudence citée par ceseda.md §2.1, fiabilité moyenne).`,
      en: `Notification time unknown: the hour-based period runs from 00:00 the next day (case law cited in ceseda.md §2.1, medium reliability).`,
    });
  }
  const ms = from + amount * MS_PER_HOUR;
  const fromWords = spellInstant(from, zone);
  const toWords = spellInstant(ms, zone);
  trace.push({
    step: 'count',
    fr: `Délai de ${amount} heures, de minute en minute, tous les jours comptés, ni franc ni prorogé : du ${fromWords.fr} au ${toWords.fr}.`,
    en: `Period of ${amount} hours, minute to minute, every day counted, neither franc nor extended: from ${fromWords.en} to ${toWords.en}.`,
    legalRef: 'CE 22 juin 2012, GISTI, n° 352388',
  });
  if (zone.offset(from) !== zone.offset(ms)) {
    trace.push({
      step: 'count',
      fr: `Changement d'heure pendant le délai : ${amount} heures réelles s'écoulent, l'heure affichée se décale.`,
      en: `The clocks change during the period: ${amount} real hours elapse, the displayed hour shifts.`,
    });
  }
  const endDay = localDate(ms, zone);
  const reason = nonWorkingReason(endDay, calendar);
  if (reason !== undefined) {
    trace.push({
      step: 'no-extension',
      date: formatIsoDate(endDay),
      fr: `Le délai expire un jour non ouvré (${reason}) : un délai en heures n'est jamais prorogé.`,
      en: `The period ends on a non-working day (${ENGLISH_REASON[reason] ?? reason}): an hour-based period is never extended.`,
    });
  }
  trace.push({
    step: 'end',
    date: formatIsoDate(endDay),
    fr: `Échéance : ${toWords.fr} (${zone.name}).`,
    en: `Due: ${toWords.en} (${zone.name}).`,
  });
  return { ms, trace, interpretive: !start.timeKnown };
}
