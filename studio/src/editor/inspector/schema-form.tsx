import { escapePointerSegment, type Issue, type JsonSchema } from '@iapm/schemas';
import { pick, useLang, useT } from '../../i18n/lang.tsx';
import type { FieldOption } from '../model/fields.ts';
import { enumOptions } from '../model/fields.ts';
import { Field, issuesAt, schemaHelp, schemaTitle } from './field.tsx';
import { JsonField } from './json-field.tsx';
import { TemplateInput } from './template-input.tsx';

type Value = Record<string, unknown>;

/** How a property is edited, from its schema. Pure. */
export type Widget =
  | 'text'
  | 'textarea'
  | 'enum'
  | 'number'
  | 'boolean'
  | 'enum-list'
  | 'text-list'
  | 'object-list'
  | 'object'
  | 'json';

/** The widget of a schema: its `x-ui-widget` hint, else its type. Pure. */
export function widgetOf(schema: JsonSchema): Widget {
  const hint = schema['x-ui-widget'];
  if (hint === 'json') return 'json';
  if (schema.oneOf || schema.anyOf) return 'json';
  const type = schema.type;
  if (Array.isArray(schema.enum) && type !== 'array') return 'enum';
  if (type === 'string') {
    const long = typeof schema.maxLength === 'number' && schema.maxLength > 500;
    return hint === 'textarea' || (long && hint !== 'workspace' && hint !== 'user') ? 'textarea' : 'text';
  }
  if (type === 'integer' || type === 'number') return 'number';
  if (type === 'boolean') return 'boolean';
  if (type === 'array') {
    const items = (schema.items ?? {}) as JsonSchema;
    if (Array.isArray(items.enum)) return 'enum-list';
    if (items.type === 'string') return 'text-list';
    if (items.type === 'object' && items.properties && !items.additionalProperties && hint !== 'json')
      return 'object-list';
    return 'json';
  }
  if (type === 'object' && schema.properties && !schema.additionalProperties) return 'object';
  return 'json';
}

/** Property names in display order: `x-order`, then the schema's order. Pure. */
export function orderedProperties(schema: JsonSchema): [string, JsonSchema][] {
  const props = Object.entries((schema.properties ?? {}) as Record<string, JsonSchema>);
  return props
    .map((entry, i) => ({
      entry,
      order: typeof entry[1]['x-order'] === 'number' ? (entry[1]['x-order'] as number) : 1000 + i,
    }))
    .sort((a, b) => a.order - b.order)
    .map((x) => x.entry);
}

const isTemplate = (v: unknown) => typeof v === 'string' && v.includes('{{');

interface FormProps {
  schema: JsonSchema;
  value: Value | undefined;
  onChange: (value: Value) => void;
  pointer: string;
  issues: readonly Issue[];
  fields: readonly FieldOption[];
  /** Plain values only (a sample event): no `{{variables}}`. */
  plain?: boolean;
}

/**
 * A form generated from an object schema: one labelled control per property (titles, help, enum labels and
 * defaults from the schema), text fields accepting `{{variables}}`, problems under each field. Emptying an
 * optional field removes it.
 */
export function SchemaForm({ schema, value, onChange, pointer, issues, fields, plain }: FormProps) {
  const required = new Set((schema.required as string[] | undefined) ?? []);
  const current = value ?? {};
  const set = (key: string, v: unknown) => {
    const next = { ...current };
    if (v === undefined || v === '' || (Array.isArray(v) && v.length === 0 && !required.has(key))) delete next[key];
    else next[key] = v;
    onChange(next);
  };
  return (
    <div className="schema-form">
      {orderedProperties(schema).map(([key, prop]) => (
        <PropertyField
          key={key}
          name={key}
          schema={prop}
          value={current[key]}
          required={required.has(key)}
          onChange={(v) => set(key, v)}
          pointer={`${pointer}/${escapePointerSegment(key)}`}
          issues={issues}
          fields={fields}
          plain={!!plain}
        />
      ))}
    </div>
  );
}

