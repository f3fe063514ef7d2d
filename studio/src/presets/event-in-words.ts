import { findEvent, type JsonSchema } from '@iapm/schemas';
import { longDate, longDateTime } from '../cases/dates.ts';
import type { Lang } from '../i18n/text.ts';

/** One field of an event, named and valued in words. */
export interface FieldInWords {
  key: string;
  label: string;
  value: string;
}

const DATE_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}/;
const DATE = /^\d{4}-\d{2}-\d{2}$/;
const MAX_TEXT = 240;

type Schema = JsonSchema & {
  title?: string;
  'x-title-en'?: string;
  'x-enum-labels'?: Record<string, { fr: string; en: string }>;
  properties?: Record<string, Schema>;
  items?: Schema;
};

const titleOf = (schema: Schema | undefined, key: string, lang: Lang) =>
  (lang === 'en' ? (schema?.['x-title-en'] ?? schema?.title) : schema?.title) ?? key;

/** A value as a lawyer reads it: enum labels, dates in words, yes/no, lists joined, objects by their fields. */
export function valueInWords(value: unknown, schema: Schema | undefined, lang: Lang, depth = 0): string {
  if (value === null || value === undefined) return '—';
  if (typeof value === 'boolean') return value ? (lang === 'fr' ? 'oui' : 'yes') : lang === 'fr' ? 'non' : 'no';
  if (typeof value === 'string') {
    const label = schema?.['x-enum-labels']?.[value];
    if (label) return label[lang] || label.fr;
    if (DATE_TIME.test(value) && !Number.isNaN(Date.parse(value))) return longDateTime(value, lang);
    if (DATE.test(value)) return longDate(`${value}T12:00:00Z`, lang);
    return value.length > MAX_TEXT ? `${value.slice(0, MAX_TEXT - 1)}…` : value;
  }
  if (typeof value === 'number') return value.toLocaleString(lang === 'fr' ? 'fr-FR' : 'en-GB');
  if (Array.isArray(value)) {
    if (value.length === 0) return lang === 'fr' ? '(aucun)' : '(none)';
    return value.map((v) => valueInWords(v, schema?.items, lang, depth + 1)).join(' ; ');
  }
  if (typeof value === 'object') {
    if (depth >= 2) return '…';
    return Object.entries(value as Record<string, unknown>)
      .map(
        ([k, v]) =>
          `${titleOf(schema?.properties?.[k], k, lang)} : ${valueInWords(v, schema?.properties?.[k], lang, depth + 1)}`,
      )
      .join(', ');
  }
  return String(value);
}

/**
 * The fields of an event's payload in the order of its schema, each with the schema's title and its value in
 * words; fields the schema does not know keep their key. Pure.
 */
export function payloadInWords(type: string, payload: Record<string, unknown>, lang: Lang): FieldInWords[] {
  const schema = findEvent(type)?.payloadSchema as Schema | undefined;
  const known = Object.keys(schema?.properties ?? {});
  const keys = [...known.filter((k) => k in payload), ...Object.keys(payload).filter((k) => !known.includes(k))];
  return keys.map((key) => ({
    key,
    label: titleOf(schema?.properties?.[key], key, lang),
    value: valueInWords(payload[key], schema?.properties?.[key], lang),
  }));
}
