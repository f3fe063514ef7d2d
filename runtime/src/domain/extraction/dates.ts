/**
 * French dates in a text ("3 novembre 2026", "1er oct. 2026", "03/11/2026", "le 3/11", "2026-11-03", "hier",
 * "avant-hier", "ce jour", "lundi dernier", "il y a 3 jours"), and which of them is the decision date and which
 * the notification date, read from the words around each one.
 */
import { addDays, type CivilDate, dayOfWeek, daysInMonth, formatIsoDate } from '../../core/calendar/civil-date.ts';
import { daysBetween } from '../time.ts';
import { type PreparedText, sentenceEnd, sentenceStart } from './text.ts';

/** A date found in the text. `partial`: no year written; `relative`: read from the received date. */
export interface DateMention {
  start: number;
  end: number;
  date: CivilDate;
  kind: 'absolute' | 'partial' | 'relative';
}

/** What the words around a date say it is. */
export type DateRole =
  | 'notified'
  | 'handed'
  | 'consulted'
  | 'withdrawn'
  | 'presented'
  | 'received'
  | 'decision'
  | 'other';

export interface ClassifiedDate extends DateMention {
  role?: DateRole;
  /** Characters between the date and the word that gave its role (smaller is surer). */
  distance: number;
}

const MONTHS: Record<string, number> = {
  janvier: 1,
  janv: 1,
  fevrier: 2,
  fevr: 2,
  fev: 2,
  mars: 3,
  avril: 4,
  avr: 4,
  mai: 5,
  juin: 6,
  juillet: 7,
  juil: 7,
  aout: 8,
  septembre: 9,
  sept: 9,
  octobre: 10,
  oct: 10,
  novembre: 11,
  nov: 11,
  decembre: 12,
  dec: 12,
};

const TEXTUAL =
  /\b(1er|[0-3]?\d)\s+(janvier|janv\.?|fevrier|fevr\.?|fev\.?|mars|avril|avr\.?|mai|juin|juillet|juil\.?|aout|septembre|sept\.?|octobre|oct\.?|novembre|nov\.?|decembre|dec\.?)(?![a-z])(?:\s+(\d{4}))?/g;
