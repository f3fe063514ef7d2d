import { ALL_SCHEMAS, type JsonSchema } from './registry.ts';

const byId = new Map<string, JsonSchema>(ALL_SCHEMAS.map((s) => [s.$id, s]));

/** Resolves a `$ref` (absolute, or relative to `baseId`) to the schema it names. */
export function resolveRef(ref: string, baseId: string): { schema: JsonSchema; baseId: string } {
  const [docPart, fragment = ''] = ref.split('#');
  const docId = docPart ? new URL(docPart, baseId).href : baseId;
  const doc = byId.get(docId);
  if (!doc) throw new Error(`unknown schema ${docId}`);
  let node: unknown = doc;
  for (const raw of fragment.split('/').slice(1)) {
    const segment = decodeURIComponent(raw).replace(/~1/g, '/').replace(/~0/g, '~');
    node = (node as Record<string, unknown>)[segment];
    if (node === undefined) throw new Error(`unresolvable $ref ${ref} from ${baseId}`);
  }
  return { schema: node as JsonSchema, baseId: docId };
}

/**
 * Returns a copy of `schema` with every `$ref` replaced by the schema it names (sibling keywords kept),
 * so that the studio and the path checker can read a payload's fields without a schema engine.
 * The schemas of this package are not recursive; `maxDepth` guards against a mistake.
 */
export function deref(schema: JsonSchema, baseId: string, maxDepth = 40): JsonSchema {
  if (maxDepth <= 0) throw new Error('schema nesting too deep while resolving $ref');
  let out: JsonSchema = {};
  let base = baseId;
  if (typeof schema.$ref === 'string') {
    const target = resolveRef(schema.$ref, baseId);
    out = { ...deref(target.schema, target.baseId, maxDepth - 1) };
    base = baseId;
  }
  for (const [key, value] of Object.entries(schema)) {
    if (key === '$ref') continue;
    out[key] = derefValue(key, value, base, maxDepth);
  }
  return out;
}

const SCHEMA_MAPS = new Set(['properties', '$defs', 'patternProperties', 'dependentSchemas']);
const SCHEMA_LISTS = new Set(['allOf', 'anyOf', 'oneOf', 'prefixItems']);
const SCHEMA_VALUES = new Set([
  'items',
  'additionalProperties',
  'not',
  'if',
  'then',
  'else',
  'contains',
  'propertyNames',
  'unevaluatedProperties',
]);

function derefValue(key: string, value: unknown, baseId: string, maxDepth: number): unknown {
  if (SCHEMA_MAPS.has(key) && isObject(value)) {
    return Object.fromEntries(
      Object.entries(value).map(([k, v]) => [k, isObject(v) ? deref(v, baseId, maxDepth - 1) : v]),
    );
  }
  if (SCHEMA_LISTS.has(key) && Array.isArray(value)) {
    return value.map((v) => (isObject(v) ? deref(v, baseId, maxDepth - 1) : v));
  }
  if (SCHEMA_VALUES.has(key) && isObject(value)) return deref(value, baseId, maxDepth - 1);
  return value;
}

function isObject(value: unknown): value is JsonSchema {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
