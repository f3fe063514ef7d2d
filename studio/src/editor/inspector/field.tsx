import type { Issue, JsonSchema } from '@iapm/schemas';
import { type ReactNode, useId } from 'react';
import { pick, useLang } from '../../i18n/lang.tsx';
import type { Bilingual } from '../../i18n/text.ts';

/** The title of a schema in the studio's language (`title` French, `x-title-en` English). */
export const schemaTitle = (schema: JsonSchema, fallback: string): Bilingual => ({
  fr: typeof schema.title === 'string' ? schema.title : fallback,
  en: typeof schema['x-title-en'] === 'string' ? (schema['x-title-en'] as string) : String(schema.title ?? fallback),
});

/** The help text of a schema (`description` / `x-description-en`), if any. */
export const schemaHelp = (schema: JsonSchema): Bilingual | undefined =>
  typeof schema.description === 'string'
    ? { fr: schema.description, en: String(schema['x-description-en'] ?? schema.description) }
    : undefined;

/** Issues at a pointer or below it. Pure. */
export const issuesAt = (issues: readonly Issue[], pointer: string): Issue[] =>
  issues.filter((i) => i.pointer === pointer || i.pointer.startsWith(`${pointer}/`));

/**
 * A labelled form row: label, the control (given the ids to use), help text and the problems found at
 * `pointer`, tied to the control with aria-describedby.
 */
export function Field({
  label,
  help,
  required,
  issues,
  checkbox,
  children,
}: {
  label: string;
  help?: Bilingual | string;
  required?: boolean;
  issues?: readonly Issue[];
  /** A checkbox: the box first, its label beside it (« ☐ Envoi immédiat »). */
  checkbox?: boolean;
  children: (ids: { id: string; describedBy: string | undefined; invalid: boolean }) => ReactNode;
}) {
  const lang = useLang();
  const id = useId();
  const helpId = `${id}-help`;
  const errorId = `${id}-errors`;
  const helpText = typeof help === 'string' ? help : pick(help, lang);
  const describedBy = [helpText ? helpId : '', issues?.length ? errorId : ''].filter(Boolean).join(' ') || undefined;
  return (
    <div className={`field ${checkbox ? 'field-checkbox' : ''} ${issues?.length ? 'has-issue' : ''}`}>
      {checkbox && children({ id, describedBy, invalid: !!issues?.length })}
      <label htmlFor={id}>
        {label}
        {required && (
          <span className="required" aria-hidden="true">
            {' '}
            *
          </span>
        )}
      </label>
      {!checkbox && children({ id, describedBy, invalid: !!issues?.length })}
      {helpText && (
        <p id={helpId} className="help">
          {helpText}
        </p>
      )}
      {issues && issues.length > 0 && (
        <ul id={errorId} className="field-issues">
          {issues.map((i) => (
            <li key={`${i.pointer}${i.code}`}>{pick(i.message, lang)}</li>
          ))}
        </ul>
      )}
    </div>
  );
}
