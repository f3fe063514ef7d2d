import type { AutonomyPolicy } from '@iapm/schemas';
import { useCallback, useDeferredValue, useEffect, useMemo, useRef, useState } from 'react';
import type { Trace, WorkflowDetail } from '../api/workflows.ts';
import { Dialog } from '../components/dialog.tsx';
import { useLang, useT } from '../i18n/lang.tsx';
import { Canvas } from './canvas.tsx';
import { EditorStoreContext } from './editor-context.ts';
import { Inspector } from './inspector/inspector.tsx';
import { normalizeDraft } from './model/document.ts';
import { createEditorStore, useEditor } from './model/store.ts';
import { Palette } from './palette/palette.tsx';
import { ProblemsPanel } from './problems/problems-panel.tsx';
import { BackupBanner } from './save/backup-banner.tsx';
import { ConflictDialog } from './save/conflict-dialog.tsx';
import { useDraftSaver } from './save/use-draft-saver.ts';
import { runMarks } from './testrun/run-marks.ts';
import { TestingPanel } from './testrun/testing-panel.tsx';
import { Toolbar } from './toolbar.tsx';
import { useEditorActions } from './use-editor-actions.ts';
import { SHORTCUTS, useShortcuts } from './use-shortcuts.ts';
import { type IssueIndex, indexIssues, validateDocument } from './validation/validate-document.ts';
import { useComparison } from './versions/use-comparison.tsx';
import { VersionsPanel } from './versions/versions-panel.tsx';

export type SidePanel = 'inspector' | 'versions' | 'test';

/** The editor's screen: toolbar, palette, canvas, inspector or versions, problems; autosave and dialogs. */
export function EditorWorkspace({ workflow, policy }: { workflow: WorkflowDetail; policy: AutonomyPolicy }) {
  const t = useT();
  const lang = useLang();
  const initial = useMemo(() => normalizeDraft(workflow.draft, workflow.name), [workflow]);
  const store = useMemo(() => createEditorStore(initial), [initial]);
  const measured = useRef(new Map<string, { width: number; height: number }>()).current;
  const actions = useEditorActions(store, policy, measured);
  const { saver, state: saveState } = useDraftSaver(store, workflow.id, workflow.revision, initial, lang);
  const doc = useEditor(store, (s) => s.doc);
  const canUndo = useEditor(store, (s) => s.past.length > 0);
  const canRedo = useEditor(store, (s) => s.future.length > 0);
  const [panel, setPanel] = useState<SidePanel>('inspector');
  const [problemsOpen, setProblemsOpen] = useState(true);
  const [help, setHelp] = useState(false);
  const comparison = useComparison();
  const selection = useEditor(store, (s) => s.selection);

  const [trace, setTrace] = useState<Trace | undefined>();
  const run = useMemo(() => (trace ? runMarks(doc, trace) : undefined), [doc, trace]);

  // Choosing a block while versions are listed (outside a comparison) brings its settings back into view.
  useEffect(() => {
    if (selection.nodes.length + selection.edges.length + selection.notes.length > 0 && !comparison.active)
      setPanel((p) => (p === 'versions' ? 'inspector' : p));
  }, [selection, comparison.active]);
  // A test run shown on the canvas describes the document it ran; an edit makes it stale.
  const ranDoc = useRef(doc);
  useEffect(() => {
    if (trace && ranDoc.current !== doc) setTrace(undefined);
    ranDoc.current = doc;
  }, [doc, trace]);

  const deferred = useDeferredValue(doc);
  const previous = useRef<IssueIndex | undefined>(undefined);
  const issues = useMemo(() => {
    const index = indexIssues(deferred, validateDocument(deferred, policy), previous.current);
    previous.current = index;
    return index;
  }, [deferred, policy]);

  const save = useCallback(() => void saver.flush(), [saver]);
  const shortcutActions = useMemo(
    () => ({
      ...actions,
      save,
      layout: () => void actions.layout(),
      help: () => setHelp(true),
    }),
    [actions, save],
  );
  useShortcuts(shortcutActions, !comparison.active);

  return (
    <EditorStoreContext.Provider value={store}>
      <div className="editor" data-testid="editor">
        <Toolbar
          store={store}
          workflow={workflow}
          saveState={saveState}
          onSave={save}
          canUndo={canUndo}
          canRedo={canRedo}
          actions={actions}
          panel={panel}
          onPanel={setPanel}
          onHelp={() => setHelp(true)}
          issues={issues}
          saver={saver}
        />
        <BackupBanner workflowId={workflow.id} store={store} saver={saver} />
        <div className="editor-body">
          <Palette
            onAdd={(item) => actions.add(item)}
            disabled={comparison.active}
            hasTrigger={doc.nodes.some((n) => n.kind === 'trigger')}
          />
          <div className="editor-centre">
            {comparison.active && comparison.banner}
            <Canvas
              store={store}
              issues={comparison.active ? comparison.issues : issues}
              policy={policy}
              measured={measured}
              onDropItem={(item, at) => actions.add(item, at)}
              {...(comparison.active ? { marks: comparison.marks, shownDoc: comparison.doc, readOnly: true } : {})}
              {...(run && !comparison.active ? { run } : {})}
            />
            <div className={`problems-dock ${problemsOpen ? 'open' : ''}`}>
              <button
                type="button"
                className={`problems-toggle ${issues.errors ? 'has-errors' : ''}`}
                aria-expanded={problemsOpen}
                onClick={() => setProblemsOpen(!problemsOpen)}
                data-testid="problems-toggle"
              >
                {t('problemsCount', { count: issues.all.length })}
              </button>
              {problemsOpen && (
                <ProblemsPanel
                  doc={doc}
                  issues={issues}
                  onSelectNode={(id) => {
                    setPanel('inspector');
                    actions.focusNode(id);
                  }}
                  onSelectEdge={(id) => store.select({ nodes: [], edges: [id], notes: [] })}
                />
              )}
            </div>
          </div>
          <aside
            className="side-panel"
            aria-label={t(panel === 'inspector' ? 'inspector' : panel === 'test' ? 'testRunTitle' : 'versions')}
          >
            {panel === 'inspector' && <Inspector store={store} policy={policy} issues={issues} />}
            {panel === 'versions' && (
              <VersionsPanel workflowId={workflow.id} store={store} saver={saver} comparison={comparison} />
            )}
            {panel === 'test' && (
              <TestingPanel
                workflowId={workflow.id}
                presetId={workflow.presetId}
                store={store}
                saver={saver}
                policy={policy}
                trace={trace}
                onTrace={(next) => {
                  ranDoc.current = store.getState().doc;
                  setTrace(next);
                }}
                onFocus={actions.focusNode}
              />
            )}
          </aside>
        </div>
        {saveState.status === 'conflict' && saveState.conflict && (
          <ConflictDialog store={store} saver={saver} conflict={saveState.conflict} base={saveState.savedDoc} />
        )}
        {help && (
          <Dialog title={t('shortcuts')} onClose={() => setHelp(false)}>
            <table className="shortcuts">
              <tbody>
                {SHORTCUTS.map((s) => (
                  <tr key={s.keys}>
                    <th scope="row">
                      <kbd>{s.keys}</kbd>
                    </th>
                    <td>{s[lang]}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </Dialog>
        )}
      </div>
    </EditorStoreContext.Provider>
  );
}