const NUMERIC = /(?<![\d/.-])([0-3]?\d)([/.-])([01]?\d)\2(\d{4}|\d{2})(?![\d/-]|\.\d)/g;
const NUMERIC_NO_YEAR = /(?<![\d/.-])([0-3]?\d)\/([01]?\d)(?![\d/-]|\.\d)/g;
const ISO = /(?<![\d-])(\d{4})-(\d{2})-(\d{2})(?![\d-])/g;
const RELATIVE =
  /(?<![a-z])(avant-hier|avant hier|hier|aujourd'hui|ce jour|ce matin|cet apres-midi|ce soir|(lundi|mardi|mercredi|jeudi|vendredi|samedi|dimanche) dernier|il y a (\d{1,2}|deux|trois|quatre|cinq|six|sept|huit|neuf|dix) jours)(?![a-z])/g;
const WEEKDAYS = ['dimanche', 'lundi', 'mardi', 'mercredi', 'jeudi', 'vendredi', 'samedi'];
const SMALL_NUMBERS: Record<string, number> = {
  deux: 2,
  trois: 3,
  quatre: 4,
  cinq: 5,
  six: 6,
  sept: 7,
  huit: 8,
  neuf: 9,
  dix: 10,
};

function valid(year: number, month: number, day: number): CivilDate | undefined {
  if (!Number.isInteger(year) || year < 1900 || year > 2200 || month < 1 || month > 12 || day < 1) return undefined;
  return day <= daysInMonth(year, month) ? { year, month, day } : undefined;
}

/** A date written without its year: the year that puts it closest to the received date, at most 60 days after. */
function inferYear(month: number, day: number, reference: CivilDate): CivilDate | undefined {
  let best: CivilDate | undefined;
  for (const year of [reference.year - 1, reference.year, reference.year + 1]) {
    const date = valid(year, month, day);
    if (!date) continue;
    const gap = daysBetween(reference, date);
    if (gap > 60) continue;
    if (!best || Math.abs(gap) < Math.abs(daysBetween(reference, best))) best = date;
  }
  return best;
}

function relativeDate(match: RegExpExecArray, reference: CivilDate): CivilDate {
  const word = match[1] as string;
  if (word === 'hier') return addDays(reference, -1);
  if (word.startsWith('avant')) return addDays(reference, -2);
  if (match[2]) {
    const target = WEEKDAYS.indexOf(match[2]);
    const back = (dayOfWeek(reference) - target + 7) % 7 || 7;
    return addDays(reference, -back);
  }
  if (match[3]) return addDays(reference, -(Number(match[3]) || SMALL_NUMBERS[match[3]] || 0));
  return reference;
}

/**
 * Every date mentioned in the text, in order. Dates without a year, and relative dates, need `reference` (the
 * local date the text was received); without it they are left out.
 * Pure: no clock, no I/O.
 */
export function findDates(text: PreparedText, reference?: CivilDate): DateMention[] {
  const { folded } = text;
  const found: DateMention[] = [];
  const taken: [number, number][] = [];
  const free = (start: number, end: number) => !taken.some(([a, b]) => start < b && end > a);
  const add = (start: number, end: number, date: CivilDate | undefined, kind: DateMention['kind']) => {
    if (!date || !free(start, end)) return;
    taken.push([start, end]);
    found.push({ start, end, date, kind });
  };

  for (const m of folded.matchAll(ISO)) {
    add(m.index, m.index + m[0].length, valid(Number(m[1]), Number(m[2]), Number(m[3])), 'absolute');
  }
  for (const m of folded.matchAll(TEXTUAL)) {
    const day = m[1] === '1er' ? 1 : Number(m[1]);
    const month = MONTHS[(m[2] as string).replace('.', '')] as number;
    if (m[3]) add(m.index, m.index + m[0].length, valid(Number(m[3]), month, day), 'absolute');
    else if (reference) add(m.index, m.index + m[0].length, inferYear(month, day, reference), 'partial');
  }
  for (const m of folded.matchAll(NUMERIC)) {
    const yearText = m[4] as string;
    const year = yearText.length === 2 ? 2000 + Number(yearText) : Number(yearText);
    add(m.index, m.index + m[0].length, valid(year, Number(m[3]), Number(m[1])), 'absolute');
  }
  if (reference) {
    for (const m of folded.matchAll(NUMERIC_NO_YEAR)) {
      add(m.index, m.index + m[0].length, inferYear(Number(m[2]), Number(m[1]), reference), 'partial');
    }
    for (const m of folded.matchAll(RELATIVE)) {
      add(m.index, m.index + m[0].length, relativeDate(m, reference), 'relative');
    }
  }
  return found.sort((a, b) => a.start - b.start);
}

/** Words that give a date its role, searched in the same sentence. */
const CUES: { role: DateRole; pattern: RegExp }[] = [
  { role: 'decision', pattern: /\b(?:arrete|decision|jugement|ordonnance|refus|oqtf|mesure)\s+(?:\S+\s+){0,2}du$/ },
  { role: 'decision', pattern: /\b(?:datee?s?|en date|est)\s+du$/ },
  { role: 'decision', pattern: /\b(?:prise?|rendue?|prononcee?|signee?|edictee?)\s+(?:par\s+[^,.;]{1,50}\s+)?le$/ },
  { role: 'decision', pattern: /\bfait\s+a\s+[^,\n]{2,40},?\s+le$/ },
  { role: 'withdrawn', pattern: /\bretir(?:e|ee|er|ait)\b/ },
  { role: 'presented', pattern: /\b(?:presentee?|avise|avisee|passe)\b/ },
  { role: 'notified', pattern: /\bnotifi/ },
  { role: 'handed', pattern: /\b(?:remise?|donnee?|donne|delivree?|distribuee?)\b/ },
  { role: 'consulted', pattern: /\bconsultee?\b/ },
  { role: 'received', pattern: /\b(?:recue?s?|reception(?:ne)?)\b/ },
  {
    role: 'other',
    pattern:
      /\b(?:convoquee?|convocation|rendez-vous|rdv|avant le|jusqu'au|depose|deposee|depot|arrivee?|arriver|expire|naissance|mariage|depuis|ecrit|regler|payer|audience|echeance|facture|envoye|envoyee|expedie)\b/,
  },
  { role: 'other', pattern: /\bdate\s*:/ },
  { role: 'other', pattern: /\bnee?\s+le$/ },
];

function closestCue(window: string, fromEnd: boolean): { role: DateRole; distance: number } | undefined {
  let best: { role: DateRole; distance: number } | undefined;
  for (const { role, pattern } of CUES) {
    const anchored = pattern.source.endsWith('$');
    if (anchored) {
      if (fromEnd && pattern.test(window.trimEnd())) {
        if (!best || best.distance > 0) best = { role, distance: 0 };
      }
      continue;
    }
    const global = new RegExp(pattern.source, 'g');
    let match: RegExpExecArray | null = global.exec(window);
    while (match) {
      const distance = fromEnd ? window.length - (match.index + match[0].length) : match.index;
      if (!best || distance < best.distance) best = { role, distance };
      match = global.exec(window);
    }
  }
  return best;
}

/**
 * Gives each date the role of the nearest cue before it in its sentence ("notifiée le", "arrêté du", "retiré à la
 * poste le"...), or, failing that, of the first cue after it in the same sentence ("Hier, on m'a remis...").
 * Pure: no clock, no I/O.
 */
export function classifyDates(text: PreparedText, mentions: readonly DateMention[]): ClassifiedDate[] {
  const { folded } = text;
  return mentions.map((mention) => {
    const from = Math.max(sentenceStart(folded, mention.start), mention.start - 120);
    const before = closestCue(folded.slice(from, mention.start), true);
    if (before) return { ...mention, role: before.role, distance: before.distance };
    const to = Math.min(sentenceEnd(folded, mention.end), mention.end + 100);
    const after = closestCue(folded.slice(mention.end, to), false);
    if (after) return { ...mention, role: after.role, distance: after.distance + 20 };
    return { ...mention, distance: Number.POSITIVE_INFINITY };
  });
}

const NOTIFICATION_RANK: Partial<Record<DateRole, number>> = {
  notified: 4,
  handed: 4,
  consulted: 4,
  withdrawn: 4,
  received: 3,
  presented: 2,
};

/** The notification and decision dates chosen, with a confidence for each. */
export interface DatePick {
  notification?: { date: string; confidence: number; how: DateRole };
  decision?: { date: string; confidence: number };
}

/**
 * Chooses the notification date (an unclaimed registered letter: its first presentation; a collected one: the
 * withdrawal; otherwise the date with the strongest notification cue, first mentioned on a tie) and the decision
 * date (the first with a decision cue, not after the notification). Dates after the received date are ignored.
 * Pure: no clock, no I/O.
 */
export function pickDates(text: PreparedText, dates: readonly ClassifiedDate[], reference?: CivilDate): DatePick {
  const past = dates.filter((d) => !reference || daysBetween(reference, d.date) <= 1);
  const unclaimed = /non reclame|retour(?:ne)? a l'expediteur|\bpli avise\b/.test(text.folded);
  const candidates = past.filter((d) => d.role && NOTIFICATION_RANK[d.role] !== undefined);
  let chosen: ClassifiedDate | undefined;
  if (unclaimed) chosen = candidates.find((d) => d.role === 'presented');
  chosen ??= candidates.filter((d) => d.role === 'withdrawn').at(-1);
  if (!chosen) {
    for (const candidate of candidates) {
      const rank = NOTIFICATION_RANK[candidate.role as DateRole] ?? 0;
      const bestRank = chosen ? (NOTIFICATION_RANK[chosen.role as DateRole] ?? 0) : -1;
      if (rank > bestRank || (rank === bestRank && chosen && candidate.distance < chosen.distance - 15)) {
        chosen = candidate;
      }
    }
  }
  const pick: DatePick = {};
  if (chosen) {
    const base = chosen.kind === 'absolute' ? 0.9 : 0.8;
    const strength = (NOTIFICATION_RANK[chosen.role as DateRole] ?? 2) / 4;
    pick.notification = {
      date: formatIsoDate(chosen.date),
      confidence: Math.round(base * (0.6 + 0.4 * strength) * 100) / 100,
      how: chosen.role as DateRole,
    };
  }
  const decision = past.find((d) => d.role === 'decision' && (!chosen || daysBetween(d.date, chosen.date) >= 0));
  if (decision) {
    pick.decision = { date: formatIsoDate(decision.date), confidence: decision.kind === 'absolute' ? 0.85 : 0.7 };
  }
  return pick;
}
