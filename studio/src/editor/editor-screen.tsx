import type { AutonomyPolicy } from '@iapm/schemas';
import { ReactFlowProvider } from '@xyflow/react';
import '@xyflow/react/dist/style.css';
import './validation/install-validators.ts';
import { useEffect, useState } from 'react';
import { isProblem, type Problem } from '../api/client.ts';
import type { WorkflowDetail } from '../api/workflows.ts';
import { pick, useLang, useT } from '../i18n/lang.tsx';
import { loadEditorData } from './editor-data.ts';
import { EditorWorkspace } from './editor-workspace.tsx';
import './editor.css';

/** The editor of one workflow: loads its draft and the firm's autonomy policy, then shows the workspace. */
export function EditorScreen({ workflowId }: { workflowId: string }) {
  const t = useT();
  const lang = useLang();
  const [workflow, setWorkflow] = useState<WorkflowDetail | undefined>();
  const [policy, setPolicy] = useState<AutonomyPolicy | undefined>();
  const [error, setError] = useState<Problem | undefined>();

  useEffect(() => {
    loadEditorData(workflowId).then(
      ([wf, firmPolicy]) => {
        setWorkflow(wf);
        setPolicy(firmPolicy);
      },
      (p) => setError(isProblem(p) ? p : { status: 0, code: 'unknown', message: { fr: String(p), en: String(p) } }),
    );
  }, [workflowId]);

  if (error)
    return (
      <p role="alert" className="error page">
        {pick(error.message, lang)}
      </p>
    );
  if (!workflow || !policy) return <p className="page">{t('loading')}</p>;
  return (
    <ReactFlowProvider>
      <EditorWorkspace workflow={workflow} policy={policy} />
    </ReactFlowProvider>
  );
}
