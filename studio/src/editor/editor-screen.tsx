import { type AutonomyPolicy, configWithDefaults } from '@iapm/schemas';
import { ReactFlowProvider } from '@xyflow/react';
import '@xyflow/react/dist/style.css';
import './validation/install-validators.ts';
import { useEffect, useState } from 'react';
import { api, isProblem, type Problem } from '../api/client.ts';
import { type WorkflowDetail, workflowsApi } from '../api/workflows.ts';
import { pick, useLang, useT } from '../i18n/lang.tsx';
import type { User } from '../session.ts';
import { EditorWorkspace } from './editor-workspace.tsx';
import './editor.css';

/** The editor of one workflow: loads its draft and the firm's autonomy policy, then shows the workspace. */
export function EditorScreen({ workflowId, user }: { workflowId: string; user: User }) {
  const t = useT();
  const lang = useLang();
  const [workflow, setWorkflow] = useState<WorkflowDetail | undefined>();
  const [policy, setPolicy] = useState<AutonomyPolicy | undefined>();
  const [error, setError] = useState<Problem | undefined>();

  useEffect(() => {
    workflowsApi
      .get(workflowId)
      .then(setWorkflow, (p) =>
        setError(isProblem(p) ? p : { status: 0, code: 'unknown', message: { fr: String(p), en: String(p) } }),
      );
    // The firm may raise autonomy levels (more actions wait for a lawyer); only ADMINs can read it.
    api<unknown>('/api/firm/config').then(
      (config) => setPolicy({ raise: configWithDefaults(config as never).autonomy?.raise ?? {} } as AutonomyPolicy),
      () => setPolicy({}),
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
      <EditorWorkspace workflow={workflow} policy={policy} user={user} />
    </ReactFlowProvider>
  );
}
