import { type KeyboardEvent, useId, useMemo, useRef, useState } from 'react';
import { pick, useLang, useT } from '../../i18n/lang.tsx';
import type { FieldOption } from '../model/fields.ts';

/** The partial path typed after an unclosed `{{` just before the caret, if any. Pure. */
export function openPlaceholder(text: string, caret: number): { start: number; query: string } | undefined {
  const before = text.slice(0, caret);
  const m = /\{\{\s*([A-Za-z0-9_.-]*)$/.exec(before);
  return m ? { start: m.index, query: m[1] ?? '' } : undefined;
}

/** `text` with the placeholder opened at `start` (up to `caret`) replaced by `{{path}}`. Pure. */
export function insertPlaceholder(
  text: string,
  start: number,
  caret: number,
  path: string,
): { text: string; caret: number } {
  const rest = text.slice(caret).replace(/^[A-Za-z0-9_.-]*\s*\}\}/, '');
  const inserted = `{{${path}}}`;
  return { text: text.slice(0, start) + inserted + rest, caret: start + inserted.length };
}

const MAX_SHOWN = 40;

/**
 * A text field that accepts variables: typing `{{` lists the trigger event's fields and the outputs of the
 * nodes upstream (arrows to move, Entrée or Tab to insert, Échap to close); the « { } » button opens the same
 * list. Multi-line when `multiline`.
 */
export function TemplateInput({
  value,
  onChange,
  fields,
  multiline,
  id,
  describedBy,
  placeholder,
  invalid,
  label,
}: {
  value: string;
  onChange: (value: string) => void;
  fields: readonly FieldOption[];
  multiline?: boolean;
  id?: string;
  describedBy?: string;
  placeholder?: string;
  invalid?: boolean;
  label: string;
}) {
  const t = useT();
  const lang = useLang();
  const listId = useId();
  const ref = useRef<HTMLInputElement & HTMLTextAreaElement>(null);
  const [open, setOpen] = useState<{ start: number; query: string } | undefined>();
  const [active, setActive] = useState(0);

  const shown = useMemo(() => {
    if (!open) return [];
    const q = open.query.toLowerCase();
    return fields
      .filter((f) => !q || f.path.toLowerCase().includes(q) || pick(f.label, lang).toLowerCase().includes(q))
      .slice(0, MAX_SHOWN);
  }, [open, fields, lang]);

  const refresh = (text: string, caret: number) => {
    const found = openPlaceholder(text, caret);
    setOpen(found);
    setActive(0);
  };
  const choose = (option: FieldOption) => {
    const el = ref.current;
    if (!el || !open) return;
    const caret = el.selectionStart ?? value.length;
    const next = insertPlaceholder(value, open.start, caret, option.path);
    onChange(next.text);
    setOpen(undefined);
    requestAnimationFrame(() => {
      el.focus();
      el.setSelectionRange(next.caret, next.caret);
    });
  };
  const onKeyDown = (e: KeyboardEvent) => {
    if (!open || shown.length === 0) return;
    if (e.key === 'ArrowDown') {
      e.preventDefault();
      setActive((active + 1) % shown.length);
    } else if (e.key === 'ArrowUp') {
      e.preventDefault();
      setActive((active - 1 + shown.length) % shown.length);
    } else if (e.key === 'Enter' || e.key === 'Tab') {
      e.preventDefault();
      choose(shown[active] as FieldOption);
    } else if (e.key === 'Escape') {
      e.preventDefault();
      e.stopPropagation();
      setOpen(undefined);
    }
  };
  const common = {
    ref,
    id,
    value,
    placeholder,
    role: 'combobox',
    'aria-label': label,
    'aria-autocomplete': 'list' as const,
    'aria-expanded': !!open && shown.length > 0,
    'aria-controls': listId,
    'aria-activedescendant': open && shown.length ? `${listId}-${active}` : undefined,
    'aria-describedby': describedBy,
    'aria-invalid': invalid || undefined,
    onKeyDown,
    onBlur: () => setTimeout(() => setOpen(undefined), 150),
    onChange: (e: { target: { value: string; selectionStart: number | null } }) => {
      onChange(e.target.value);
      refresh(e.target.value, e.target.selectionStart ?? e.target.value.length);
    },
  };
  return (
    <div className="template-input">
      {multiline ? <textarea {...common} rows={3} /> : <input {...common} type="text" />}
      <button
        type="button"
        className="insert-variable"
        title={t('insertVariable')}
        aria-label={t('insertVariable')}
        onMouseDown={(e) => e.preventDefault()}
        onClick={() => {
          const el = ref.current;
          if (!el) return;
          const caret = el.selectionStart ?? value.length;
          const text = `${value.slice(0, caret)}{{${value.slice(caret)}`;
          onChange(text);
          setOpen({ start: caret, query: '' });
          setActive(0);
          requestAnimationFrame(() => {
            el.focus();
            el.setSelectionRange(caret + 2, caret + 2);
          });
        }}
      >
        {'{ }'}
      </button>
      {open && shown.length > 0 && (
        <div className="suggestions" role="listbox" id={listId} aria-label={t('variables')}>
          {shown.map((f, i) => (
            <div
              key={f.path}
              id={`${listId}-${i}`}
              role="option"
              tabIndex={-1}
              aria-selected={i === active}
              className={i === active ? 'active' : ''}
              onMouseDown={(e) => {
                e.preventDefault();
                choose(f);
              }}
            >
              <span className="suggestion-label">{pick(f.label, lang)}</span>
              <span className="suggestion-source">{pick(f.source, lang)}</span>
              <code>{f.path}</code>
            </div>
          ))}
        </div>
      )}
    </div>
  );
}
