import {
  type ActionNode,
  AUTONOMY_ORDER,
  type Autonomy,
  type CheckedNode,
  effectiveAutonomy,
  findAction,
} from '@iapm/schemas';
import { pick, useLang, useT } from '../../../i18n/lang.tsx';
import { DurationInput } from '../duration-input.tsx';
import { Field, issuesAt } from '../field.tsx';
import type { NodeFormProps } from '../form-context.ts';
import { SchemaForm } from '../schema-form.tsx';

const LEVELS: { id: Autonomy; fr: string; en: string }[] = [
  { id: 'GREEN', fr: 'Vert — s’exécute seule', en: 'Green — runs by itself' },
  { id: 'ORANGE', fr: 'Orange — validée avant de s’exécuter', en: 'Orange — validated before it runs' },
  { id: 'RED', fr: 'Rouge — toujours validée par un avocat', en: 'Red — always validated by a lawyer' },
];

/** An action: its parameters (form from the action's schema), its autonomy, its gate and retries. */
export function ActionForm({ node, update, pointer, issues, fields, policy }: NodeFormProps<ActionNode>) {
  const t = useT();
  const lang = useLang();
  const entry = findAction(node.action);
  const floor: Autonomy = entry?.autonomy ?? 'GREEN';
  const effective = effectiveAutonomy(node as unknown as CheckedNode, policy);
  const floorName = LEVELS.find((l) => l.id === floor)?.[lang] ?? floor;
  return (
    <>
      <details className="action-name">
        <summary>
          <strong>{pick(entry?.label, lang) || node.action}</strong>
        </summary>
        {entry && <p className="help">{pick(entry.description, lang)}</p>}
      </details>
      <Field
        label={t('autonomy')}
        help={t('autonomyFloor', { level: floorName })}
        issues={issuesAt(issues, `${pointer}/autonomy`)}
      >
        {({ id, describedBy }) => (
          <select
            id={id}
            aria-describedby={describedBy}
            value={node.autonomy ?? ''}
            onChange={(e) => {
              const { autonomy: _a, ...rest } = node;
              update(e.target.value ? { ...rest, autonomy: e.target.value as Autonomy } : rest);
            }}
            data-testid="autonomy"
          >
            <option value="">{LEVELS.find((l) => l.id === floor)?.[lang]}</option>
            {LEVELS.filter((l) => AUTONOMY_ORDER[l.id] > AUTONOMY_ORDER[floor]).map((l) => (
              <option key={l.id} value={l.id}>
                {l[lang]}
              </option>
            ))}
          </select>
        )}
      </Field>
      {entry?.paramsSchema && (
        <fieldset className="params">
          <legend>{t('parameters')}</legend>
          <SchemaForm
            schema={entry.paramsSchema}
            value={node.params}
            onChange={(params) => update({ ...node, params }, `${node.id}/params`)}
            pointer={`${pointer}/params`}
            issues={issues}
            fields={fields}
          />
        </fieldset>
      )}
      {effective !== 'GREEN' && (
        <fieldset className="gate">
          <legend>{t('gate')}</legend>
          <Field label={t('gateTimeout')} issues={issuesAt(issues, `${pointer}/gate/timeout`)}>
            {({ id, describedBy }) => (
              <DurationInput
                id={id}
                label={t('gateTimeout')}
                {...(describedBy ? { describedBy } : {})}
                value={node.gate?.timeout}
                onChange={(timeout) => {
                  const { timeout: _t, ...gate } = node.gate ?? {};
                  update({ ...node, gate: timeout ? { ...gate, timeout } : gate }, `${node.id}/gate/timeout`);
                }}
              />
            )}
          </Field>
          <Field label={t('gateInstructions')} issues={issuesAt(issues, `${pointer}/gate/instructions`)}>
            {({ id, describedBy }) => (
              <textarea
                id={id}
                aria-describedby={describedBy}
                rows={2}
                maxLength={2000}
                value={node.gate?.instructions ?? ''}
                onChange={(e) => {
                  const { instructions: _i, ...gate } = node.gate ?? {};
                  update(
                    { ...node, gate: e.target.value ? { ...gate, instructions: e.target.value } : gate },
                    `${node.id}/gate/instructions`,
                  );
                }}
              />
            )}
          </Field>
        </fieldset>
      )}
      <details className="advanced">
        <summary>{t('advanced')}</summary>
        <Field label={t('retryAttempts')} issues={issuesAt(issues, `${pointer}/retry`)}>
          {({ id, describedBy }) => (
            <input
              id={id}
              type="number"
              min={1}
              max={10}
              aria-describedby={describedBy}
              value={node.retry?.attempts ?? ''}
              placeholder="1"
              onChange={(e) => {
                const { attempts: _a, ...retry } = node.retry ?? {};
                const next = e.target.value ? { ...retry, attempts: Number(e.target.value) } : retry;
                const { retry: _r, ...rest } = node;
                update(Object.keys(next).length ? { ...rest, retry: next } : rest, `${node.id}/retry`);
              }}
            />
          )}
        </Field>
        <Field label={t('timeoutSeconds')} issues={issuesAt(issues, `${pointer}/timeoutSeconds`)}>
          {({ id, describedBy }) => (
            <input
              id={id}
              type="number"
              min={1}
              max={86400}
              aria-describedby={describedBy}
              value={node.timeoutSeconds ?? ''}
              onChange={(e) => {
                const { timeoutSeconds: _s, ...rest } = node;
                update(
                  e.target.value ? { ...rest, timeoutSeconds: Number(e.target.value) } : rest,
                  `${node.id}/timeout`,
                );
              }}
            />
          )}
        </Field>
      </details>
    </>
  );
}
