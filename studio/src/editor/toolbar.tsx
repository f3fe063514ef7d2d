import { checkWorkflow } from '@iapm/schemas';
import { useRef, useState } from 'react';
import type { WorkflowDetail } from '../api/workflows.ts';
import { downloadJson, readJsonFile, workflowFileName } from '../components/download.ts';
import { pick, useLang, useT } from '../i18n/lang.tsx';
import { navigate } from '../router.ts';
import type { SidePanel } from './editor-workspace.tsx';
import { normalizeDraft } from './model/document.ts';
import { type EditorStore, useEditor } from './model/store.ts';
import type { DraftSaver, SaverState } from './save/draft-saver.ts';
import { SaveStatus } from './save/save-status.tsx';
import type { EditorActions } from './use-editor-actions.ts';
import type { IssueIndex } from './validation/validate-document.ts';
import { PublishDialog } from './versions/publish-dialog.tsx';

interface ToolbarProps {
  store: EditorStore;
  workflow: WorkflowDetail;
  saveState: SaverState;
  saver: DraftSaver;
  onSave: () => void;
  canUndo: boolean;
  canRedo: boolean;
  actions: EditorActions;
  panel: SidePanel;
  onPanel: (p: SidePanel) => void;
  onHelp: () => void;
  issues: IssueIndex;
}

/** The editor's toolbar: name, save status, undo/redo, layout, import/export, versions and publish. */
export function Toolbar(props: ToolbarProps) {
  const { store, workflow, saveState, saver, onSave, canUndo, canRedo, actions, panel, onPanel, onHelp, issues } =
    props;
  const t = useT();
  const lang = useLang();
  const name = useEditor(store, (s) => s.doc.name);
  const file = useRef<HTMLInputElement>(null);
  const [message, setMessage] = useState<string | undefined>();
  const [publishing, setPublishing] = useState(false);

  const importFile = async (f: File | undefined) => {
    if (!f) return;
    try {
      const raw = await readJsonFile(f);
      const shape = checkWorkflow(raw);
      const blocking = shape.issues.filter((i) => i.code.startsWith('schema.') || i.code.startsWith('document.'));
      if (blocking.length) {
        setMessage(
          t('importFailed', {
            detail: blocking
              .slice(0, 3)
              .map((i) => `${i.pointer || '/'} ${pick(i.message, lang)}`)
              .join(' — '),
          }),
        );
      } else {
        store.change(() => normalizeDraft(raw, store.getState().doc.name));
        setMessage(t('importReplaced'));
      }
    } catch (error) {
      setMessage(t('importFailed', { detail: (error as Error).message }));
    }
    if (file.current) file.current.value = '';
  };

  return (
    <div className="toolbar" role="toolbar" aria-label={t('appTitle')}>
      <a
        className="back"
        href="/workflows"
        onClick={(e) => {
          e.preventDefault();
          void navigate('/workflows');
        }}
      >
        ← {t('backToList')}
      </a>
      <label className="name-field">
        <span className="sr-only">{t('workflowName')}</span>
        <input
          value={name}
          aria-label={t('workflowName')}
          maxLength={200}
          onChange={(e) => {
            const value = e.target.value;
            store.change((d) => ({ ...d, name: value }), { coalesce: 'doc/name' });
          }}
          data-testid="workflow-name"
        />
      </label>
      <SaveStatus state={saveState} onSave={onSave} />
      <div className="toolbar-group">
        <button type="button" onClick={actions.undo} disabled={!canUndo} title="Ctrl+Z" data-testid="undo">
          {t('undo')}
        </button>
        <button type="button" onClick={actions.redo} disabled={!canRedo} title="Ctrl+Maj+Z" data-testid="redo">
          {t('redo')}
        </button>
        <button type="button" onClick={() => void actions.layout()} title="Ctrl+Maj+L" data-testid="auto-layout">
          {t('autoLayout')}
        </button>
        <button type="button" onClick={actions.fit}>
          {t('fitView')}
        </button>
        <button type="button" onClick={onHelp} aria-label={t('shortcuts')} title={t('shortcuts')}>
          ?
        </button>
      </div>
      <div className="toolbar-group">
        <button
          type="button"
          onClick={() => downloadJson(workflowFileName(name), store.getState().doc)}
          title={t('exportJsonTitle')}
          data-testid="export-json"
        >
          {t('exportJson')}
        </button>
        <button type="button" onClick={() => file.current?.click()} title={t('importJsonTitle')}>
          {t('importJson')}
        </button>
        <input
          ref={file}
          type="file"
          hidden
          accept="application/json,.json"
          data-testid="import-draft-file"
          onChange={(e) => importFile(e.target.files?.[0])}
        />
        <button
          type="button"
          aria-pressed={panel === 'test'}
          onClick={() => onPanel(panel === 'test' ? 'inspector' : 'test')}
          data-testid="test-toggle"
        >
          {t('test')}
        </button>
        <button
          type="button"
          aria-pressed={panel === 'versions'}
          onClick={() => onPanel(panel === 'versions' ? 'inspector' : 'versions')}
          data-testid="versions-toggle"
        >
          {t('versions')}
        </button>
        <button type="button" className="primary" onClick={() => setPublishing(true)} data-testid="publish">
          {t('publish')}
        </button>
      </div>
      {message && (
        <p className="toolbar-message" role="status">
          {message}{' '}
          <button type="button" className="link-button" onClick={() => setMessage(undefined)}>
            {t('close')}
          </button>
        </p>
      )}
      {publishing && (
        <PublishDialog
          workflow={workflow}
          saver={saver}
          issues={issues}
          doc={store.getState().doc}
          onClose={() => setPublishing(false)}
          onPublished={(n) => {
            setPublishing(false);
            setMessage(t('publishedVersion', { n }));
          }}
        />
      )}
    </div>
  );
}
