import { useCallback, useEffect, useState } from 'react';
import { isProblem, type Problem } from '../../api/client.ts';
import { type VersionView, workflowsApi } from '../../api/workflows.ts';
import { downloadJson, workflowFileName } from '../../components/download.ts';
import { pick, useLang, useT } from '../../i18n/lang.tsx';
import { normalizeDraft } from '../model/document.ts';
import type { EditorStore } from '../model/store.ts';
import type { DraftSaver } from '../save/draft-saver.ts';
import type { ComparisonView } from './use-comparison.tsx';

/**
 * The published versions, newest first: compare one with the draft on the canvas, publish it again
 * (rollback), copy it into the draft (undoable), or download it.
 */
export function VersionsPanel({
  workflowId,
  store,
  saver,
  comparison,
}: {
  workflowId: string;
  store: EditorStore;
  saver: DraftSaver;
  comparison: ComparisonView;
}) {
  const t = useT();
  const lang = useLang();
  const [versions, setVersions] = useState<VersionView[] | undefined>();
  const [problem, setProblem] = useState<Problem | undefined>();
  const [message, setMessage] = useState<string | undefined>();
  const fail = useCallback(
    (p: unknown) => setProblem(isProblem(p) ? p : { status: 0, code: 'x', message: { fr: String(p), en: String(p) } }),
    [],
  );

  const load = useCallback(() => {
    workflowsApi.versions(workflowId).then((v) => setVersions([...v].sort((a, b) => b.version - a.version)), fail);
  }, [workflowId, fail]);
  useEffect(load, [load]);

  const date = (iso: string) => new Date(iso).toLocaleString(lang === 'fr' ? 'fr-FR' : 'en-GB');
  const document = async (n: number) => normalizeDraft((await workflowsApi.version(workflowId, n)).document, '');

  return (
    <section className="versions" data-testid="versions-panel">
      <h2>{t('versionsTitle')}</h2>
      {problem && (
        <p className="error" role="alert">
          {pick(problem.message, lang)}
        </p>
      )}
      {message && <p role="status">{message}</p>}
      {versions?.length === 0 && <p>{t('noVersions')}</p>}
      <ol className="version-list">
        {versions?.map((v) => (
          <li
            key={v.version}
            className={comparison.version === v.version ? 'is-compared' : ''}
            data-testid={`version-${v.version}`}
          >
            <div className="version-head">
              {t('versionBy', { n: v.version, date: date(v.publishedAt), who: v.publishedBy?.name ?? '—' })}
              {v.restoredFrom ? ` · ${t('restoredFrom', { n: v.restoredFrom })}` : ''}
            </div>
            {v.note && <p className="version-note">{v.note}</p>}
            <div className="version-actions">
              <button
                type="button"
                onClick={async () => {
                  try {
                    comparison.start(v.version, await document(v.version), store.getState().doc);
                  } catch (p) {
                    fail(p);
                  }
                }}
              >
                {t('compare')}
              </button>
              <button
                type="button"
                onClick={async () => {
                  try {
                    const doc = await document(v.version);
                    store.change((d) => ({ ...doc, name: doc.name || d.name }));
                    comparison.stop();
                  } catch (p) {
                    fail(p);
                  }
                }}
              >
                {t('copyToDraft')}
              </button>
              <button
                type="button"
                onClick={async () => {
                  if (!window.confirm(t('rollbackConfirm', { n: v.version }))) return;
                  try {
                    await saver.flush();
                    const r = await workflowsApi.rollback(workflowId, v.version);
                    setMessage(t('rolledBack', { n: v.version, m: r.version.version }));
                    load();
                  } catch (p) {
                    fail(p);
                  }
                }}
              >
                {t('rollback')}
              </button>
              <button
                type="button"
                className="link-button"
                onClick={async () => {
                  const doc = await document(v.version);
                  downloadJson(workflowFileName(`${doc.name}-v${v.version}`), doc);
                }}
              >
                {t('exportJson')}
              </button>
            </div>
          </li>
        ))}
      </ol>
    </section>
  );
}