function PropertyField({
  name,
  schema,
  value,
  required,
  onChange,
  pointer,
  issues,
  fields,
  plain,
}: {
  name: string;
  schema: JsonSchema;
  value: unknown;
  required: boolean;
  onChange: (v: unknown) => void;
  pointer: string;
  issues: readonly Issue[];
  fields: readonly FieldOption[];
  plain: boolean;
}) {
  const lang = useLang();
  const t = useT();
  const label = pick(schemaTitle(schema, name), lang);
  const widget = widgetOf(schema);
  const here = issuesAt(issues, pointer);
  const fallback = schema.default !== undefined ? t('defaultValue', { value: defaultText(schema, lang) }) : undefined;

  if (widget === 'object') {
    return (
      <fieldset className="nested">
        <legend>{label}</legend>
        <SchemaForm
          schema={schema}
          value={value as Value | undefined}
          onChange={onChange}
          pointer={pointer}
          issues={issues}
          fields={fields}
          plain={plain}
        />
      </fieldset>
    );
  }
  if (widget === 'object-list') {
    return (
      <ObjectList
        label={label}
        help={schemaHelp(schema)}
        itemSchema={schema.items as JsonSchema}
        value={Array.isArray(value) ? (value as Value[]) : []}
        onChange={onChange}
        pointer={pointer}
        issues={issues}
        fields={fields}
        plain={plain}
        maxItems={typeof schema.maxItems === 'number' ? schema.maxItems : undefined}
      />
    );
  }
  if (widget === 'boolean') {
    return (
      <Field label={label} help={schemaHelp(schema)} issues={here} checkbox>
        {({ id, describedBy }) => (
          <input
            id={id}
            type="checkbox"
            aria-describedby={describedBy}
            checked={value === undefined ? schema.default === true : value === true}
            onChange={(e) => onChange(e.target.checked)}
          />
        )}
      </Field>
    );
  }
  return (
    <Field label={label} help={schemaHelp(schema)} required={required} issues={here}>
      {({ id, describedBy, invalid }) => {
        switch (widget) {
          case 'enum': {
            const options = enumOptions(schema) ?? [];
            return (
              <select
                id={id}
                aria-describedby={describedBy}
                aria-invalid={invalid || undefined}
                value={value === undefined ? '' : String(value)}
                onChange={(e) => {
                  const chosen = options.find((o) => String(o.value) === e.target.value);
                  onChange(chosen ? chosen.value : undefined);
                }}
              >
                <option value="">{fallback ?? (required ? t('choose') : t('none'))}</option>
                {options.map((o) => (
                  <option key={String(o.value)} value={String(o.value)}>
                    {pick(o.label, lang)}
                  </option>
                ))}
              </select>
            );
          }
          case 'number':
            return isTemplate(value) ? (
              <TemplateInput
                id={id}
                label={label}
                value={String(value)}
                onChange={(v) => onChange(v)}
                fields={fields}
                {...(describedBy ? { describedBy } : {})}
                invalid={invalid}
              />
            ) : (
              <input
                id={id}
                type="number"
                aria-describedby={describedBy}
                aria-invalid={invalid || undefined}
                step={schema.type === 'integer' ? 1 : 'any'}
                {...(typeof schema.minimum === 'number' ? { min: schema.minimum } : {})}
                {...(typeof schema.maximum === 'number' ? { max: schema.maximum } : {})}
                placeholder={fallback}
                value={typeof value === 'number' ? value : ''}
                onChange={(e) => onChange(e.target.value === '' ? undefined : Number(e.target.value))}
              />
            );
          case 'enum-list': {
            const options = enumOptions(schema.items as JsonSchema) ?? [];
            const chosen = new Set(Array.isArray(value) ? value : []);
            return (
              <fieldset id={id} className="checkbox-list plain" aria-describedby={describedBy}>
                <legend className="sr-only">{label}</legend>
                {options.map((o) => (
                  <label key={String(o.value)}>
                    <input
                      type="checkbox"
                      checked={chosen.has(o.value)}
                      onChange={(e) => {
                        const next = options.filter((x) =>
                          x.value === o.value ? e.target.checked : chosen.has(x.value),
                        );
                        onChange(next.map((x) => x.value));
                      }}
                    />
                    {pick(o.label, lang)}
                  </label>
                ))}
              </fieldset>
            );
          }
          case 'text-list':
            return (
              <TextList
                id={id}
                label={label}
                value={Array.isArray(value) ? (value as unknown[]).map(String) : []}
                onChange={onChange}
                fields={fields}
              />
            );
          case 'json':
            return (
              <JsonField
                id={id}
                value={value}
                onChange={onChange}
                label={label}
                {...(describedBy ? { describedBy } : {})}
              />
            );
          default: {
            const text = typeof value === 'string' ? value : value === undefined ? '' : String(value);
            if (plain) {
              const common = {
                id,
                value: text,
                'aria-describedby': describedBy,
                'aria-invalid': invalid || undefined,
                placeholder: fallback,
                onChange: (e: { target: { value: string } }) => onChange(e.target.value),
              };
              return widget === 'textarea' ? <textarea {...common} rows={3} /> : <input {...common} />;
            }
            return (
              <TemplateInput
                id={id}
                label={label}
                value={typeof value === 'string' ? value : value === undefined ? '' : String(value)}
                onChange={(v) => onChange(v)}
                fields={fields}
                multiline={widget === 'textarea'}
                {...(describedBy ? { describedBy } : {})}
                {...(fallback ? { placeholder: fallback } : {})}
                invalid={invalid}
              />
            );
          }
        }
      }}
    </Field>
  );
}

