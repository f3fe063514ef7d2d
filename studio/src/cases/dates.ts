import type { Lang } from '../i18n/text.ts';

const ZONE = 'Europe/Paris';

/** The Paris calendar day of an instant, `YYYY-MM-DD`. Pure. */
export function parisDay(at: Date): string {
  return new Intl.DateTimeFormat('en-CA', { timeZone: ZONE, year: 'numeric', month: '2-digit', day: '2-digit' }).format(
    at,
  );
}

/** Whole calendar days (Paris) from `from`'s day to `to`'s day; negative when `to` is earlier. Pure. */
export function calendarDaysBetween(from: Date, to: Date): number {
  const utc = (day: string) => Date.parse(`${day}T00:00:00Z`);
  return Math.round((utc(parisDay(to)) - utc(parisDay(from))) / 86_400_000);
}

/** How far a due date is, to be said in words. */
export type DueIn =
  | { kind: 'days'; count: number }
  | { kind: 'hours'; count: number }
  | { kind: 'today' }
  | { kind: 'overdue-days'; count: number }
  | { kind: 'overdue' };

/**
 * How far `dueAt` is from `now`: in hours when less than two days remain (the 48-hour rules), else in calendar
 * days (Paris); past dates say how many days ago. Pure.
 */
export function dueIn(dueAt: Date, now: Date): DueIn {
  const ms = dueAt.getTime() - now.getTime();
  const days = calendarDaysBetween(now, dueAt);
  if (ms < 0) return days < 0 ? { kind: 'overdue-days', count: -days } : { kind: 'overdue' };
  if (ms < 48 * 3_600_000) {
    const hours = Math.floor(ms / 3_600_000);
    return hours < 1 ? { kind: 'today' } : { kind: 'hours', count: hours };
  }
  return { kind: 'days', count: days };
}

const locale = (lang: Lang) => (lang === 'fr' ? 'fr-FR' : 'en-GB');

/** A date in words, Paris time: « lundi 7 décembre 2026 ». */
export function longDate(value: string | Date, lang: Lang): string {
  return new Date(value).toLocaleDateString(locale(lang), {
    timeZone: ZONE,
    weekday: 'long',
    day: 'numeric',
    month: 'long',
    year: 'numeric',
  });
}

/** A date and time in words, Paris time: « lundi 7 décembre 2026 à 23:59 ». */
export function longDateTime(value: string | Date, lang: Lang): string {
  const date = longDate(value, lang);
  const time = new Date(value).toLocaleTimeString(locale(lang), { timeZone: ZONE, hour: '2-digit', minute: '2-digit' });
  return lang === 'fr' ? `${date} à ${time}` : `${date} at ${time}`;
}

/** A short date, Paris time: « 07/12/2026 ». */
export function shortDate(value: string | Date, lang: Lang): string {
  return new Date(value).toLocaleDateString(locale(lang), { timeZone: ZONE });
}

/** A calendar day (`YYYY-MM-DD`, as stored for decisions) in words, without shifting it by the time zone. */
export function dayInWords(value: string, lang: Lang): string {
  return longDate(`${value.slice(0, 10)}T12:00:00Z`, lang);
}
