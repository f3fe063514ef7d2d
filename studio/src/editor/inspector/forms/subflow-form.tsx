import type { SubflowNode } from '@iapm/schemas';
import { useEffect, useState } from 'react';
import { type WorkflowSummary, workflowsApi } from '../../../api/workflows.ts';
import { useT } from '../../../i18n/lang.tsx';
import { Field, issuesAt } from '../field.tsx';
import type { NodeFormProps } from '../form-context.ts';
import { KeyValueEditor } from '../key-value-editor.tsx';

/** A subflow: which published workflow to start, which version, whether to wait, what to pass on. */
export function SubflowForm({ node, update, pointer, issues, fields }: NodeFormProps<SubflowNode>) {
  const t = useT();
  const [workflows, setWorkflows] = useState<WorkflowSummary[]>([]);
  useEffect(() => {
    workflowsApi.list().then(
      (items) => setWorkflows(items.filter((w) => w.publishedVersion)),
      () => setWorkflows([]),
    );
  }, []);
  return (
    <>
      <Field label={t('subflowWorkflow')} required issues={issuesAt(issues, `${pointer}/workflowId`)}>
        {({ id, describedBy }) => (
          <select
            id={id}
            aria-describedby={describedBy}
            value={node.workflowId}
            onChange={(e) => update({ ...node, workflowId: e.target.value })}
          >
            <option value="">{t('choose')}</option>
            {node.workflowId && !workflows.some((w) => w.id === node.workflowId) && (
              <option value={node.workflowId}>{node.workflowId}</option>
            )}
            {workflows.map((w) => (
              <option key={w.id} value={w.id}>
                {w.name}
              </option>
            ))}
          </select>
        )}
      </Field>
      <Field label={t('subflowVersion')} issues={issuesAt(issues, `${pointer}/version`)}>
        {({ id }) => (
          <input
            id={id}
            type="number"
            min={1}
            placeholder={t('latestVersion')}
            value={typeof node.version === 'number' ? node.version : ''}
            onChange={(e) => {
              const { version: _v, ...rest } = node;
              update(e.target.value ? { ...rest, version: Number(e.target.value) } : rest);
            }}
          />
        )}
      </Field>
      <label className="checkbox">
        <input
          type="checkbox"
          checked={node.wait !== false}
          onChange={(e) => update({ ...node, wait: e.target.checked })}
        />
        {t('subflowWait')}
      </label>
      <div className="field">
        <span className="field-label">{t('subflowInput')}</span>
        <KeyValueEditor
          label={t('subflowInput')}
          value={node.input}
          fields={fields}
          onChange={(input) => {
            const { input: _i, ...rest } = node;
            update(input ? { ...rest, input } : rest, `${node.id}/input`);
          }}
        />
      </div>
    </>
  );
}
