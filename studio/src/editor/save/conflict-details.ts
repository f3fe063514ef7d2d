import { findAction, type JsonSchema } from '@iapm/schemas';
import type { Lang } from '../../i18n/text.ts';
import { describeLogic } from '../model/describe.ts';
import { type Doc, type DocNode, sameJson } from '../model/document.ts';
import { describeDuration } from '../model/duration.ts';

/** One setting that differs between two versions of an element, in words. */
export interface DifferenceLine {
  label: string;
  mine: string;
  theirs: string;
}

const NAMES: Record<string, { fr: string; en: string }> = {
  label: { fr: 'Titre du bloc', en: 'Block title' },
  description: { fr: 'Description', en: 'Description' },
  logic: { fr: 'Règle', en: 'Rule' },
  filter: { fr: 'Filtre', en: 'Filter' },
  event: { fr: 'Événement', en: 'Event' },
  autonomy: { fr: 'Autonomie', en: 'Autonomy' },
  for: { fr: 'Durée', en: 'Duration' },
  timeout: { fr: 'Délai maximal', en: 'Timeout' },
  status: { fr: 'Statut', en: 'Status' },
  message: { fr: 'Message', en: 'Message' },
  position: { fr: 'Place sur le plan', en: 'Place on the canvas' },
};

const text = (value: unknown, lang: Lang): string => {
  if (value === undefined) return lang === 'fr' ? '(vide)' : '(empty)';
  if (typeof value === 'string') return /^P(?=\d|T)/.test(value) ? describeDuration(value, lang) : value;
  const json = JSON.stringify(value);
  return json.length > 120 ? `${json.slice(0, 119)}…` : json;
};

/**
 * The settings that differ between my version of a node and theirs, named as the forms name them (a
 * parameter by its schema title, a rule in words). `undefined` on a side means the node was deleted there.
 * Pure.
 */
export function nodeDifferences(
  doc: Doc,
  mine: DocNode | undefined,
  theirs: DocNode | undefined,
  lang: Lang,
): DifferenceLine[] {
  const gone = lang === 'fr' ? '(supprimé)' : '(deleted)';
  if (!mine || !theirs) {
    const present = (mine ?? theirs) as DocNode;
    const label = lang === 'fr' ? 'Bloc' : 'Block';
    const name = present.label ?? present.id;
    return [{ label, mine: mine ? name : gone, theirs: theirs ? name : gone }];
  }
  const out: DifferenceLine[] = [];
  const a = mine as unknown as Record<string, unknown>;
  const b = theirs as unknown as Record<string, unknown>;
  for (const key of new Set([...Object.keys(a), ...Object.keys(b)])) {
    if (key === 'params' || key === 'id' || key === 'kind' || sameJson(a[key], b[key])) continue;
    const logic = key === 'logic' || key === 'filter';
    out.push({
      label: NAMES[key]?.[lang] ?? key,
      mine: logic ? describeLogic(doc, a[key], lang) : key === 'position' ? '↔' : text(a[key], lang),
      theirs: logic ? describeLogic(doc, b[key], lang) : key === 'position' ? '↔' : text(b[key], lang),
    });
  }
  const pa = (a.params ?? {}) as Record<string, unknown>;
  const pb = (b.params ?? {}) as Record<string, unknown>;
  const props = (findAction(String(a.action ?? ''))?.paramsSchema?.properties ?? {}) as Record<string, JsonSchema>;
  for (const key of new Set([...Object.keys(pa), ...Object.keys(pb)])) {
    if (sameJson(pa[key], pb[key])) continue;
    const schema = props[key];
    const label = schema
      ? String(lang === 'en' ? (schema['x-title-en'] ?? schema.title ?? key) : (schema.title ?? key))
      : key;
    out.push({ label, mine: text(pa[key], lang), theirs: text(pb[key], lang) });
  }
  return out;
}
