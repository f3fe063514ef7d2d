import type { ServerDiff } from '../../api/workflows.ts';
import { pick, useLang, useT } from '../../i18n/lang.tsx';
import type { Bilingual } from '../../i18n/text.ts';
import { nodeTitle } from '../model/describe.ts';
import type { Doc, DocNode } from '../model/document.ts';

const FIELD_NAMES: Record<string, Bilingual> = {
  label: { fr: 'titre', en: 'title' },
  description: { fr: 'description', en: 'description' },
  logic: { fr: 'règle', en: 'rule' },
  filter: { fr: 'filtre', en: 'filter' },
  event: { fr: 'événement', en: 'event' },
  cron: { fr: 'calendrier', en: 'schedule' },
  action: { fr: 'action', en: 'action' },
  params: { fr: 'paramètres', en: 'parameters' },
  autonomy: { fr: 'autonomie', en: 'autonomy' },
  gate: { fr: 'validation', en: 'gate' },
  retry: { fr: 'nouvelles tentatives', en: 'retries' },
  for: { fr: 'durée', en: 'duration' },
  calendar: { fr: 'calendrier', en: 'calendar' },
  timeout: { fr: 'délai maximal', en: 'timeout' },
  cases: { fr: 'cas', en: 'cases' },
  status: { fr: 'statut', en: 'status' },
  name: { fr: 'nom', en: 'name' },
};

const fieldName = (pointer: string, lang: 'fr' | 'en') => {
  const key = pointer.split('/')[1] ?? pointer;
  return FIELD_NAMES[key]?.[lang] ?? key;
};

const title = (ref: { id: string; label?: string; kind?: string; action?: string }, lang: 'fr' | 'en') =>
  pick(nodeTitle({ id: ref.id, kind: ref.kind ?? 'end', label: ref.label, action: ref.action } as DocNode), lang);

const valueText = (v: unknown) => {
  if (v === undefined) return '∅';
  const text = typeof v === 'string' ? v : JSON.stringify(v);
  return text.length > 60 ? `${text.slice(0, 59)}…` : text;
};

/** The server's difference between two versions, in sentences a lawyer can read. `doc` names the nodes. */
export function DiffSummary({ diff, doc }: { diff: ServerDiff; doc?: Doc }) {
  const t = useT();
  const lang = useLang();
  if (diff.identical) return <p data-testid="diff-summary">{t('diffIdentical')}</p>;
  const paramsByNode = new Map<string, string[]>();
  for (const p of diff.params.changed)
    paramsByNode.set(p.nodeId, [
      ...(paramsByNode.get(p.nodeId) ?? []),
      `${p.key} : ${valueText(p.before)} → ${valueText(p.after)}`,
    ]);
  for (const p of diff.params.added)
    paramsByNode.set(p.nodeId, [...(paramsByNode.get(p.nodeId) ?? []), `+ ${p.key} : ${valueText(p.after)}`]);
  for (const p of diff.params.removed)
    paramsByNode.set(p.nodeId, [...(paramsByNode.get(p.nodeId) ?? []), `− ${p.key}`]);
  return (
    <div className="diff-summary" data-testid="diff-summary">
      <ul>
        {diff.fields.map((f) => (
          <li key={f.pointer}>{t('diffField', { field: fieldName(f.pointer, lang) })}</li>
        ))}
        {diff.nodes.added.map((n) => (
          <li key={`a-${n.id}`} className="diff-added">
            {t('diffNodeAdded', { title: title(n, lang) })}
          </li>
        ))}
        {diff.nodes.removed.map((n) => (
          <li key={`r-${n.id}`} className="diff-removed">
            {t('diffNodeRemoved', { title: title(n, lang) })}
          </li>
        ))}
        {diff.nodes.changed.map((n) => (
          <li key={`c-${n.id}`} className="diff-changed">
            {t('diffNodeChanged', {
              title: title(n, lang),
              fields: [...new Set(n.changes.map((c) => fieldName(c.pointer, lang)))].join(', '),
            })}
            {paramsByNode.get(n.id) && (
              <ul>
                {paramsByNode.get(n.id)?.map((line) => (
                  <li key={line}>{line}</li>
                ))}
              </ul>
            )}
          </li>
        ))}
        {[...paramsByNode.keys()]
          .filter((nodeId) => !diff.nodes.changed.some((n) => n.id === nodeId))
          .map((nodeId) => {
            const found = doc?.nodes.find((n) => n.id === nodeId);
            return (
              <li key={`p-${nodeId}`} className="diff-changed">
                {t('diffNodeChanged', {
                  title: found ? pick(nodeTitle(found), lang) : nodeId,
                  fields: FIELD_NAMES.params?.[lang] ?? 'params',
                })}
                <ul>
                  {paramsByNode.get(nodeId)?.map((line) => (
                    <li key={line}>{line}</li>
                  ))}
                </ul>
              </li>
            );
          })}
        {diff.nodes.moved.length > 0 && <li>{t('diffMoved', { count: diff.nodes.moved.length })}</li>}
        {(diff.edges.added.length > 0 || diff.edges.removed.length > 0 || diff.edges.changed.length > 0) && (
          <li>
            {t('diffEdges', {
              added: diff.edges.added.length,
              removed: diff.edges.removed.length,
              changed: diff.edges.changed.length,
            })}
          </li>
        )}
      </ul>
    </div>
  );
}
