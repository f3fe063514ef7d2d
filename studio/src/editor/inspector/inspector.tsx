import { type AutonomyPolicy, DOMAIN_SCHEMA } from '@iapm/schemas';
import { pick, useLang, useT } from '../../i18n/lang.tsx';
import { nodeTitle } from '../model/describe.ts';
import { enumOptions } from '../model/fields.ts';
import { EMPTY_SELECTION } from '../model/history.ts';
import { removeElements } from '../model/ops.ts';
import { portLabel, sourceHandleOf } from '../model/ports.ts';
import { type EditorStore, useEditor } from '../model/store.ts';
import type { IssueIndex } from '../validation/validate-document.ts';
import { Field } from './field.tsx';
import { NodeInspector } from './node-inspector.tsx';

const PROCEDURES = enumOptions(DOMAIN_SCHEMA.$defs.procedureType) ?? [];

/**
 * The right-hand panel: the selected node's settings; an edge's ends; the count of a multiple selection; or,
 * with nothing selected, the workflow's own settings.
 */
export function Inspector({
  store,
  policy,
  issues,
}: {
  store: EditorStore;
  policy?: AutonomyPolicy;
  issues: IssueIndex;
}) {
  const t = useT();
  const lang = useLang();
  const doc = useEditor(store, (s) => s.doc);
  const selection = useEditor(store, (s) => s.selection);
  const count = selection.nodes.length + selection.edges.length + selection.notes.length;

  if (selection.nodes.length === 1 && count === 1) {
    const node = doc.nodes.find((n) => n.id === selection.nodes[0]);
    if (node)
      return (
        <NodeInspector
          key={node.id}
          store={store}
          doc={doc}
          node={node}
          issues={issues.byNode.get(node.id) ?? []}
          {...(policy ? { policy } : {})}
        />
      );
  }
  if (selection.edges.length === 1 && count === 1) {
    const edge = doc.edges.find((e) => e.id === selection.edges[0]);
    if (edge) {
      const source = doc.nodes.find((n) => n.id === edge.source);
      const target = doc.nodes.find((n) => n.id === edge.target);
      const port = pick(portLabel(source, sourceHandleOf(edge, source), policy), lang) || '—';
      return (
        <section className="inspector">
          <p>
            {t('edgeFromTo', {
              from: source ? pick(nodeTitle(source), lang) : edge.source,
              port,
              to: target ? pick(nodeTitle(target), lang) : edge.target,
            })}
          </p>
          <button
            type="button"
            className="danger"
            onClick={() => store.change((d) => removeElements(d, { edges: [edge.id] }), { select: EMPTY_SELECTION })}
          >
            {t('deleteEdge')}
          </button>
        </section>
      );
    }
  }
  if (count > 1)
    return (
      <section className="inspector">
        <p>{t('manySelected', { count })}</p>
        <button
          type="button"
          className="danger"
          onClick={() => store.change((d) => removeElements(d, selection), { select: EMPTY_SELECTION })}
        >
          {t('deleteSelection')}
        </button>
      </section>
    );
  return (
    <section className="inspector" aria-labelledby="settings-title">
      <h2 id="settings-title">{t('workflowSettings')}</h2>
      <p className="help">{t('nothingSelected')}</p>
      <Field label={t('procedure')}>
        {({ id }) => (
          <select
            id={id}
            value={doc.procedure ?? ''}
            onChange={(e) =>
              store.change((d) => {
                const { procedure: _p, ...rest } = d;
                return e.target.value ? { ...rest, procedure: e.target.value as typeof d.procedure } : rest;
              })
            }
          >
            <option value="">{t('none')}</option>
            {PROCEDURES.map((p) => (
              <option key={String(p.value)} value={String(p.value)}>
                {pick(p.label, lang)}
              </option>
            ))}
          </select>
        )}
      </Field>
      <Field label={t('description')}>
        {({ id }) => (
          <textarea
            id={id}
            rows={4}
            maxLength={5000}
            value={doc.description ?? ''}
            onChange={(e) =>
              store.change(
                (d) => {
                  const { description: _d, ...rest } = d;
                  return e.target.value ? { ...rest, description: e.target.value } : rest;
                },
                { coalesce: 'doc/description' },
              )
            }
          />
        )}
      </Field>
    </section>
  );
}
