import { deref, type JsonSchema, WORKFLOW_CONFIG_SCHEMA } from '@iapm/schemas';
import { describe, expect, it } from 'vitest';
import { widgetOf } from './schema-form.tsx';

describe('widgets of generated forms', () => {
  it('edits an array of objects as repeated sub-forms, not JSON', () => {
    const config = deref(WORKFLOW_CONFIG_SCHEMA, WORKFLOW_CONFIG_SCHEMA.$id) as JsonSchema;
    const props = (name: string) => ((config.properties as Record<string, JsonSchema>)[name] as JsonSchema).properties;
    const members = (props('routing') as Record<string, JsonSchema>).members as JsonSchema;
    const templates = (props('email') as Record<string, JsonSchema>).templates as JsonSchema;
    expect(widgetOf(members)).toBe('object-list');
    expect(widgetOf(templates)).toBe('object-list');
    const people: JsonSchema = {
      type: 'array',
      items: { type: 'object', additionalProperties: false, properties: { name: { type: 'string' } } },
    };
    expect(widgetOf(people)).toBe('object-list');
    expect(widgetOf({ ...people, 'x-ui-widget': 'json' })).toBe('json');
    // Free-form objects stay in the JSON editor.
    expect(widgetOf({ type: 'array', items: { type: 'object' } })).toBe('json');
  });

  it('labels the firm settings’ enums and keeps one « Canaux » title per level', () => {
    const config = deref(WORKFLOW_CONFIG_SCHEMA, WORKFLOW_CONFIG_SCHEMA.$id) as JsonSchema;
    const unlabelled: string[] = [];
    const titles: string[] = [];
    const walk = (schema: unknown, path: string) => {
      if (!schema || typeof schema !== 'object') return;
      const s = schema as JsonSchema;
      if (Array.isArray(s.enum) && !s['x-enum-labels']) unlabelled.push(path);
      if (s.title === 'Canaux') titles.push(path);
      for (const [key, child] of Object.entries(s)) walk(child, `${path}/${key}`);
    };
    walk(config, '');
    expect(unlabelled).toEqual([]);
    expect(titles).toEqual([]);
  });
});
