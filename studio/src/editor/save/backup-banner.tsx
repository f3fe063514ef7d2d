import { useEffect, useState } from 'react';
import { useLang, useT } from '../../i18n/lang.tsx';
import { sameJson } from '../model/document.ts';
import type { EditorStore } from '../model/store.ts';
import { clearBackup, type LocalBackup, readBackup } from './backup.ts';
import type { DraftSaver } from './draft-saver.ts';
import { mergeDocuments } from './merge.ts';

/**
 * Offers to restore unsaved work this browser kept for the workflow (the page was closed before the server
 * had it). Restoring merges it with the server's draft when someone saved since.
 */
export function BackupBanner({
  workflowId,
  store,
  saver,
}: {
  workflowId: string;
  store: EditorStore;
  saver: DraftSaver;
}) {
  const t = useT();
  const lang = useLang();
  const [backup, setBackup] = useState<LocalBackup | undefined>();
  useEffect(() => {
    const found = readBackup(workflowId);
    if (found && !sameJson(found.doc, store.getState().doc)) setBackup(found);
    else if (found) clearBackup(workflowId);
  }, [workflowId, store]);
  if (!backup) return null;
  const restore = () => {
    const { revision, savedDoc } = saver.getState();
    const doc =
      backup.baseRevision === revision ? backup.doc : mergeDocuments(backup.baseDoc, backup.doc, savedDoc).doc;
    store.change(() => doc);
    setBackup(undefined);
  };
  return (
    <div className="backup-banner" role="alert" data-testid="backup-banner">
      <strong>{t('restoreBackupTitle')}</strong>{' '}
      {t('restoreBackupText', { date: new Date(backup.at).toLocaleString(lang === 'fr' ? 'fr-FR' : 'en-GB') })}
      <button type="button" className="primary" onClick={restore}>
        {t('restoreBackup')}
      </button>
      <button
        type="button"
        onClick={() => {
          clearBackup(workflowId);
          setBackup(undefined);
        }}
      >
        {t('discardBackup')}
      </button>
    </div>
  );
}
