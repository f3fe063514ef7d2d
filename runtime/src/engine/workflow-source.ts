import { checkWorkflow, configWithDefaults, type Issue } from '@iapm/schemas';
import type { Connection } from 'mongoose';
import type { RunPolicy, Workflow } from '../core/types.ts';
import { getModels } from '../db/models/index.ts';
import { findOwned } from '../db/owned.ts';

/** A published version that failed the checks when a run was about to start. */
export class WorkflowRefused extends Error {
  constructor(
    readonly workflowId: string,
    readonly version: number,
    readonly issues: Issue[],
  ) {
    super(`workflow ${workflowId} v${version} is refused: ${issues.map((i) => `${i.pointer} ${i.code}`).join('; ')}`);
  }
}

/**
 * Loads published versions (immutable, so cached), checking each with the same schema and graph checks as
 * publishing: a document changed in the database behind the studio's back — a RED action declared GREEN,
 * say — is refused with the checker's issues and never runs.
 */
export function createWorkflowSource(connection: Connection) {
  const models = getModels(connection);
  const cache = new Map<string, { version: number; document: Workflow }>();
  return async function loadWorkflow(tenantId: string, workflowId: string, version: number | 'latest') {
    let number = version;
    if (number === 'latest') {
      const wf = await findOwned<{ publishedVersion?: number | null }>(models.Workflow, workflowId, tenantId, {
        publishedVersion: 1,
      });
      if (!wf?.publishedVersion) return undefined;
      number = wf.publishedVersion;
    }
    const key = `${tenantId}:${workflowId}:${number}`;
    const hit = cache.get(key);
    if (hit) return hit;
    const doc = await models.WorkflowVersion.findOne({ tenantId, workflowId, version: number }).lean();
    if (!doc) return undefined;
    const checked = checkWorkflow<Workflow>(doc.document);
    if (!checked.ok) throw new WorkflowRefused(workflowId, number, checked.issues);
    const entry = { version: number, document: checked.value };
    cache.set(key, entry);
    return entry;
  };
}

/** The run policy of a firm, from its WorkflowConfig (defaults for what it does not set). */
export function createPolicyResolver(connection: Connection) {
  const models = getModels(connection);
  return async function resolvePolicy(tenantId: string): Promise<RunPolicy> {
    const tenant = await models.Tenant.findById(tenantId, { config: 1 }).lean();
    return policyOf(tenant?.config ?? {});
  };
}

/** The run policy a firm's stored WorkflowConfig gives (defaults for what it does not set). */
export function policyOf(stored: unknown): RunPolicy {
  const config = configWithDefaults((stored ?? {}) as Parameters<typeof configWithDefaults>[0]);
  return {
    raise: (config.autonomy?.raise ?? {}) as RunPolicy['raise'],
    orangeAutoApprove: {
      enabled: config.autonomy?.orangeAutoApprove?.enabled ?? false,
      minConfidence: config.autonomy?.orangeAutoApprove?.minConfidence ?? 0.95,
    },
    defaultAttempts: config.performance?.retryAttempts ?? 3,
    defaultTimeoutSeconds: config.performance?.timeoutSeconds ?? 30,
    maxSubflowDepth: 3,
  };
}
