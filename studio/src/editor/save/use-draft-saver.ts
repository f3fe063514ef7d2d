import { useEffect, useMemo, useState } from 'react';
import { workflowsApi } from '../../api/workflows.ts';
import { t } from '../../i18n/lang.tsx';
import type { Lang } from '../../i18n/text.ts';
import { setNavigationGuard } from '../../router.ts';
import type { Doc } from '../model/document.ts';
import type { EditorStore } from '../model/store.ts';
import { clearBackup, writeBackup } from './backup.ts';
import { DraftSaver, type SaverState } from './draft-saver.ts';

const BACKUP_DELAY_MS = 300;

/**
 * Autosaves the store's document to the server, keeps a copy of unsaved work in the browser, and guards
 * against leaving with unsaved changes (in the studio and when closing the page).
 */
export function useDraftSaver(
  store: EditorStore,
  workflowId: string,
  revision: number,
  savedDoc: Doc,
  lang: Lang,
): { saver: DraftSaver; state: SaverState } {
  const saver = useMemo(
    () => new DraftSaver((rev, doc) => workflowsApi.saveDraft(workflowId, rev, doc), revision, savedDoc),
    [workflowId, revision, savedDoc],
  );
  const [state, setState] = useState(saver.getState());

  useEffect(() => {
    setState(saver.getState());
    const off = saver.subscribe(setState);
    let backupTimer: ReturnType<typeof setTimeout> | undefined;
    let lastDoc = store.getState().doc;
    const offStore = store.subscribe(() => {
      const { doc } = store.getState();
      if (doc === lastDoc) return;
      lastDoc = doc;
      saver.update(doc);
      clearTimeout(backupTimer);
      backupTimer = setTimeout(() => {
        const s = saver.getState();
        if (s.status !== 'saved')
          writeBackup(workflowId, { baseRevision: s.revision, baseDoc: s.savedDoc, doc, at: new Date().toISOString() });
      }, BACKUP_DELAY_MS);
    });
    const offSaved = saver.subscribe((s) => {
      if (s.status === 'saved') {
        clearTimeout(backupTimer);
        clearBackup(workflowId);
      }
    });
    return () => {
      off();
      offStore();
      offSaved();
      clearTimeout(backupTimer);
      saver.dispose();
    };
  }, [saver, store, workflowId]);

  useEffect(() => {
    const onBeforeUnload = (e: BeforeUnloadEvent) => {
      if (!saver.unsaved) return;
      e.preventDefault();
      e.returnValue = '';
    };
    window.addEventListener('beforeunload', onBeforeUnload);
    const removeGuard = setNavigationGuard(async () => {
      if (await saver.flush()) return true;
      return window.confirm(t(lang, 'leaveUnsaved'));
    });
    return () => {
      window.removeEventListener('beforeunload', onBeforeUnload);
      removeGuard();
    };
  }, [saver, lang]);

  return { saver, state };
}
