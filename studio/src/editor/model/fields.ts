import {
  type CheckedNode,
  findEvent,
  type JsonSchema,
  nodeOutputSchema,
  payloadSchema,
  triggerEventType,
} from '@iapm/schemas';
import type { Bilingual } from '../../i18n/text.ts';
import type { Doc, DocNode } from './document.ts';

/** A value a node can read: a field of the trigger event or an output of a node upstream. */
export interface FieldOption {
  /** The path as expressions write it (`payload.subject`, `nodes.extract.output.procedureType`). */
  path: string;
  label: Bilingual;
  /** Where it comes from (« Événement : E-mail reçu », or the upstream node's title). */
  source: Bilingual;
  schema: JsonSchema;
}

const MAX_DEPTH = 3;

const titleOf = (schema: JsonSchema, key: string): Bilingual => ({
  fr: typeof schema.title === 'string' ? schema.title : key,
  en: typeof schema['x-title-en'] === 'string' ? (schema['x-title-en'] as string) : String(schema.title ?? key),
});

/** Properties of a schema, merging those of `allOf` / `oneOf` / `anyOf` branches. */
function propertiesOf(schema: JsonSchema): Record<string, JsonSchema> {
  const own = (schema.properties ?? {}) as Record<string, JsonSchema>;
  const branches = ['allOf', 'oneOf', 'anyOf'].flatMap((k) =>
    Array.isArray(schema[k]) ? (schema[k] as JsonSchema[]) : [],
  );
  return Object.assign({}, ...branches.map(propertiesOf), own);
}

/** Leaf fields of a schema as dotted paths under `base` (objects are walked a few levels down). Pure. */
export function schemaFields(schema: JsonSchema, base: string, source: Bilingual, prefix?: Bilingual): FieldOption[] {
  const out: FieldOption[] = [];
  const walk = (s: JsonSchema, path: string, label: Bilingual | undefined, depth: number) => {
    const props = propertiesOf(s);
    const keys = Object.keys(props);
    if (keys.length === 0 || depth >= MAX_DEPTH) {
      if (label) out.push({ path, label, source, schema: s });
      return;
    }
    if (label && depth > 0) out.push({ path, label, source, schema: s });
    for (const key of keys) {
      const child = props[key] as JsonSchema;
      const own = titleOf(child, key);
      const full = label ? { fr: `${label.fr} › ${own.fr}`, en: `${label.en} › ${own.en}` } : own;
      walk(child, `${path}.${key}`, full, depth + 1);
    }
  };
  walk(schema, base, prefix, 0);
  return out;
}

/** Ids of the nodes from which `nodeId` can be reached, nearest first. Pure. */
export function upstreamIds(doc: Doc, nodeId: string): string[] {
  const reverse = new Map<string, string[]>();
  for (const e of doc.edges) reverse.set(e.target, [...(reverse.get(e.target) ?? []), e.source]);
  const seen = new Set<string>();
  const order: string[] = [];
  let frontier = reverse.get(nodeId) ?? [];
  while (frontier.length) {
    const next: string[] = [];
    for (const id of frontier) {
      if (seen.has(id) || id === nodeId) continue;
      seen.add(id);
      order.push(id);
      next.push(...(reverse.get(id) ?? []));
    }
    frontier = next;
  }
  return order;
}

/** The title of a node as the studio shows it (its label, else its action's or kind's name). */
export type NodeTitle = (node: DocNode) => Bilingual;

/**
 * Every field a node can read: the trigger event's payload (`payload.…`), then the outputs of the nodes
 * upstream (`nodes.<id>.output.…`, and the decision of gated actions), as the graph checker accepts them.
 * A trigger's own filter sees the event only. Pure.
 */
export function fieldsFor(doc: Doc, nodeId: string, nodeTitle: NodeTitle): FieldOption[] {
  const trigger = doc.nodes.find((n) => n.kind === 'trigger');
  const type = triggerEventType(trigger as CheckedNode | undefined);
  const event = type ? findEvent(type) : undefined;
  const eventSource: Bilingual = {
    fr: `Événement : ${event?.label.fr ?? type ?? '?'}`,
    en: `Event: ${event?.label.en ?? type ?? '?'}`,
  };
  const out = schemaFields(payloadSchema(type) ?? {}, 'payload', eventSource);
  const self = doc.nodes.find((n) => n.id === nodeId);
  if (!self || self.kind === 'trigger') return out;
  const byId = new Map(doc.nodes.map((n) => [n.id, n]));
  for (const id of upstreamIds(doc, nodeId)) {
    const node = byId.get(id);
    if (!node || node.kind === 'trigger') continue;
    const source = nodeTitle(node);
    out.push(...schemaFields(nodeOutputSchema(node as CheckedNode), `nodes.${id}.output`, source));
    if (node.kind === 'action') {
      out.push({
        path: `nodes.${id}.validation.status`,
        label: { fr: 'Décision de validation', en: 'Validation decision' },
        source,
        schema: { type: 'string' },
      });
    }
  }
  return out;
}

/** The choices of an enum schema with their labels (`x-enum-labels`). Pure. */
export function enumOptions(
  schema: JsonSchema | undefined,
): { value: string | number; label: Bilingual }[] | undefined {
  if (!schema || !Array.isArray(schema.enum)) return undefined;
  const labels = (schema['x-enum-labels'] ?? {}) as Record<string, Bilingual>;
  return (schema.enum as (string | number)[]).map((value) => ({
    value,
    label: labels[String(value)] ?? { fr: String(value), en: String(value) },
  }));
}
