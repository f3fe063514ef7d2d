import { getCatalog, type WaitNode } from '@iapm/schemas';
import { pick, useLang, useT } from '../../../i18n/lang.tsx';
import { DurationInput } from '../duration-input.tsx';
import { Field, issuesAt } from '../field.tsx';
import type { NodeFormProps } from '../form-context.ts';
import { KeyValueEditor } from '../key-value-editor.tsx';

const EVENTS = getCatalog().events;
type Mode = 'for' | 'until' | 'event';

/** A wait: a duration (calendar or working days), until a date of the case, or for an event with a timeout. */
export function WaitForm({ node, update, pointer, issues, fields }: NodeFormProps<WaitNode>) {
  const t = useT();
  const lang = useLang();
  const mode: Mode = node.event !== undefined ? 'event' : node.until !== undefined ? 'until' : 'for';
  const base = () => {
    const { for: _f, calendar: _c, until: _u, event: _e, correlate: _k, filter: _x, timeout: _t, ...rest } = node;
    return rest;
  };
  const setMode = (m: Mode) =>
    update(
      m === 'for'
        ? { ...base(), for: 'P1D', calendar: 'calendar-days' }
        : m === 'until'
          ? { ...base(), until: { var: '' } }
          : { ...base(), event: 'document:uploaded', timeout: 'P10D' },
    );
  const dateFields = fields.filter((f) => f.schema.format === 'date-time' || f.schema.format === 'date');
  const untilPath = (node.until as { var?: string } | undefined)?.var ?? '';
  return (
    <>
      <fieldset className="radio-row">
        <legend>{t('waitMode')}</legend>
        {(['for', 'until', 'event'] as const).map((m) => (
          <label key={m}>
            <input type="radio" name="wait-mode" checked={mode === m} onChange={() => setMode(m)} />
            {t(m === 'for' ? 'waitFor' : m === 'until' ? 'waitUntil' : 'waitEvent')}
          </label>
        ))}
      </fieldset>
      {mode === 'for' && (
        <>
          <Field label={t('duration')} required issues={issuesAt(issues, `${pointer}/for`)}>
            {({ id, describedBy }) => (
              <DurationInput
                id={id}
                label={t('duration')}
                {...(describedBy ? { describedBy } : {})}
                value={node.for}
                onChange={(v) => update({ ...node, for: v ?? 'P1D' }, `${node.id}/for`)}
              />
            )}
          </Field>
          <Field label={t('calendar')}>
            {({ id }) => (
              <select
                id={id}
                value={node.calendar ?? 'calendar-days'}
                onChange={(e) => update({ ...node, calendar: e.target.value as WaitNode['calendar'] })}
              >
                <option value="calendar-days">{lang === 'fr' ? 'Jours calendaires' : 'Calendar days'}</option>
                <option value="working-days">
                  {lang === 'fr' ? 'Jours ouvrés (France)' : 'Working days (France)'}
                </option>
              </select>
            )}
          </Field>
        </>
      )}
      {mode === 'until' && (
        <Field label={t('untilDate')} required help={t('untilHelp')} issues={issuesAt(issues, `${pointer}/until`)}>
          {({ id, describedBy }) => (
            <select
              id={id}
              aria-describedby={describedBy}
              value={untilPath}
              onChange={(e) => update({ ...node, until: { var: e.target.value } })}
            >
              <option value="">{t('chooseField')}</option>
              {dateFields.map((f) => (
                <option key={f.path} value={f.path}>
                  {pick(f.label, lang)} — {pick(f.source, lang)}
                </option>
              ))}
            </select>
          )}
        </Field>
      )}
      {mode === 'event' && (
        <>
          <Field label={t('awaitedEvent')} required issues={issuesAt(issues, `${pointer}/event`)}>
            {({ id, describedBy }) => (
              <select
                id={id}
                aria-describedby={describedBy}
                value={node.event ?? ''}
                onChange={(e) => update({ ...node, event: e.target.value })}
              >
                {EVENTS.map((e) => (
                  <option key={e.type} value={e.type}>
                    {pick(e.label, lang)}
                  </option>
                ))}
              </select>
            )}
          </Field>
          <Field label={t('maxWait')} required issues={issuesAt(issues, `${pointer}/timeout`)}>
            {({ id, describedBy }) => (
              <DurationInput
                id={id}
                label={t('maxWait')}
                {...(describedBy ? { describedBy } : {})}
                value={node.timeout}
                onChange={(v) => update({ ...node, timeout: v ?? 'P1D' }, `${node.id}/timeout`)}
              />
            )}
          </Field>
          <div className="field">
            <span className="field-label">{t('correlate')}</span>
            <p className="help">{t('correlateHelp')}</p>
            <KeyValueEditor
              label={t('correlate')}
              value={node.correlate}
              fields={fields}
              onChange={(correlate) => {
                const { correlate: _c, ...rest } = node;
                update(correlate ? { ...rest, correlate } : rest, `${node.id}/correlate`);
              }}
            />
          </div>
        </>
      )}
    </>
  );
}
