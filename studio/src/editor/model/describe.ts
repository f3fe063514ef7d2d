import {
  type CheckedNode,
  findAction,
  findEvent,
  type JsonSchema,
  NODE_KINDS,
  nodeOutputSchema,
  payloadSchema,
  triggerEventType,
} from '@iapm/schemas';
import { type Bilingual, type Lang, pick } from '../../i18n/text.ts';
import { fromLogic, type Group, operatorOf, type Rule } from '../conditions/builder-model.ts';
import type { Doc, DocNode } from './document.ts';
import { describeDuration } from './duration.ts';

const KIND_LABELS = new Map(NODE_KINDS.map((k) => [k.kind, k.label]));

/** The kind's name (« Condition », « Attente »…). */
export const kindLabel = (kind: string): Bilingual => KIND_LABELS.get(kind) ?? { fr: kind, en: kind };

/** What a node is called on the canvas: its own title, else its action's or event's name, else its kind's. Pure. */
export function nodeTitle(node: DocNode): Bilingual {
  if (node.label) return { fr: node.label, en: node.label };
  if (node.kind === 'action') return findAction(node.action)?.label ?? { fr: node.action, en: node.action };
  return kindLabel(node.kind);
}

function childSchema(schema: JsonSchema | undefined, key: string): JsonSchema | undefined {
  if (!schema) return undefined;
  const props = (schema.properties ?? {}) as Record<string, JsonSchema>;
  if (props[key]) return props[key];
  for (const k of ['allOf', 'oneOf', 'anyOf'])
    for (const b of (schema[k] as JsonSchema[] | undefined) ?? []) {
      const found = childSchema(b, key);
      if (found) return found;
    }
  return undefined;
}

/** The schema and title of a field path (`payload.subject`, `nodes.x.output.dueAt`) in a document. Pure. */
export function fieldInfo(doc: Doc, path: string): { label: Bilingual; schema?: JsonSchema } {
  const segments = path.split('.');
  let schema: JsonSchema | undefined;
  let rest: string[] = [];
  let prefix: Bilingual | undefined;
  if (segments[0] === 'payload') {
    const trigger = doc.nodes.find((n) => n.kind === 'trigger') as CheckedNode | undefined;
    schema = payloadSchema(triggerEventType(trigger));
    rest = segments.slice(1);
  } else if (segments[0] === 'nodes' && segments[2] === 'output') {
    const node = doc.nodes.find((n) => n.id === segments[1]);
    if (node) {
      schema = nodeOutputSchema(node as CheckedNode);
      prefix = nodeTitle(node);
    }
    rest = segments.slice(3);
  }
  const titles: Bilingual[] = [];
  for (const key of rest) {
    schema = childSchema(schema, key);
    if (!schema) return { label: { fr: path, en: path } };
    titles.push({
      fr: String(schema.title ?? key),
      en: String(schema['x-title-en'] ?? schema.title ?? key),
    });
  }
  if (titles.length === 0) return { label: { fr: path, en: path } };
  const join = (lang: Lang) => titles.map((x) => x[lang]).join(' › ') + (prefix ? ` (${prefix[lang]})` : '');
  return { label: { fr: join('fr'), en: join('en') }, ...(schema ? { schema } : {}) };
}

/** A value of a condition line in words: an enum's label, a list joined, a text in quotes. */
function valueText(value: unknown, schema: JsonSchema | undefined, lang: Lang): string {
  const labels = (schema?.['x-enum-labels'] ?? {}) as Record<string, Bilingual>;
  const one = (v: unknown) => (labels[String(v)] ? pick(labels[String(v)], lang) : String(v));
  if (Array.isArray(value)) return value.map(one).join(lang === 'fr' ? ', ' : ', ');
  return one(value);
}

/**
 * French operators whose adjective agrees with the field's gender (« est égal à », « est renseigné »): their
 * sentence names « le champ … », which is right whatever the field (« le champ Date de notification est
 * renseigné »).
 */
const AGREEING = new Set([
  'equals',
  'not_equals',
  'greater_than',
  'less_than',
  'greater_or_equal',
  'less_or_equal',
  'exists',
  'not_exists',
]);

function ruleText(doc: Doc, rule: Rule, lang: Lang): string {
  const info = fieldInfo(doc, rule.field);
  const op = operatorOf(rule.operator);
  const named = rule.field ? pick(info.label, lang) : lang === 'fr' ? '(champ à choisir)' : '(field to choose)';
  if (!op) return named;
  const field = lang === 'fr' && rule.field && AGREEING.has(op.id) ? `le champ « ${named} »` : named;
  const words = `${field} ${pick(op.label, lang)}`;
  return op.arity === 1 ? words : `${words} ${valueText(rule.value, info.schema, lang)}`;
}

/** A condition in words (« Le champ « Type de procédure » est égal à OQTF et … »); a note when only JSON can show it. Pure. */
export function describeLogic(doc: Doc, logic: unknown, lang: Lang): string {
  const group = fromLogic(logic);
  if (!group) return lang === 'fr' ? 'Règle avancée (JSON)' : 'Advanced rule (JSON)';
  const groupText = (g: Group, nested: boolean): string => {
    const joiner = g.combinator === 'and' ? (lang === 'fr' ? ' et ' : ' and ') : lang === 'fr' ? ' ou ' : ' or ';
    const text = g.children.map((c) => (c.type === 'rule' ? ruleText(doc, c, lang) : groupText(c, true))).join(joiner);
    return nested && g.children.length > 1 ? `(${text})` : text;
  };
  const text = groupText(group, false);
  return text ? text.charAt(0).toUpperCase() + text.slice(1) : lang === 'fr' ? 'Aucune règle' : 'No rule';
}

