import type { EndNode, JoinNode, LoopNode } from '@iapm/schemas';
import { pick, useLang, useT } from '../../../i18n/lang.tsx';
import { Field, issuesAt } from '../field.tsx';
import type { NodeFormProps } from '../form-context.ts';
import { KeyValueEditor } from '../key-value-editor.tsx';

/** A join: go on when all parallel branches arrived, or at the first. */
export function JoinForm({ node, update }: NodeFormProps<JoinNode>) {
  const t = useT();
  const lang = useLang();
  return (
    <Field label={t('joinMode')}>
      {({ id }) => (
        <select
          id={id}
          value={node.mode ?? 'all'}
          onChange={(e) => update({ ...node, mode: e.target.value as JoinNode['mode'] })}
        >
          <option value="all">{lang === 'fr' ? 'Toutes les branches sont arrivées' : 'All branches arrived'}</option>
          <option value="first">{lang === 'fr' ? 'La première branche arrive' : 'The first branch arrives'}</option>
        </select>
      )}
    </Field>
  );
}

/** A loop: the list it goes through (a list field upstream) and its bound. */
export function LoopForm({ node, update, pointer, issues, fields }: NodeFormProps<LoopNode>) {
  const t = useT();
  const lang = useLang();
  const lists = fields.filter((f) => f.schema.type === 'array');
  const path = (node.items as { var?: string } | undefined)?.var ?? '';
  return (
    <>
      <Field label={t('loopItems')} required issues={issuesAt(issues, `${pointer}/items`)}>
        {({ id, describedBy }) => (
          <select
            id={id}
            aria-describedby={describedBy}
            value={path}
            onChange={(e) => update({ ...node, items: { var: e.target.value } })}
          >
            <option value="">{t('chooseField')}</option>
            {path && !lists.some((f) => f.path === path) && <option value={path}>{path}</option>}
            {lists.map((f) => (
              <option key={f.path} value={f.path}>
                {pick(f.label, lang)} — {pick(f.source, lang)}
              </option>
            ))}
          </select>
        )}
      </Field>
      <Field label={t('maxIterations')} required issues={issuesAt(issues, `${pointer}/maxIterations`)}>
        {({ id, describedBy }) => (
          <input
            id={id}
            type="number"
            min={1}
            max={1000}
            aria-describedby={describedBy}
            value={node.maxIterations}
            onChange={(e) => update({ ...node, maxIterations: Number(e.target.value) }, `${node.id}/max`)}
          />
        )}
      </Field>
    </>
  );
}

/** An end: the run's final status, a message and an output. */
export function EndForm({ node, update, pointer, issues, fields }: NodeFormProps<EndNode>) {
  const t = useT();
  const lang = useLang();
  const statuses = {
    succeeded: ['Réussi', 'Succeeded'],
    failed: ['Échoué', 'Failed'],
    cancelled: ['Annulé', 'Cancelled'],
  } as const;
  return (
    <>
      <Field label={t('endStatus')}>
        {({ id }) => (
          <select
            id={id}
            value={node.status ?? 'succeeded'}
            onChange={(e) => update({ ...node, status: e.target.value as EndNode['status'] })}
          >
            {Object.entries(statuses).map(([k, v]) => (
              <option key={k} value={k}>
                {v[lang === 'fr' ? 0 : 1]}
              </option>
            ))}
          </select>
        )}
      </Field>
      <Field label={t('endMessage')} issues={issuesAt(issues, `${pointer}/message`)}>
        {({ id }) => (
          <input
            id={id}
            maxLength={500}
            value={node.message ?? ''}
            onChange={(e) => {
              const { message: _m, ...rest } = node;
              update(e.target.value ? { ...rest, message: e.target.value } : rest, `${node.id}/message`);
            }}
          />
        )}
      </Field>
      <div className="field">
        <span className="field-label">{t('endOutput')}</span>
        <KeyValueEditor
          label={t('endOutput')}
          value={node.output}
          fields={fields}
          onChange={(output) => {
            const { output: _o, ...rest } = node;
            update(output ? { ...rest, output } : rest, `${node.id}/output`);
          }}
        />
      </div>
    </>
  );
}
