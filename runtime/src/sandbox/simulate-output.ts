import { findAction, type JsonSchema } from '@iapm/schemas';

/**
 * A stand-in output for an action performed in the sandbox, shaped by the action's output schema: values
 * named like a parameter take that parameter, ids are `sandbox-<action>-<n>`, dates are the simulated now,
 * enums their first value. The trace marks such steps as simulated. Pure.
 */
export function simulateOutput(action: string, params: unknown, now: string, serial: number): unknown {
  const schema = findAction(action)?.outputSchema;
  if (!schema) return {};
  const source = params && typeof params === 'object' ? (params as Record<string, unknown>) : {};
  return build(schema, source, now, `sandbox-${action.replace(/_/g, '-')}-${serial}`, 0);
}

function build(schema: JsonSchema, params: Record<string, unknown>, now: string, id: string, depth: number): unknown {
  if (depth > 6) return null;
  const branch = (schema.oneOf ?? schema.anyOf) as JsonSchema[] | undefined;
  if (branch?.[0] && !schema.type) return build({ ...schema, ...branch[0] }, params, now, id, depth);
  if (schema.const !== undefined) return schema.const;
  if (Array.isArray(schema.enum)) return schema.enum.find((v) => v !== null) ?? null;
  const types = Array.isArray(schema.type) ? (schema.type as string[]) : [schema.type as string | undefined];
  const type = types.find((t) => t && t !== 'null');
  switch (type) {
    case 'object': {
      const props = (schema.properties ?? {}) as Record<string, JsonSchema>;
      const required = new Set((schema.required ?? []) as string[]);
      const out: Record<string, unknown> = {};
      for (const [name, sub] of Object.entries(props)) {
        if (name in params && fits(sub, params[name])) out[name] = params[name];
        else if (required.has(name)) out[name] = leaf(name, sub, params, now, id, depth);
      }
      return out;
    }
    case 'array':
      return [];
    default:
      return leaf('', schema, params, now, id, depth);
  }
}

function leaf(
  name: string,
  schema: JsonSchema,
  params: Record<string, unknown>,
  now: string,
  id: string,
  depth: number,
): unknown {
  const types = Array.isArray(schema.type) ? (schema.type as string[]) : [schema.type as string | undefined];
  const type = types.find((t) => t && t !== 'null');
  if (
    schema.const !== undefined ||
    Array.isArray(schema.enum) ||
    type === 'object' ||
    type === 'array' ||
    schema.oneOf ||
    schema.anyOf
  ) {
    return build(schema, params, now, id, depth + 1);
  }
  if (type === 'string') {
    if (schema.format === 'date-time') return now;
    if (schema.format === 'date') return now.slice(0, 10);
    if (schema.pattern === '^[a-f0-9]{64}$') return '0'.repeat(64);
    if (/id$/i.test(name) || name === '') return id;
    return `${id}-${name}`;
  }
  if (type === 'integer' || type === 'number') return typeof schema.minimum === 'number' ? schema.minimum : 0;
  if (type === 'boolean') return false;
  return null;
}

function fits(schema: JsonSchema, value: unknown): boolean {
  const types = Array.isArray(schema.type) ? (schema.type as string[]) : [schema.type as string | undefined];
  if (!types[0]) return value !== undefined;
  return types.some((t) => {
    if (t === 'integer') return Number.isInteger(value);
    if (t === 'array') return Array.isArray(value);
    if (t === 'object') return value !== null && typeof value === 'object' && !Array.isArray(value);
    if (t === 'null') return value === null;
    return typeof value === t;
  });
}
