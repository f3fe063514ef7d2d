import type { Text } from '../issues.ts';

const FIELDS = [
  { fr: 'minute', en: 'minute', min: 0, max: 59 },
  { fr: 'heure', en: 'hour', min: 0, max: 23 },
  { fr: 'jour du mois', en: 'day of month', min: 1, max: 31 },
  {
    fr: 'mois',
    en: 'month',
    min: 1,
    max: 12,
    names: ['JAN', 'FEB', 'MAR', 'APR', 'MAY', 'JUN', 'JUL', 'AUG', 'SEP', 'OCT', 'NOV', 'DEC'],
  },
  {
    fr: 'jour de la semaine',
    en: 'day of week',
    min: 0,
    max: 7,
    names: ['SUN', 'MON', 'TUE', 'WED', 'THU', 'FRI', 'SAT'],
  },
];
const SECONDS = { fr: 'seconde', en: 'second', min: 0, max: 59 };

/**
 * Checks a cron expression (5 fields, or 6 with seconds first) and its time zone: every value within its
 * field's range, ranges in order, steps positive. Returns the reason (fr/en) when refused. Pure.
 */
export function checkCron(expression: string, timezone = 'Europe/Paris'): Text | undefined {
  const parts = expression.trim().split(/\s+/);
  if (parts.length !== 5 && parts.length !== 6) {
    return { fr: `5 champs attendus, ${parts.length} trouvés`, en: `5 fields expected, ${parts.length} found` };
  }
  const fields = parts.length === 6 ? [SECONDS, ...FIELDS] : FIELDS;
  for (const [i, part] of parts.entries()) {
    const field = fields[i] as (typeof FIELDS)[number];
    for (const item of part.split(',')) {
      const problem = checkItem(item, field);
      if (problem) {
        return {
          fr: `${field.fr} « ${part} » : ${problem.fr} (de ${field.min} à ${field.max})`,
          en: `${field.en} "${part}": ${problem.en} (${field.min} to ${field.max})`,
        };
      }
    }
  }
  try {
    new Intl.DateTimeFormat('en', { timeZone: timezone });
  } catch {
    return { fr: `fuseau horaire inconnu « ${timezone} »`, en: `unknown time zone "${timezone}"` };
  }
  return undefined;
}

function checkItem(item: string, field: (typeof FIELDS)[number]): Text | undefined {
  const [range, step, extra] = item.split('/');
  if (extra !== undefined || range === undefined || range === '') return { fr: 'forme incorrecte', en: 'malformed' };
  if (step !== undefined && !(/^\d+$/.test(step) && Number(step) > 0)) return { fr: 'pas incorrect', en: 'bad step' };
  if (range === '*' || range === '?') return undefined;
  const bounds = range.split('-');
  if (bounds.length > 2) return { fr: 'forme incorrecte', en: 'malformed' };
  const values = bounds.map((b) => value(b, field));
  if (values.some((v) => v === undefined)) return { fr: 'valeur hors limites', en: 'value out of range' };
  if (values.length === 2 && (values[0] as number) > (values[1] as number))
    return { fr: 'intervalle inversé', en: 'reversed range' };
  return undefined;
}

function value(text: string, field: (typeof FIELDS)[number]): number | undefined {
  const named = field.names?.indexOf(text.toUpperCase()) ?? -1;
  if (named >= 0) return named + field.min;
  if (!/^\d+$/.test(text)) return undefined;
  const n = Number(text);
  return n >= field.min && n <= field.max ? n : undefined;
}
