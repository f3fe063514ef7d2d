import type { Lang } from '../../i18n/text.ts';

/** The units of the duration field, largest first (ISO 8601 letters). */
export const DURATION_UNITS = ['Y', 'M', 'W', 'D', 'h', 'm'] as const;
export type DurationUnit = (typeof DURATION_UNITS)[number];

/** A duration as the forms edit it: one amount of one unit. */
export interface SimpleDuration {
  amount: number;
  unit: DurationUnit;
}

const NAMES: Record<DurationUnit, { fr: [string, string]; en: [string, string] }> = {
  Y: { fr: ['an', 'ans'], en: ['year', 'years'] },
  M: { fr: ['mois', 'mois'], en: ['month', 'months'] },
  W: { fr: ['semaine', 'semaines'], en: ['week', 'weeks'] },
  D: { fr: ['jour', 'jours'], en: ['day', 'days'] },
  h: { fr: ['heure', 'heures'], en: ['hour', 'hours'] },
  m: { fr: ['minute', 'minutes'], en: ['minute', 'minutes'] },
};

const PATTERN = /^P(?!$)(?:(\d+)Y)?(?:(\d+)M)?(?:(\d+)W)?(?:(\d+)D)?(?:T(?=\d)(?:(\d+)H)?(?:(\d+)M)?(?:(\d+)S)?)?$/;

/** The parts of an ISO 8601 duration (`P2D`, `PT2H`, `P1DT12H`), or undefined when it is not one. Pure. */
export function parseDuration(text: string): Partial<Record<DurationUnit | 's', number>> | undefined {
  const m = PATTERN.exec(text);
  if (!m) return undefined;
  const keys = ['Y', 'M', 'W', 'D', 'h', 'm', 's'] as const;
  const out: Partial<Record<DurationUnit | 's', number>> = {};
  keys.forEach((k, i) => {
    const v = m[i + 1];
    if (v !== undefined) out[k] = Number(v);
  });
  return out;
}

/** The one-unit form of a duration, when it has exactly one part (`P2D` → 2 days). Pure. */
export function toSimpleDuration(text: string | undefined): SimpleDuration | undefined {
  if (!text) return undefined;
  const parts = parseDuration(text);
  if (!parts) return undefined;
  const entries = Object.entries(parts).filter(([k]) => k !== 's') as [DurationUnit, number][];
  if (entries.length !== 1 || parts.s !== undefined) return undefined;
  const [unit, amount] = entries[0] as [DurationUnit, number];
  return { amount, unit };
}

/** The ISO 8601 text of a one-unit duration (2 days → `P2D`, 3 hours → `PT3H`). Pure. */
export function formatIsoDuration({ amount, unit }: SimpleDuration): string {
  const n = Math.max(0, Math.floor(amount));
  return unit === 'h' ? `PT${n}H` : unit === 'm' ? `PT${n}M` : `P${n}${unit}`;
}

/** A duration in words (`P1DT12H` → « 1 jour 12 heures »); the text itself when it is not a duration. Pure. */
export function describeDuration(text: string, lang: Lang): string {
  const parts = parseDuration(text);
  if (!parts) return text;
  const words = Object.entries(parts).map(([unit, n]) => {
    if (unit === 's') return lang === 'fr' ? `${n} s` : `${n} s`;
    const [one, many] = NAMES[unit as DurationUnit][lang];
    return `${n} ${n === 1 ? one : many}`;
  });
  return words.join(' ');
}

/** The name of a unit for a select list. */
export const unitName = (unit: DurationUnit, lang: Lang): string => NAMES[unit][lang][1];
