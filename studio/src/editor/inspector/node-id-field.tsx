import { useState } from 'react';
import { useT } from '../../i18n/lang.tsx';
import type { Doc } from '../model/document.ts';
import { nodeIdProblem, renameNode } from '../model/ops.ts';
import type { EditorStore } from '../model/store.ts';
import { Field } from './field.tsx';

/**
 * The block's identifier (how `{{nodes.<id>…}}` names it): renamed when the field is left or Entrée is
 * pressed; edges and references follow. A taken or badly formed id is refused with the reason.
 */
export function NodeIdField({ store, doc, id }: { store: EditorStore; doc: Doc; id: string }) {
  const t = useT();
  const [value, setValue] = useState(id);
  const problem = nodeIdProblem(doc, value, id);
  const commit = () => {
    if (value === id || problem) return;
    store.change((d) => renameNode(d, id, value), { select: { nodes: [value], edges: [], notes: [] } });
  };
  return (
    <Field
      label={t('nodeId')}
      help={problem === 'format' ? t('nodeIdFormat') : problem === 'taken' ? t('nodeIdTaken') : t('nodeIdHelp')}
    >
      {({ id: inputId, describedBy }) => (
        <input
          id={inputId}
          className="node-id-input"
          aria-describedby={describedBy}
          aria-invalid={!!problem || undefined}
          value={value}
          maxLength={64}
          onChange={(e) => setValue(e.target.value)}
          onBlur={commit}
          onKeyDown={(e) => {
            if (e.key === 'Enter') commit();
            if (e.key === 'Escape') setValue(id);
          }}
          data-testid="node-id"
        />
      )}
    </Field>
  );
}
