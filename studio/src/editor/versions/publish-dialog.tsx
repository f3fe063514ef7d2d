import { useEffect, useState } from 'react';
import { isProblem, type Problem } from '../../api/client.ts';
import { type ServerDiff, type WorkflowDetail, workflowsApi } from '../../api/workflows.ts';
import { Dialog } from '../../components/dialog.tsx';
import { pick, useLang, useT } from '../../i18n/lang.tsx';
import type { Doc } from '../model/document.ts';
import type { DraftSaver } from '../save/draft-saver.ts';
import type { IssueIndex } from '../validation/validate-document.ts';
import { DiffSummary } from './diff-summary.tsx';

/**
 * Publishing: saves the draft, shows what changed since the published version (or that it is the first
 * one), takes a note, then publishes the saved revision. Errors in the draft block it.
 */
export function PublishDialog({
  workflow,
  saver,
  issues,
  doc,
  onClose,
  onPublished,
}: {
  workflow: WorkflowDetail;
  doc: Doc;
  saver: DraftSaver;
  issues: IssueIndex;
  onClose: () => void;
  onPublished: (version: number) => void;
}) {
  const t = useT();
  const lang = useLang();
  const [diff, setDiff] = useState<ServerDiff | null | undefined>(undefined);
  const [note, setNote] = useState('');
  const [problem, setProblem] = useState<Problem | undefined>();
  const [busy, setBusy] = useState(false);

  useEffect(() => {
    let live = true;
    (async () => {
      if (!(await saver.flush())) {
        if (live)
          setProblem({ status: 0, code: 'not-saved', message: { fr: t('publishNotSaved'), en: t('publishNotSaved') } });
        return;
      }
      const current = await workflowsApi.get(workflow.id);
      const d = current.publishedVersion
        ? await workflowsApi.diff(workflow.id, String(current.publishedVersion), 'draft')
        : null;
      if (live) setDiff(d);
    })().catch((p) => live && setProblem(isProblem(p) ? p : undefined));
    return () => {
      live = false;
    };
  }, [saver, workflow.id, t]);

  const publish = async () => {
    setBusy(true);
    setProblem(undefined);
    try {
      if (!(await saver.flush()))
        throw { status: 0, code: 'not-saved', message: { fr: t('publishNotSaved'), en: t('publishNotSaved') } };
      const result = await workflowsApi.publish(workflow.id, saver.getState().revision, note.trim() || undefined);
      onPublished(result.version.version);
    } catch (p) {
      setProblem(isProblem(p) ? p : { status: 0, code: 'unknown', message: { fr: String(p), en: String(p) } });
      setBusy(false);
    }
  };

  const blocked = issues.errors > 0;
  return (
    <Dialog title={t('publishTitle')} onClose={onClose} wide testId="publish-dialog">
      {blocked && (
        <p className="error" role="alert">
          {t('publishBlocked', { count: issues.errors })}
        </p>
      )}
      <h3>{t('publishChanges')}</h3>
      {diff === undefined && !problem && <p>{t('loading')}</p>}
      {diff === null && <p>{t('publishFirst')}</p>}
      {diff && <DiffSummary diff={diff} doc={doc} />}
      <label className="field">
        <span>{t('publishNote')}</span>
        <textarea value={note} maxLength={2000} onChange={(e) => setNote(e.target.value)} rows={3} />
      </label>
      {problem && (
        <div className="error" role="alert">
          <p>{pick(problem.message, lang)}</p>
          {problem.issues && (
            <ul>
              {problem.issues.slice(0, 10).map((i) => (
                <li key={`${i.pointer}${i.code}`}>
                  {i.pointer} — {pick(i.message, lang)}
                </li>
              ))}
            </ul>
          )}
        </div>
      )}
      <div className="dialog-actions">
        <button type="button" onClick={onClose}>
          {t('cancel')}
        </button>
        <button
          type="button"
          className="primary"
          disabled={blocked || busy || diff === undefined || diff?.identical === true}
          onClick={publish}
          data-testid="confirm-publish"
        >
          {t('publish')}
        </button>
      </div>
    </Dialog>
  );
}
