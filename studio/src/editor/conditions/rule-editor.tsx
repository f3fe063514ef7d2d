import { checkRegexPattern, type JsonSchema } from '@iapm/schemas';
import { pick, useLang, useT } from '../../i18n/lang.tsx';
import { enumOptions, type FieldOption } from '../model/fields.ts';
import { OPERATORS, operatorOf, type Rule } from './builder-model.ts';

/** Field choices grouped by where they come from (the event, each upstream node). */
function groupFields(fields: readonly FieldOption[], lang: 'fr' | 'en') {
  const groups = new Map<string, FieldOption[]>();
  for (const f of fields) {
    const key = pick(f.source, lang);
    groups.set(key, [...(groups.get(key) ?? []), f]);
  }
  return [...groups];
}

const typeOf = (schema: JsonSchema | undefined) => (Array.isArray(schema?.type) ? schema?.type[0] : schema?.type);

/** Operators that make sense for a field's type (all of them when the type is unknown). Pure. */
export function operatorsFor(schema: JsonSchema | undefined) {
  const type = typeOf(schema);
  return OPERATORS.filter((o) => {
    if (o.valueType === 'number')
      return type === undefined || type === 'number' || type === 'integer' || type === 'string';
    if (o.valueType === 'regex') return type === undefined || type === 'string';
    return true;
  });
}

/** One line of the condition builder: field, operator, value. */
export function RuleEditor({
  rule,
  fields,
  onChange,
  onRemove,
  index,
}: {
  rule: Rule;
  fields: readonly FieldOption[];
  onChange: (rule: Rule) => void;
  onRemove: () => void;
  index: number;
}) {
  const t = useT();
  const lang = useLang();
  const field = fields.find((f) => f.path === rule.field);
  const op = operatorOf(rule.operator);
  const options = enumOptions(field?.schema);
  const numeric = ['number', 'integer'].includes(String(typeOf(field?.schema)));
  const boolean = typeOf(field?.schema) === 'boolean';
  const setValue = (value: unknown) => onChange({ ...rule, value });
  const regexProblem =
    op?.valueType === 'regex' && typeof rule.value === 'string' ? checkRegexPattern(rule.value) : undefined;
  const n = index + 1;

  const valueInput = () => {
    if (!op || op.arity === 1) return null;
    if (op.valueType === 'list') {
      const chosen = Array.isArray(rule.value) ? (rule.value as unknown[]) : [];
      if (options)
        return (
          <fieldset className="rule-values">
            <legend className="sr-only">{t('ruleValues', { n })}</legend>
            {options.map((o) => (
              <label key={String(o.value)}>
                <input
                  type="checkbox"
                  checked={chosen.includes(o.value)}
                  onChange={(e) =>
                    setValue(
                      options
                        .filter((x) => (x.value === o.value ? e.target.checked : chosen.includes(x.value)))
                        .map((x) => x.value),
                    )
                  }
                />
                {pick(o.label, lang)}
              </label>
            ))}
          </fieldset>
        );
      return (
        <input
          aria-label={t('ruleValuesText', { n })}
          placeholder={t('ruleValuesPlaceholder')}
          value={chosen.join(', ')}
          onChange={(e) =>
            setValue(
              e.target.value
                .split(',')
                .map((s) => s.trim())
                .filter(Boolean)
                .map((s) => (numeric && !Number.isNaN(Number(s)) ? Number(s) : s)),
            )
          }
        />
      );
    }
    if (options && op.valueType === 'scalar')
      return (
        <select
          aria-label={t('ruleValue', { n })}
          value={String(rule.value ?? '')}
          onChange={(e) => setValue(options.find((o) => String(o.value) === e.target.value)?.value ?? e.target.value)}
        >
          <option value="">{t('choose')}</option>
          {options.map((o) => (
            <option key={String(o.value)} value={String(o.value)}>
              {pick(o.label, lang)}
            </option>
          ))}
        </select>
      );
    if (boolean && op.valueType === 'scalar')
      return (
        <select
          aria-label={t('ruleValue', { n })}
          value={String(rule.value)}
          onChange={(e) => setValue(e.target.value === 'true')}
        >
          <option value="true">{t('yes')}</option>
          <option value="false">{t('no')}</option>
        </select>
      );
    if (op.valueType === 'number' || (numeric && op.valueType === 'scalar'))
      return (
        <input
          type="number"
          aria-label={t('ruleValue', { n })}
          value={typeof rule.value === 'number' ? rule.value : ''}
          onChange={(e) => setValue(e.target.value === '' ? null : Number(e.target.value))}
        />
      );
    return (
      <>
        <input
          aria-label={t('ruleValue', { n })}
          value={
            typeof rule.value === 'string'
              ? rule.value
              : rule.value === null || rule.value === undefined
                ? ''
                : String(rule.value)
          }
          aria-invalid={!!regexProblem || undefined}
          onChange={(e) => setValue(e.target.value)}
        />
        {regexProblem && <span className="field-issues">{pick(regexProblem, lang)}</span>}
      </>
    );
  };

  return (
    <div className="rule" data-testid="condition-rule">
      <select
        aria-label={t('ruleField', { n })}
        value={rule.field}
        className={rule.field ? '' : 'is-empty'}
        onChange={(e) => onChange({ ...rule, field: e.target.value })}
      >
        <option value="">{t('chooseField')}</option>
        {!field && rule.field && <option value={rule.field}>{rule.field}</option>}
        {groupFields(fields, lang).map(([source, list]) => (
          <optgroup key={source} label={source}>
            {list.map((f) => (
              <option key={f.path} value={f.path}>
                {pick(f.label, lang)}
              </option>
            ))}
          </optgroup>
        ))}
      </select>
      <select
        aria-label={t('ruleOperator', { n })}
        value={rule.operator}
        onChange={(e) => {
          const next = operatorOf(e.target.value);
          const listNow = next?.valueType === 'list';
          const listBefore = op?.valueType === 'list';
          onChange({
            ...rule,
            operator: e.target.value,
            value: next?.arity === 1 ? undefined : listNow !== listBefore ? (listNow ? [] : '') : rule.value,
          });
        }}
      >
        {operatorsFor(field?.schema).map((o) => (
          <option key={o.id} value={o.id} title={pick(o.description, lang) || undefined}>
            {pick(o.label, lang)}
          </option>
        ))}
      </select>
      {valueInput()}
      <button type="button" className="icon-button" aria-label={t('removeRule', { n })} onClick={onRemove}>
        ×
      </button>
    </div>
  );
}
