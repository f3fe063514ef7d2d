import { useT } from '../../i18n/lang.tsx';
import type { FieldOption } from '../model/fields.ts';
import { TemplateInput } from './template-input.tsx';

/** Named values (subflow input, end output, correlation): one row per name, values accept `{{variables}}`. */
export function KeyValueEditor({
  value,
  onChange,
  fields,
  label,
}: {
  value: Record<string, unknown> | undefined;
  onChange: (value: Record<string, unknown> | undefined) => void;
  fields: readonly FieldOption[];
  label: string;
}) {
  const t = useT();
  const entries = Object.entries(value ?? {});
  const write = (next: [string, unknown][]) => onChange(next.length ? Object.fromEntries(next) : undefined);
  return (
    <fieldset className="key-values plain">
      <legend className="sr-only">{label}</legend>
      {entries.map(([k, v], i) => (
        // biome-ignore lint/suspicious/noArrayIndexKey: a row keeps its place while its name is typed
        <div key={i} className="key-value-row">
          <input
            aria-label={`${label} — ${t('key')} ${i + 1}`}
            value={k}
            onChange={(e) => write(entries.map((x, j) => (j === i ? [e.target.value, x[1]] : x)))}
          />
          <TemplateInput
            label={`${label} — ${t('value')} ${i + 1}`}
            value={typeof v === 'string' ? v : JSON.stringify(v)}
            fields={fields}
            onChange={(text) => write(entries.map((x, j) => (j === i ? [x[0], text] : x)))}
          />
          <button
            type="button"
            className="icon-button"
            aria-label={t('removeItem')}
            onClick={() => write(entries.filter((_, j) => j !== i))}
          >
            ×
          </button>
        </div>
      ))}
      <button
        type="button"
        className="link-button"
        onClick={() => {
          let n = entries.length + 1;
          while (entries.some(([k]) => k === `champ${n}`)) n++;
          write([...entries, [`champ${n}`, '']]);
        }}
      >
        + {t('addItem')}
      </button>
    </fieldset>
  );
}
