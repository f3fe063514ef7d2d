import { useMemo, useState } from 'react';
import type { DraftConflict } from '../../api/workflows.ts';
import { Dialog } from '../../components/dialog.tsx';
import { downloadJson, workflowFileName } from '../../components/download.ts';
import { pick, useLang, useT } from '../../i18n/lang.tsx';
import { DocPreview } from '../doc-preview.tsx';
import { nodeTitle } from '../model/describe.ts';
import { type Doc, type DocNode, normalizeDraft } from '../model/document.ts';
import type { EditorStore } from '../model/store.ts';
import { type DifferenceLine, nodeDifferences } from './conflict-details.ts';
import type { DraftSaver } from './draft-saver.ts';
import { type MergeConflict, mergeDocuments, type Side } from './merge.ts';

/** What a conflicting element is called in the list. */
function conflictName(c: MergeConflict, lang: 'fr' | 'en'): string {
  if (c.kind === 'node') {
    const node = (c.mine ?? c.theirs) as DocNode;
    return pick(nodeTitle(node), lang);
  }
  if (c.kind === 'field') return c.id;
  return `${c.kind} ${c.id}`;
}

/** The lines that differ between the two sides of a conflict, in words. */
function differences(doc: Doc, c: MergeConflict, lang: 'fr' | 'en', deleted: string): DifferenceLine[] {
  if (c.kind === 'node')
    return nodeDifferences(doc, c.mine as DocNode | undefined, c.theirs as DocNode | undefined, lang);
  const say = (v: unknown) => (v === undefined ? deleted : typeof v === 'string' ? v : JSON.stringify(v));
  return [{ label: conflictName(c, lang), mine: say(c.mine), theirs: say(c.theirs) }];
}

/**
 * Someone saved the draft since this page last did: shows their version and mine side by side and the
 * merge of both, lets the person choose a side for each element both changed, and saves the result on top
 * of their revision. Both versions stay downloadable; taking theirs keeps mine in the undo history.
 */
export function ConflictDialog({
  store,
  saver,
  conflict,
  base,
}: {
  store: EditorStore;
  saver: DraftSaver;
  conflict: { mine: Doc; current: DraftConflict['current'] };
  base: Doc;
}) {
  const t = useT();
  const lang = useLang();
  const theirs = useMemo(() => normalizeDraft(conflict.current.document, base.name), [conflict, base.name]);
  const mine = conflict.mine;
  const [choices, setChoices] = useState<Map<string, Side>>(new Map());
  const merged = useMemo(() => mergeDocuments(base, mine, theirs, choices), [base, mine, theirs, choices]);
  const revision = conflict.current.revision;
  const when = conflict.current.updatedAt
    ? new Date(conflict.current.updatedAt).toLocaleString(lang === 'fr' ? 'fr-FR' : 'en-GB')
    : '—';

  const finish = (doc: Doc) => {
    store.change(() => doc);
    saver.resolve(store.getState().doc, revision, theirs);
  };

  return (
    <Dialog title={t('conflictTitle')} wide testId="conflict-dialog">
      <p>{t('conflictIntro')}</p>
      <p className="muted">{t('conflictBy', { date: when })}</p>
      <div className="conflict-previews">
        <DocPreview doc={mine} label={t('conflictMine')} testId="conflict-mine" />
        <DocPreview doc={theirs} label={t('conflictTheirs')} testId="conflict-theirs" />
        <DocPreview doc={merged.doc} label={t('conflictMerged')} testId="conflict-merged" />
      </div>
      {merged.conflicts.length === 0 ? (
        <p data-testid="conflict-none">{t('conflictNone')}</p>
      ) : (
        <ul className="conflict-list">
          {merged.conflicts.map((c) => (
            <li key={c.key}>
              <fieldset>
                <legend>{conflictName(c, lang)}</legend>
                {(['mine', 'theirs'] as const).map((side) => (
                  <label key={side} className="conflict-choice">
                    <input
                      type="radio"
                      name={c.key}
                      checked={(choices.get(c.key) ?? 'mine') === side}
                      onChange={() => setChoices(new Map(choices).set(c.key, side))}
                    />
                    <strong>{t(side === 'mine' ? 'conflictMine' : 'conflictTheirs')}</strong>
                    <span className="conflict-lines">
                      {differences(base, c, lang, t('conflictDeleted')).map((line) => (
                        <span key={line.label}>
                          {line.label} : <em>{line[side]}</em>
                        </span>
                      ))}
                    </span>
                  </label>
                ))}
              </fieldset>
            </li>
          ))}
        </ul>
      )}
      {merged.droppedEdges.length > 0 && (
        <p className="muted">{t('conflictDropped', { count: merged.droppedEdges.length })}</p>
      )}
      <div className="dialog-actions spread">
        <span>
          <button
            type="button"
            className="link-button"
            onClick={() => downloadJson(workflowFileName(`${mine.name}-mine`), mine)}
          >
            {t('downloadMine')}
          </button>
          <button
            type="button"
            className="link-button"
            onClick={() => downloadJson(workflowFileName(`${theirs.name}-theirs`), theirs)}
          >
            {t('downloadTheirs')}
          </button>
        </span>
        <span className="action-set">
          <button type="button" onClick={() => finish(theirs)} data-testid="conflict-take-theirs">
            {t('conflictTakeTheirs')}
          </button>
          <button type="button" onClick={() => finish(mine)} data-testid="conflict-keep-mine">
            {t('conflictKeepMine')}
          </button>
          <button
            type="button"
            className="primary"
            onClick={() => finish(merged.doc)}
            data-testid="conflict-save-merged"
          >
            {t('conflictSaveMerged')}
          </button>
        </span>
      </div>
    </Dialog>
  );
}
