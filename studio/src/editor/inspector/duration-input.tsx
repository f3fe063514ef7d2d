import { useLang } from '../../i18n/lang.tsx';
import { DURATION_UNITS, type DurationUnit, formatIsoDuration, toSimpleDuration, unitName } from '../model/duration.ts';

/**
 * A duration as « 2 jours », « 3 heures »: an amount and a unit, stored as ISO 8601 (`P2D`, `PT3H`). A
 * stored duration with several parts (`P1DT12H`) is shown as typed text.
 */
export function DurationInput({
  value,
  onChange,
  id,
  describedBy,
  label,
}: {
  value: string | undefined;
  onChange: (value: string | undefined) => void;
  id?: string;
  describedBy?: string;
  label: string;
}) {
  const lang = useLang();
  const simple = toSimpleDuration(value);
  if (value && !simple)
    return (
      <input
        id={id}
        aria-label={label}
        aria-describedby={describedBy}
        value={value}
        onChange={(e) => onChange(e.target.value || undefined)}
      />
    );
  const amount = simple?.amount;
  const unit: DurationUnit = simple?.unit ?? 'D';
  return (
    <span className="duration-input">
      <input
        id={id}
        type="number"
        min={0}
        step={1}
        aria-label={label}
        aria-describedby={describedBy}
        value={amount ?? ''}
        onChange={(e) =>
          onChange(e.target.value === '' ? undefined : formatIsoDuration({ amount: Number(e.target.value), unit }))
        }
      />
      <select
        aria-label={`${label} (${lang === 'fr' ? 'unité' : 'unit'})`}
        value={unit}
        onChange={(e) => onChange(formatIsoDuration({ amount: amount ?? 1, unit: e.target.value as DurationUnit }))}
      >
        {DURATION_UNITS.map((u) => (
          <option key={u} value={u}>
            {unitName(u, lang)}
          </option>
        ))}
      </select>
    </span>
  );
}
