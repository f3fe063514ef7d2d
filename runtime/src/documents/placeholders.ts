import { lookupPath } from '../core/conditions/path.ts';
import { toText } from '../core/conditions/text.ts';

/**
 * Placeholders of a document template: `{{path}}`, or `{{path | filter}}` to write a value in words. Filters:
 * - `date`: an ISO 8601 date or date-time (or a Date) as a French date in Paris time, « 7 décembre 2026 »
 *   (« 1er » for the first day of a month);
 * - `datetime`: the same with the time, « 15 novembre 2026 à 18 h 40 » (for deadlines in hours);
 * - `upper`: the text in capitals (a surname in a legal document: « BENALI »).
 * Without a filter a value is written as text (objects as JSON): templates write dates through a filter.
 */
export const PLACEHOLDER_FILTERS = ['date', 'datetime', 'upper'] as const;
export type PlaceholderFilter = (typeof PLACEHOLDER_FILTERS)[number];

/** One placeholder of a text: where it is, its path and its filter. */
export interface Placeholder {
  raw: string;
  path: string;
  filter?: string;
}

/** At most this many placeholders in one text (a template body is at most 100 000 characters). */
export const MAX_PLACEHOLDERS = 1000;
// Linear: the path, the filter name and the spaces around them are disjoint character classes.
const PLACEHOLDER = /\{\{\s*([^{}|\s]+)\s*(?:\|\s*([A-Za-z]+)\s*)?\}\}/g;

/** The placeholders of `text`, in order (a `{{…}}` that is not of this grammar stays plain text). */
export function placeholders(text: string): Placeholder[] {
  const found: Placeholder[] = [];
  for (const match of text.matchAll(PLACEHOLDER)) {
    found.push({ raw: match[0], path: match[1] as string, ...(match[2] ? { filter: match[2] } : {}) });
  }
  return found;
}

/** Why a value could not be written: the placeholder and the messages in French and English. */
export class PlaceholderError extends Error {
  constructor(
    readonly code: 'document.filter-unknown' | 'document.value-invalid',
    readonly placeholder: string,
    readonly fr: string,
    readonly en: string,
  ) {
    super(`${placeholder} ${fr} / ${en}`);
  }
}

const isFilter = (name: string): name is PlaceholderFilter => (PLACEHOLDER_FILTERS as readonly string[]).includes(name);

/** The filters of `text` that do not exist (a template check names them). */
export function unknownFilters(text: string): string[] {
  return [...new Set(placeholders(text).flatMap((p) => (p.filter && !isFilter(p.filter) ? [p.filter] : [])))];
}

const ISO_DATE = /^\d{4}-\d{2}-\d{2}(?:[T ]\d{2}:\d{2}(?::\d{2}(?:\.\d{1,9})?)?(?:Z|[+-]\d{2}:?\d{2})?)?$/;

function asDate(value: unknown): Date | undefined {
  if (value instanceof Date) return Number.isNaN(value.getTime()) ? undefined : value;
  if (typeof value !== 'string' || !ISO_DATE.test(value.trim())) return undefined;
  const text = value.trim();
  // A date alone is that calendar day in Paris: noon UTC falls on it whatever the offset.
  const date = new Date(text.length === 10 ? `${text}T12:00:00Z` : text);
  return Number.isNaN(date.getTime()) ? undefined : date;
}

const DAY = new Intl.DateTimeFormat('fr-FR', {
  day: 'numeric',
  month: 'long',
  year: 'numeric',
  timeZone: 'Europe/Paris',
});
const TIME = new Intl.DateTimeFormat('fr-FR', {
  hour: '2-digit',
  minute: '2-digit',
  hourCycle: 'h23',
  timeZone: 'Europe/Paris',
});

/** « 7 décembre 2026 », « 1er mars 2027 » (Paris time). */
export function frenchDay(date: Date): string {
  return DAY.format(date).replace(/^1 /, '1er ');
}

/** « 15 novembre 2026 à 18 h 40 » (Paris time). */
export function frenchDateTime(date: Date): string {
  const [hours, minutes] = TIME.format(date).split(':');
  return `${frenchDay(date)} à ${Number(hours)} h ${minutes}`;
}

function applyFilter(placeholder: Placeholder, value: unknown): string {
  const filter = placeholder.filter;
  if (filter === undefined) return toText(value);
  if (!isFilter(filter)) {
    throw new PlaceholderError(
      'document.filter-unknown',
      placeholder.raw,
      `filtre inconnu « ${filter} » (connus : ${PLACEHOLDER_FILTERS.join(', ')})`,
      `unknown filter "${filter}" (known: ${PLACEHOLDER_FILTERS.join(', ')})`,
    );
  }
  if (filter === 'upper') return toText(value).toLocaleUpperCase('fr-FR');
  const date = asDate(value);
  if (!date) {
    const shown = toText(value).slice(0, 60);
    throw new PlaceholderError(
      'document.value-invalid',
      placeholder.raw,
      `« ${shown} » n'est pas une date (ISO 8601 attendue)`,
      `"${shown}" is not a date (ISO 8601 expected)`,
    );
  }
  return filter === 'date' ? frenchDay(date) : frenchDateTime(date);
}

/**
 * `text` with each placeholder replaced by its value from `data` (own properties only, see lookupPath),
 * through its filter. A missing value gives an empty text: callers check for missing values first
 * (`missingPaths`). Throws a PlaceholderError for an unknown filter or a value a filter cannot write.
 */
export function fillPlaceholders(text: string, data: unknown): string {
  let count = 0;
  return text.replace(PLACEHOLDER, (raw, path: string, filter: string | undefined) => {
    count += 1;
    if (count > MAX_PLACEHOLDERS) {
      throw new PlaceholderError(
        'document.value-invalid',
        raw,
        `plus de ${MAX_PLACEHOLDERS} champs dans un texte`,
        `more than ${MAX_PLACEHOLDERS} placeholders in one text`,
      );
    }
    const { found, value } = lookupPath(data, path);
    return found ? applyFilter({ raw, path, ...(filter ? { filter } : {}) }, value) : '';
  });
}

/** The paths of `texts` with no value in `data` (absent, null or empty), each once. */
export function missingPaths(texts: string[], data: unknown): string[] {
  const paths = texts.flatMap((text) => placeholders(text).map((p) => p.path));
  return [
    ...new Set(
      paths.filter((path) => {
        const { found, value } = lookupPath(data, path);
        return !found || value === undefined || value === null || value === '';
      }),
    ),
  ];
}
