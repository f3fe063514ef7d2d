import { useEffect, useState } from 'react';
import { useT } from '../../i18n/lang.tsx';

const format = (v: unknown) => (v === undefined ? '' : JSON.stringify(v, null, 2));

/**
 * A JSON value typed as text, parsed as you type: a value that does not parse is shown with the reason and
 * not passed on (the last good value stays in the document).
 */
export function JsonField({
  value,
  onChange,
  id,
  describedBy,
  rows = 4,
  label,
}: {
  value: unknown;
  onChange: (value: unknown) => void;
  id?: string;
  describedBy?: string;
  rows?: number;
  label?: string;
}) {
  const t = useT();
  const [text, setText] = useState(format(value));
  const [error, setError] = useState<string | undefined>();
  useEffect(() => {
    setText((current) => {
      try {
        if (current.trim() && JSON.stringify(JSON.parse(current)) === JSON.stringify(value)) return current;
      } catch {
        // The text being typed does not parse: keep it until it does.
        if (error) return current;
      }
      return format(value);
    });
  }, [value, error]);
  return (
    <>
      <textarea
        id={id}
        className="json-field"
        spellCheck={false}
        rows={rows}
        value={text}
        aria-label={label}
        aria-describedby={describedBy}
        aria-invalid={!!error || undefined}
        onChange={(e) => {
          setText(e.target.value);
          if (!e.target.value.trim()) {
            setError(undefined);
            onChange(undefined);
            return;
          }
          try {
            const parsed = JSON.parse(e.target.value);
            setError(undefined);
            onChange(parsed);
          } catch (err) {
            setError((err as Error).message);
          }
        }}
      />
      {error && (
        <p className="field-issues" role="alert">
          {t('jsonInvalid', { detail: error })}
        </p>
      )}
    </>
  );
}
