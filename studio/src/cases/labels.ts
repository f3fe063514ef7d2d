import { DOMAIN_SCHEMA, type JsonSchema, PRESET_SCHEMA } from '@iapm/schemas';
import type { Urgency } from '../api/cases.ts';
import { type Bilingual, type Lang, pick } from '../i18n/text.ts';

const enumLabels = (schema: JsonSchema | undefined) =>
  ((schema as { 'x-enum-labels'?: Record<string, Bilingual> } | undefined)?.['x-enum-labels'] ?? {}) as Record<
    string,
    Bilingual
  >;

const PROCEDURES = enumLabels(DOMAIN_SCHEMA.$defs.procedureType);
const SITUATIONS = enumLabels(DOMAIN_SCHEMA.$defs.situation);
const URGENCIES = enumLabels(DOMAIN_SCHEMA.$defs.urgency);
const CATEGORIES = enumLabels((PRESET_SCHEMA.properties as Record<string, JsonSchema> | undefined)?.category);

/** The procedure types, in the schema's order, with their labels. */
export const PROCEDURE_IDS = Object.keys(PROCEDURES);
/** Urgencies from the most to the least urgent. */
export const URGENCY_ORDER: Urgency[] = ['critique', 'eleve', 'moyen', 'faible'];
/** Preset categories in the gallery's order. */
export const PRESET_CATEGORIES = Object.keys(CATEGORIES);

/** Colours of the urgencies (text on them is white, contrast ≥ 4.5:1). */
export const URGENCY_COLOURS: Record<Urgency, string> = {
  critique: '#b42318',
  eleve: '#b54708',
  moyen: '#1f5fa8',
  faible: '#4b5b70',
};

export const procedureLabel = (id: string | null | undefined, lang: Lang) =>
  id ? pick(PROCEDURES[id], lang) || id : '—';
export const situationLabel = (id: string | null | undefined, lang: Lang) =>
  id ? pick(SITUATIONS[id], lang) || id : '—';
export const urgencyLabel = (id: string | null | undefined, lang: Lang) => (id ? pick(URGENCIES[id], lang) || id : '—');
export const categoryLabel = (id: string, lang: Lang) => pick(CATEGORIES[id], lang) || id;

/** Rank of an urgency, 0 for the most urgent (unknown values last). Pure. */
export function urgencyRank(urgency: string | null | undefined): number {
  const i = URGENCY_ORDER.indexOf(urgency as Urgency);
  return i < 0 ? URGENCY_ORDER.length : i;
}
