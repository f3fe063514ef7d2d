import { findEvent, getCatalog, type TriggerNode } from '@iapm/schemas';
import { pick, useLang, useT } from '../../../i18n/lang.tsx';
import { ConditionEditor } from '../../conditions/condition-editor.tsx';
import { EMPTY_CONDITION } from '../../palette/palette-items.ts';
import { Field, issuesAt } from '../field.tsx';
import type { NodeFormProps } from '../form-context.ts';

const EVENTS = getCatalog().events;
const CATEGORIES = [...new Map(EVENTS.map((e) => [e.category, e.categoryLabel])).entries()];

/** The trigger: an event (with an optional filter on it) or a schedule. */
export function TriggerForm({ node, update, pointer, issues, fields }: NodeFormProps<TriggerNode>) {
  const t = useT();
  const lang = useLang();
  const mode = node.cron ? 'cron' : 'event';
  const setMode = (m: 'event' | 'cron') => {
    const { event: _e, cron: _c, filter: _f, ...rest } = node;
    update(m === 'cron' ? { ...rest, cron: { expression: '0 8 * * 1-5' } } : { ...rest, event: 'email:received' });
  };
  const example = node.event ? (findEvent(node.event)?.examples[0] as Record<string, unknown> | undefined) : undefined;
  return (
    <>
      <fieldset className="radio-row">
        <legend>{t('triggerMode')}</legend>
        <label>
          <input type="radio" name="trigger-mode" checked={mode === 'event'} onChange={() => setMode('event')} />
          {t('triggerOnEvent')}
        </label>
        <label>
          <input type="radio" name="trigger-mode" checked={mode === 'cron'} onChange={() => setMode('cron')} />
          {t('triggerOnSchedule')}
        </label>
      </fieldset>
      {mode === 'event' ? (
        <>
          <Field
            label={t('event')}
            required
            issues={issuesAt(issues, `${pointer}/event`)}
            help={findEvent(node.event ?? '')?.description}
          >
            {({ id, describedBy }) => (
              <select
                id={id}
                aria-describedby={describedBy}
                value={node.event ?? ''}
                onChange={(e) => update({ ...node, event: e.target.value })}
                data-testid="trigger-event"
              >
                {CATEGORIES.map(([category, label]) => (
                  <optgroup key={category} label={pick(label, lang)}>
                    {EVENTS.filter((e) => e.category === category).map((e) => (
                      <option key={e.type} value={e.type}>
                        {pick(e.label, lang)}
                      </option>
                    ))}
                  </optgroup>
                ))}
              </select>
            )}
          </Field>
          <div className="field">
            <span className="field-label">{t('filter')}</span>
            {node.filter === undefined ? (
              <button
                type="button"
                className="link-button"
                onClick={() => update({ ...node, filter: EMPTY_CONDITION })}
              >
                + {t('addFilter')}
              </button>
            ) : (
              <>
                <ConditionEditor
                  logic={node.filter}
                  onChange={(logic) => update({ ...node, filter: logic as TriggerNode['filter'] }, `${node.id}/filter`)}
                  fields={fields}
                  issues={issuesAt(issues, `${pointer}/filter`)}
                  sample={example}
                />
                <button
                  type="button"
                  className="link-button"
                  onClick={() => {
                    const { filter: _f, ...rest } = node;
                    update(rest);
                  }}
                >
                  {t('removeFilter')}
                </button>
              </>
            )}
          </div>
        </>
      ) : (
        <Field label={t('cronExpression')} required help={t('cronHelp')} issues={issuesAt(issues, `${pointer}/cron`)}>
          {({ id, describedBy, invalid }) => (
            <input
              id={id}
              aria-describedby={describedBy}
              aria-invalid={invalid || undefined}
              value={node.cron?.expression ?? ''}
              onChange={(e) =>
                update({ ...node, cron: { ...node.cron, expression: e.target.value } }, `${node.id}/cron`)
              }
            />
          )}
        </Field>
      )}
    </>
  );
}
