import { findDocumentTemplate, type Workflow } from '@iapm/runtime';
import {
  type CheckedDocument,
  checkWorkflow,
  configWithDefaults,
  type Issue,
  message,
  type Validation,
} from '@iapm/schemas';
import type { TenantRepository } from '../db/tenant-repository.ts';

const MAX_SUBFLOW_LOOKUP = 6;

/** Workflow ids a document starts as subflows. */
function subflowIds(doc: unknown): string[] {
  const nodes = (doc as { nodes?: unknown } | null)?.nodes;
  if (!Array.isArray(nodes)) return [];
  return nodes
    .filter((n) => n && typeof n === 'object' && (n as { kind?: unknown }).kind === 'subflow')
    .map((n) => (n as { workflowId?: unknown }).workflowId)
    .filter((id): id is string => typeof id === 'string' && /^[0-9a-f]{24}$/.test(id));
}

/**
 * Checks a document as publishing and running will: the JSON Schema, the graph, the expressions, the firm's
 * raised autonomy levels, and subflows against the firm's published workflows (depth and cycles) — the
 * latest published version of each, looked up in the firm only. Give the document its workflow's `id` so that
 * a subflow back to itself is found.
 */
export async function checkForFirm(repo: TenantRepository, doc: unknown): Promise<Validation<Workflow>> {
  const tenant = await repo.tenant().lean();
  const config = configWithDefaults(tenant?.config ?? {});
  const known = new Map<string, CheckedDocument>();
  let frontier = subflowIds(doc);
  for (let depth = 0; depth < MAX_SUBFLOW_LOOKUP && frontier.length; depth++) {
    const ids = [...new Set(frontier.filter((id) => !known.has(id)))];
    frontier = [];
    if (!ids.length) break;
    const workflows = await repo
      .of('Workflow')
      .find({ _id: { $in: ids }, publishedVersion: { $exists: true } }, { publishedVersion: 1 })
      .lean();
    for (const wf of workflows) {
      const version = await repo
        .of('WorkflowVersion')
        .findOne({ workflowId: wf._id, version: wf.publishedVersion })
        .lean();
      if (!version) continue;
      known.set(String(wf._id), version.document as CheckedDocument);
      frontier.push(...subflowIds(version.document));
    }
  }
  const checked = checkWorkflow<Workflow>(doc, {
    policy: { raise: (config.autonomy?.raise ?? {}) as Record<string, 'GREEN' | 'ORANGE' | 'RED'> },
    resolveWorkflow: (id) => known.get(id),
  });
  if (!checked.ok) return checked;
  const emailTemplates = new Set((config.email?.templates ?? []).map((t: { id: string }) => t.id));
  const warnings = await missingTemplates(repo, checked.value, emailTemplates);
  return warnings.length ? { ...checked, issues: [...checked.issues, ...warnings] } : checked;
}

/**
 * Warnings for the templates a document names that the firm does not have (document templates: its own or
 * the built-in ones; e-mail templates: its configuration): the workflow is valid, but the step will fail
 * when it runs. A template chosen by an expression (`{{…}}`) is known only at run time.
 */
async function missingTemplates(repo: TenantRepository, workflow: Workflow, emailTemplates: Set<string>) {
  const issues: Issue[] = [];
  for (const [index, node] of workflow.nodes.entries()) {
    if (node.kind !== 'action') continue;
    const template = (node.params as { template?: unknown } | undefined)?.template;
    if (typeof template !== 'string' || template.includes('{{')) continue;
    const known =
      node.action === 'generate_document'
        ? Boolean(await findDocumentTemplate(repo.connection, repo.tenantId, template))
        : node.action === 'send_email'
          ? emailTemplates.has(template)
          : true;
    if (!known)
      issues.push({
        pointer: `/nodes/${index}/params/template`,
        nodeId: node.id,
        code: 'firm.template-unknown',
        message: message('firm.template-unknown', { template }),
        severity: 'warning',
      });
  }
  return issues;
}
