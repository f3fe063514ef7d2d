import { type AutonomyPolicy, configWithDefaults } from '@iapm/schemas';
import { api } from '../api/client.ts';
import { prefetch, takeOrLoad } from '../api/prefetch.ts';
import { type WorkflowDetail, workflowsApi } from '../api/workflows.ts';

const loadWorkflow = (id: string) => () => workflowsApi.get(id);
// The firm may raise autonomy levels (more actions wait for a lawyer); only ADMINs can read it.
const loadPolicy = () =>
  api<unknown>('/api/firm/config').then(
    (config) => ({ raise: configWithDefaults(config as never).autonomy?.raise ?? {} }) as AutonomyPolicy,
    () => ({}) as AutonomyPolicy,
  );

/** Starts loading what the editor of a workflow needs (called before the editor's code has arrived). */
export function prefetchEditorData(workflowId: string): void {
  prefetch(`workflow:${workflowId}`, loadWorkflow(workflowId));
  prefetch('firm-policy', loadPolicy);
}

/** The workflow with its draft, and the firm's autonomy policy (prefetched when possible). */
export function loadEditorData(workflowId: string): Promise<[WorkflowDetail, AutonomyPolicy]> {
  return Promise.all([
    takeOrLoad(`workflow:${workflowId}`, loadWorkflow(workflowId)),
    takeOrLoad('firm-policy', loadPolicy),
  ]);
}
