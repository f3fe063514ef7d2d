import { useId, useMemo, useState } from 'react';
import { pick, useLang, useT } from '../../i18n/lang.tsx';
import { enumOptions, type FieldOption } from '../model/fields.ts';
import type { Group, Rule } from './builder-model.ts';
import { evaluateGroup, lookupPath } from './evaluate.ts';

/** The fields a tree reads, in order, once each. Pure. */
export function fieldsOf(group: Group): string[] {
  const out: string[] = [];
  const walk = (g: Group) => {
    for (const c of g.children) {
      if (c.type === 'group') walk(c);
      else if (c.field && !out.includes(c.field)) out.push(c.field);
    }
  };
  walk(group);
  return out;
}

/** Data holding `values` at their dotted paths (a value left empty is absent). Pure. */
export function dataFrom(values: Record<string, unknown>): Record<string, unknown> {
  const data: Record<string, unknown> = {};
  for (const [path, value] of Object.entries(values)) {
    if (value === undefined) continue;
    const segments = path.split('.');
    let at = data;
    for (const s of segments.slice(0, -1)) {
      at[s] = typeof at[s] === 'object' && at[s] !== null ? at[s] : {};
      at = at[s] as Record<string, unknown>;
    }
    at[segments.at(-1) as string] = value;
  }
  return data;
}

const parse = (text: string, numeric: boolean): unknown => {
  if (text === '') return undefined;
  if (numeric && !Number.isNaN(Number(text))) return Number(text);
  if (text === 'true' || text === 'false') return text === 'true';
  return text;
};

/**
 * « Tester sur un exemple »: one field per value the condition reads, prefilled from the event's example,
 * and the outcome on the spot (Oui / Non) with each line's result.
 */
export function SampleEvaluator({
  group,
  fields,
  sample,
}: {
  group: Group;
  fields: readonly FieldOption[];
  sample: Record<string, unknown> | undefined;
}) {
  const t = useT();
  const lang = useLang();
  const idBase = useId();
  const paths = fieldsOf(group);
  const key = paths.join('|');
  const initial = useMemo(() => {
    const values: Record<string, unknown> = {};
    for (const p of key.split('|')) {
      const found = lookupPath({ payload: sample ?? {} }, p);
      if (found.found) values[p] = found.value;
    }
    return values;
  }, [key, sample]);
  const [values, setValues] = useState<Record<string, unknown>>({});
  const merged = { ...initial, ...values };
  const evaluation = evaluateGroup(group, dataFrom(merged));
  const lines: Rule[] = [];
  const collect = (g: Group) => {
    for (const c of g.children)
      if (c.type === 'group') collect(c);
      else lines.push(c);
  };
  collect(group);

  return (
    <details className="sample-evaluator" data-testid="sample-evaluator">
      <summary>{t('testOnSample')}</summary>
      {paths.length === 0 && <p className="help">{t('sampleNoField')}</p>}
      {paths.map((path, i) => {
        const inputId = `${idBase}-${i}`;
        const field = fields.find((f) => f.path === path);
        const options = enumOptions(field?.schema);
        const numeric = ['number', 'integer'].includes(String(field?.schema.type));
        const label = field ? pick(field.label, lang) : path;
        const value = merged[path];
        return (
          <div key={path} className="sample-field">
            <label htmlFor={inputId}>{label}</label>
            {options ? (
              <select
                id={inputId}
                value={value === undefined ? '' : String(value)}
                onChange={(e) =>
                  setValues({ ...values, [path]: options.find((o) => String(o.value) === e.target.value)?.value })
                }
              >
                <option value="">{t('sampleAbsent')}</option>
                {options.map((o) => (
                  <option key={String(o.value)} value={String(o.value)}>
                    {pick(o.label, lang)}
                  </option>
                ))}
              </select>
            ) : (
              <input
                id={inputId}
                value={
                  value === undefined || value === null
                    ? ''
                    : typeof value === 'object'
                      ? JSON.stringify(value)
                      : String(value)
                }
                placeholder={t('sampleAbsent')}
                onChange={(e) => setValues({ ...values, [path]: parse(e.target.value, numeric) })}
              />
            )}
          </div>
        );
      })}
      <p className={`sample-result ${evaluation.result ? 'yes' : 'no'}`} role="status" data-testid="sample-result">
        {t('sampleResult')} <strong>{evaluation.result ? t('yes') : t('no')}</strong>
      </p>
      <ul className="sample-lines">
        {lines.map((line, i) => (
          // biome-ignore lint/suspicious/noArrayIndexKey: lines have no id of their own
          <li key={i} className={evaluation.lines.get(line) ? 'yes' : 'no'}>
            {evaluation.lines.get(line) ? '✓' : '✗'} {t('lineN', { n: i + 1 })}
          </li>
        ))}
      </ul>
    </details>
  );
}
