import { deref } from './deref.ts';
import type { WorkflowConfig } from './generated/types.ts';
import type { JsonSchema } from './registry.ts';
import { WORKFLOW_CONFIG_SCHEMA } from './registry.ts';

/**
 * Returns a copy of `value` completed with the `default`s of `schema`: a missing property that has a default
 * gets it (deep-copied), and present or defaulted objects are completed in turn. Pure.
 */
export function withDefaults<T>(schema: JsonSchema, value: unknown): T {
  return fill(schema, value) as T;
}

function fill(schema: JsonSchema, value: unknown): unknown {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return value;
  const properties = schema.properties as Record<string, JsonSchema> | undefined;
  if (!properties) return value;
  const out: Record<string, unknown> = { ...(value as Record<string, unknown>) };
  for (const [name, sub] of Object.entries(properties)) {
    if (out[name] === undefined && sub.default !== undefined) out[name] = structuredClone(sub.default);
    if (out[name] !== undefined) out[name] = fill(sub, out[name]);
  }
  return out;
}

let configSchema: JsonSchema | undefined;

/** A firm's WorkflowConfig with every missing field set to its default (`{}` gives the full default config). */
export function configWithDefaults(partial: unknown = {}): WorkflowConfig {
  configSchema ??= deref(WORKFLOW_CONFIG_SCHEMA, WORKFLOW_CONFIG_SCHEMA.$id);
  return withDefaults<WorkflowConfig>(configSchema, partial);
}
