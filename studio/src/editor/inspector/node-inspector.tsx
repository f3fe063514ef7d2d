import type { AutonomyPolicy, Issue } from '@iapm/schemas';
import { type ReactNode, useMemo, useState } from 'react';
import { pick, useLang, useT } from '../../i18n/lang.tsx';
import { kindLabel, nodeTitle } from '../model/describe.ts';
import type { Doc, DocNode } from '../model/document.ts';
import { fieldsFor } from '../model/fields.ts';
import { EMPTY_SELECTION } from '../model/history.ts';
import { removeElements, updateNode } from '../model/ops.ts';
import type { EditorStore } from '../model/store.ts';
import { Field, issuesAt } from './field.tsx';
import type { NodeFormProps } from './form-context.ts';
import { ActionForm } from './forms/action-form.tsx';
import { ConditionForm } from './forms/condition-form.tsx';
import { EndForm, JoinForm, LoopForm } from './forms/flow-forms.tsx';
import { SubflowForm } from './forms/subflow-form.tsx';
import { SwitchForm } from './forms/switch-form.tsx';
import { TriggerForm } from './forms/trigger-form.tsx';
import { WaitForm } from './forms/wait-form.tsx';
import { NodeJsonView } from './json-view.tsx';
import { NodeIdField } from './node-id-field.tsx';

/** The form of a node's kind. */
function KindForm(props: NodeFormProps): ReactNode {
  const { node } = props;
  // Each form gets the node narrowed to its kind; the casts only restate the switch.
  switch (node.kind) {
    case 'trigger':
      return <TriggerForm {...(props as NodeFormProps<typeof node>)} />;
    case 'condition':
      return <ConditionForm {...(props as NodeFormProps<typeof node>)} />;
    case 'switch':
      return <SwitchForm {...(props as NodeFormProps<typeof node>)} />;
    case 'action':
      return <ActionForm {...(props as NodeFormProps<typeof node>)} />;
    case 'wait':
      return <WaitForm {...(props as NodeFormProps<typeof node>)} />;
    case 'loop':
      return <LoopForm {...(props as NodeFormProps<typeof node>)} />;
    case 'join':
      return <JoinForm {...(props as NodeFormProps<typeof node>)} />;
    case 'subflow':
      return <SubflowForm {...(props as NodeFormProps<typeof node>)} />;
    case 'end':
      return <EndForm {...(props as NodeFormProps<typeof node>)} />;
    default:
      return null;
  }
}

/** The inspector of one node: title, description, the form of its kind, or its JSON. */
export function NodeInspector({
  store,
  doc,
  node,
  issues,
  policy,
}: {
  store: EditorStore;
  doc: Doc;
  node: DocNode;
  issues: readonly Issue[];
  policy?: AutonomyPolicy;
}) {
  const t = useT();
  const lang = useLang();
  const [tab, setTab] = useState<'settings' | 'json'>('settings');
  const index = doc.nodes.indexOf(node);
  const pointer = `/nodes/${index}`;
  const fields = useMemo(() => fieldsFor(doc, node.id, nodeTitle), [doc, node.id]);
  const update = (next: DocNode, coalesce?: string) =>
    store.change((d) => updateNode(d, node.id, () => next), coalesce ? { coalesce } : {});
  const text = (key: 'label' | 'description', value: string) => {
    const { [key]: _old, ...rest } = node;
    update((value ? { ...rest, [key]: value } : rest) as DocNode, `${node.id}/${key}`);
  };
  return (
    <section className="inspector" aria-labelledby="inspector-title" data-testid="inspector">
      <header className="inspector-head">
        <span className="kind">{pick(kindLabel(node.kind), lang)}</span>
        <h2 id="inspector-title">{pick(nodeTitle(node), lang)}</h2>
        <code className="node-id" title={t('nodeId')}>
          {node.id}
        </code>
      </header>
      <div className="tabs">
        <button type="button" aria-pressed={tab === 'settings'} onClick={() => setTab('settings')}>
          {t('tabSettings')}
        </button>
        <button type="button" aria-pressed={tab === 'json'} onClick={() => setTab('json')} data-testid="tab-json">
          {t('tabJson')}
        </button>
      </div>
      {tab === 'json' ? (
        <NodeJsonView node={node} issues={issues} onChange={(next) => update(next, `${node.id}/json`)} />
      ) : (
        <div className="inspector-form">
          <Field label={t('nodeTitle')} issues={issuesAt(issues, `${pointer}/label`)}>
            {({ id, describedBy }) => (
              <input
                id={id}
                aria-describedby={describedBy}
                maxLength={120}
                value={node.label ?? ''}
                onChange={(e) => text('label', e.target.value)}
                data-testid="node-label"
              />
            )}
          </Field>
          <KindForm
            node={node}
            doc={doc}
            update={update}
            pointer={pointer}
            issues={issues}
            fields={fields}
            {...(policy ? { policy } : {})}
          />
          <NodeIdField store={store} doc={doc} id={node.id} />
          <Field label={t('nodeDescription')} issues={issuesAt(issues, `${pointer}/description`)}>
            {({ id, describedBy }) => (
              <textarea
                id={id}
                aria-describedby={describedBy}
                rows={2}
                maxLength={2000}
                value={node.description ?? ''}
                onChange={(e) => text('description', e.target.value)}
              />
            )}
          </Field>
          <button
            type="button"
            className="danger"
            onClick={() => store.change((d) => removeElements(d, { nodes: [node.id] }), { select: EMPTY_SELECTION })}
          >
            {t('deleteBlock')}
          </button>
        </div>
      )}
    </section>
  );
}