function defaultText(schema: JsonSchema, lang: 'fr' | 'en'): string {
  const labels = (schema['x-enum-labels'] ?? {}) as Record<string, { fr: string; en: string }>;
  const d = schema.default;
  if (labels[String(d)]) return pick(labels[String(d)], lang);
  return typeof d === 'string' ? d : JSON.stringify(d);
}

function TextList({
  id,
  label,
  value,
  onChange,
  fields,
}: {
  id: string;
  label: string;
  value: string[];
  onChange: (v: string[]) => void;
  fields: readonly FieldOption[];
}) {
  const t = useT();
  return (
    <fieldset id={id} className="text-list plain">
      <legend className="sr-only">{label}</legend>
      {value.map((item, i) => (
        // biome-ignore lint/suspicious/noArrayIndexKey: items are edited in place; their position is their identity
        <div key={i} className="text-list-row">
          <TemplateInput
            label={`${label} ${i + 1}`}
            value={item}
            fields={fields}
            onChange={(v) => onChange(value.map((x, j) => (j === i ? v : x)))}
          />
          <button
            type="button"
            className="icon-button"
            aria-label={t('removeItem')}
            onClick={() => onChange(value.filter((_, j) => j !== i))}
          >
            ×
          </button>
        </div>
      ))}
      <button type="button" className="link-button" onClick={() => onChange([...value, ''])}>
        + {t('addItem')}
      </button>
    </fieldset>
  );
}

/** An array of objects as repeated sub-forms: one numbered group per item, with add and remove. */
function ObjectList({
  label,
  help,
  itemSchema,
  value,
  onChange,
  pointer,
  issues,
  fields,
  plain,
  maxItems,
}: {
  label: string;
  help: { fr: string; en: string } | undefined;
  itemSchema: JsonSchema;
  value: Value[];
  onChange: (v: Value[]) => void;
  pointer: string;
  issues: readonly Issue[];
  fields: readonly FieldOption[];
  plain: boolean;
  maxItems: number | undefined;
}) {
  const t = useT();
  const lang = useLang();
  const here = issuesAt(issues, pointer).filter((i) => i.pointer === pointer);
  return (
    <fieldset className="nested object-list" data-testid={`object-list-${pointer}`}>
      <legend>{label}</legend>
      {help && <p className="help">{pick(help, lang)}</p>}
      {value.length === 0 && <p className="muted">{t('noItems')}</p>}
      {value.map((item, i) => (
        // biome-ignore lint/suspicious/noArrayIndexKey: items are edited in place; their position is their identity
        <fieldset key={i} className="nested object-list-item">
          <legend>{t('itemNumber', { label, n: i + 1 })}</legend>
          <SchemaForm
            schema={itemSchema}
            value={item}
            onChange={(next) => onChange(value.map((x, j) => (j === i ? next : x)))}
            pointer={`${pointer}/${i}`}
            issues={issues}
            fields={fields}
            plain={plain}
          />
          <button type="button" className="link-button" onClick={() => onChange(value.filter((_, j) => j !== i))}>
            {t('removeItemNumber', { label, n: i + 1 })}
          </button>
        </fieldset>
      ))}
      {(maxItems === undefined || value.length < maxItems) && (
        <button type="button" className="link-button" onClick={() => onChange([...value, {}])}>
          + {t('addItemTo', { label })}
        </button>
      )}
      {here.length > 0 && (
        <ul className="field-issues">
          {here.map((i) => (
            <li key={`${i.pointer}${i.code}`}>{pick(i.message, lang)}</li>
          ))}
        </ul>
      )}
    </fieldset>
  );
}
