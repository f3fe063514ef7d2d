import { findAction, findEvent } from '../catalog.ts';
import type { JsonSchema } from '../registry.ts';
import type { CheckedNode } from './model.ts';

const obj = (properties: Record<string, JsonSchema>, open = false): JsonSchema => ({
  type: 'object',
  properties,
  additionalProperties: open,
});
const ANY: JsonSchema = {};
const STRING: JsonSchema = { type: 'string' };
const OPEN: JsonSchema = { type: 'object', additionalProperties: true };

/** The event type that starts runs of a trigger (a cron trigger starts them with `system:scheduled`). */
export function triggerEventType(trigger: CheckedNode | undefined): string | undefined {
  if (!trigger) return undefined;
  return trigger.event ?? (trigger.cron ? 'system:scheduled' : undefined);
}

/** Payload schema of an event type, or undefined when the type is unknown. */
export function payloadSchema(type: string | undefined): JsonSchema | undefined {
  return type ? findEvent(type)?.payloadSchema : undefined;
}

/** What `nodes.<id>.output` holds once a node has run, as a schema. */
export function nodeOutputSchema(node: CheckedNode): JsonSchema {
  switch (node.kind) {
    case 'trigger':
      return payloadSchema(triggerEventType(node)) ?? OPEN;
    case 'action': {
      const entry = node.action ? findAction(node.action) : undefined;
      return entry?.outputSchema ?? OPEN;
    }
    case 'condition':
      return obj({ result: { type: 'boolean' } });
    case 'switch':
      return obj({ port: STRING });
    case 'wait':
      return obj({
        resumedAt: STRING,
        timedOut: { type: 'boolean' },
        event: obj({ id: STRING, type: STRING, occurredAt: STRING, payload: payloadSchema(node.event) ?? OPEN }),
      });
    case 'loop':
      return obj({ iterations: { type: 'integer' }, items: { type: 'array' } });
    case 'subflow':
      return obj({ runId: STRING, status: STRING, output: OPEN });
    case 'join':
      return obj({ branches: { type: 'array' } });
    default:
      return obj({});
  }
}

/**
 * The schema of the data expressions see at a node: the trigger event (`payload`, `event`), the outputs of
 * the nodes upstream (`nodes.<id>.output`, `.status`, `.validation`), the current loop item, the run and
 * the current time. `extra` adds names such as `incoming` for a wait filter.
 */
export function contextSchema(
  triggerType: string | undefined,
  upstream: CheckedNode[],
  extra: Record<string, JsonSchema> = {},
): JsonSchema {
  const payload = payloadSchema(triggerType) ?? OPEN;
  const nodes: Record<string, JsonSchema> = {};
  for (const node of upstream) {
    nodes[node.id] = obj({
      output: nodeOutputSchema(node),
      status: STRING,
      error: OPEN,
      validation: obj({
        status: STRING,
        decidedBy: STRING,
        decidedAt: STRING,
        comment: STRING,
        confidence: { type: 'number' },
      }),
    });
  }
  return obj({
    payload,
    event: obj({ id: STRING, type: STRING, occurredAt: STRING, payload, causation: { type: 'array' } }),
    nodes: obj(nodes),
    loop: obj({ item: ANY, index: { type: 'integer' } }),
    run: obj({ id: STRING, workflowId: STRING, version: { type: 'integer' }, startedAt: STRING }),
    workflow: obj({ id: STRING, name: STRING, version: { type: 'integer' } }),
    now: STRING,
    ...extra,
  });
}

/**
 * True when the dotted `path` can exist in data described by `schema`. Open objects (no declared
 * properties, or `additionalProperties` not false) accept any deeper path; arrays accept numeric segments.
 */
export function pathExists(schema: JsonSchema | undefined, path: string): boolean {
  if (path === '') return schema !== undefined;
  return walk(schema, path.split('.'));
}

function walk(schema: JsonSchema | undefined, segments: string[]): boolean {
  if (schema === undefined) return false;
  if (segments.length === 0) return true;
  for (const key of ['oneOf', 'anyOf', 'allOf'] as const) {
    const branches = schema[key];
    if (Array.isArray(branches) && branches.some((b) => walk(mergeBase(schema, b as JsonSchema, key), segments)))
      return true;
  }
  const [head, ...rest] = segments as [string, ...string[]];
  const types = typeOf(schema);
  if (types.size === 0 && !schema.properties && !schema.items) return true;
  if (types.has('object') || schema.properties) {
    const props = schema.properties as Record<string, JsonSchema> | undefined;
    if (props && Object.hasOwn(props, head)) return walk(props[head], rest);
    const additional = schema.additionalProperties;
    if (additional === true || (additional === undefined && !props)) return true;
    if (additional && typeof additional === 'object' && walk(additional as JsonSchema, rest)) return true;
  }
  if ((types.has('array') || schema.items) && /^\d+$/.test(head)) {
    const items = schema.items as JsonSchema | undefined;
    return items === undefined ? true : walk(items, rest);
  }
  return false;
}

function mergeBase(parent: JsonSchema, branch: JsonSchema, key: string): JsonSchema {
  const { [key]: _drop, ...base } = parent;
  if (key === 'allOf') return { ...base, ...branch };
  return { ...base, ...branch, properties: { ...(base.properties as object), ...(branch.properties as object) } };
}

function typeOf(schema: JsonSchema): Set<string> {
  const t = schema.type;
  if (typeof t === 'string') return new Set([t]);
  if (Array.isArray(t)) return new Set(t as string[]);
  if (schema.const !== undefined || schema.enum !== undefined) return new Set(['scalar']);
  return new Set();
}