const PLACEHOLDER = /\{\{\s*([^{}]{1,300}?)\s*\}\}/g;

/** One `{{path}}` in words, or undefined when it is not a field the studio can name. */
function expressionInWords(doc: Doc, expression: string, lang: Lang): string | undefined {
  const fr = lang === 'fr';
  if (expression === 'now') return fr ? 'la date et l’heure du moment' : 'the current date and time';
  if (!/^[A-Za-z0-9_.-]+$/.test(expression)) return undefined;
  const segments = expression.split('.');
  if (segments[0] === 'payload' && segments.length > 1) {
    const info = fieldInfo(doc, expression);
    if (pick(info.label, lang) === expression) return undefined;
    return fr ? `« ${pick(info.label, lang)} » de l’événement` : `the event's "${pick(info.label, lang)}"`;
  }
  if (segments[0] === 'nodes' && segments[1]) {
    const node = doc.nodes.find((n) => n.id === segments[1]);
    if (!node) return undefined;
    const source = pick(nodeTitle(node), lang);
    if (segments[2] === 'status' && segments.length === 3)
      return fr ? `le résultat de « ${source} »` : `the outcome of "${source}"`;
    if (segments[2] !== 'output') return undefined;
    if (segments.length === 3) return fr ? `ce que renvoie « ${source} »` : `what "${source}" returns`;
    const label = pick(fieldInfo(doc, expression).label, lang);
    if (label === expression) return undefined;
    const suffix = ` (${source})`;
    const field = label.endsWith(suffix) ? label.slice(0, -suffix.length) : label;
    return fr ? `« ${field} » de « ${source} »` : `"${field}" from "${source}"`;
  }
  return undefined;
}

/**
 * A text with `{{…}}` placeholders in words: each field named by its title and where it comes from
 * (« Identifiant du dossier » de « Ouvrir le dossier »), the rest kept as written. Pure.
 * @example templateInWords(doc, '{{payload.subject}}', 'fr') // '« Objet » de l’événement'
 */
export function templateInWords(doc: Doc, text: string, lang: Lang): string {
  return text.replace(PLACEHOLDER, (whole, expression: string) => expressionInWords(doc, expression, lang) ?? whole);
}

const short = (text: string, max = 60) => (text.length > max ? `${text.slice(0, max - 1)}…` : text);

/** The one-line summary of a node's settings shown under its title. Pure. */
export function nodeSummary(doc: Doc, node: DocNode, lang: Lang): string {
  const fr = lang === 'fr';
  switch (node.kind) {
    case 'trigger': {
      if (node.cron) return `${fr ? 'Calendrier' : 'Schedule'} : ${node.cron.expression}`;
      if (node.event) return pick(findEvent(node.event)?.label, lang) || node.event;
      return fr ? 'Choisissez un événement' : 'Choose an event';
    }
    case 'condition':
      return short(describeLogic(doc, node.logic, lang), 90);
    case 'switch': {
      const n = node.cases?.length ?? 0;
      return fr ? `${n} cas, puis « Autre cas »` : `${n} case(s), then "Default"`;
    }
    case 'action': {
      const entry = findAction(node.action);
      const name = pick(entry?.label, lang) || node.action;
      const required = ((entry?.paramsSchema?.required as string[] | undefined) ?? []).concat(
        Object.keys((entry?.paramsSchema?.properties as object | undefined) ?? {}),
      );
      const key = required.find((k) => typeof node.params?.[k] === 'string' && node.params[k]);
      const detail = key ? short(templateInWords(doc, String(node.params?.[key]), lang), 60) : '';
      if (node.label) return detail ? `${name} · ${detail}` : name;
      return detail || (fr ? 'À paramétrer' : 'To set up');
    }
    case 'wait': {
      if (node.event) {
        const event = pick(findEvent(node.event)?.label, lang) || node.event;
        const limit = node.timeout ? ` (max ${describeDuration(node.timeout, lang)})` : '';
        return fr ? `Attend « ${event} »${limit}` : `Waits for "${event}"${limit}`;
      }
      if (node.for) {
        const days = node.calendar === 'working-days' ? (fr ? ' ouvrés' : ' (working days)') : '';
        return `${describeDuration(node.for, lang)}${days}`;
      }
      if (node.until !== undefined) return fr ? 'Jusqu’à une date calculée' : 'Until a computed date';
      return fr ? 'Durée à choisir' : 'Duration to choose';
    }
    case 'parallel':
      return fr ? 'Lance les branches en même temps' : 'Starts the branches at once';
    case 'join':
      return node.mode === 'first'
        ? fr
          ? 'Continue à la première branche'
          : 'Goes on at the first branch'
        : fr
          ? 'Attend toutes les branches'
          : 'Waits for all branches';
    case 'loop':
      return fr ? `Pour chaque élément (max ${node.maxIterations})` : `For each item (max ${node.maxIterations})`;
    case 'subflow':
      return node.workflowId
        ? `${fr ? 'Workflow' : 'Workflow'} ${short(node.workflowId, 12)}`
        : fr
          ? 'Workflow à choisir'
          : 'Workflow to choose';
    case 'end': {
      const status = {
        succeeded: fr ? 'Réussi' : 'Succeeded',
        failed: fr ? 'Échoué' : 'Failed',
        cancelled: fr ? 'Annulé' : 'Cancelled',
      }[node.status ?? 'succeeded'];
      return node.message ? `${status} · ${short(templateInWords(doc, node.message, lang), 40)}` : status;
    }
    default:
      return '';
  }
}
