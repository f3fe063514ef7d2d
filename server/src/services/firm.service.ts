import { configWithDefaults, SCHEMA_IDS, validateWith, type WorkflowConfig } from '@iapm/schemas';
import type { TenantRepository } from '../db/tenant-repository.ts';
import { invalid, notFound } from '../http/problem.ts';
import { limitsOf, PLAN_LABELS } from './plan.service.ts';
import { assertStorable } from './workflow.service.ts';

/** The firm itself as its members see it: name, plan with limits and usage, and its WorkflowConfig. */
export class FirmService {
  async get(repo: TenantRepository) {
    const tenant = await repo.tenant().lean();
    if (!tenant) throw notFound();
    const { plan, limits } = await limitsOf(repo);
    const [users, workflows, apiKeys] = await Promise.all([
      repo.of('User').countDocuments({ disabledAt: { $exists: false } }),
      repo.of('Workflow').countDocuments({ status: { $ne: 'archived' } }),
      repo.of('ApiKey').countDocuments({ revokedAt: { $exists: false } }),
    ]);
    return {
      id: String(tenant._id),
      name: tenant.name,
      slug: tenant.slug,
      status: tenant.status,
      plan: { name: plan, label: PLAN_LABELS[plan], limits },
      usage: { users, workflows, apiKeys },
    };
  }

  /** The firm's settings, with the default of every value it does not set. */
  async config(repo: TenantRepository) {
    const tenant = await repo.tenant().lean();
    return { config: (tenant?.config ?? {}) as WorkflowConfig, effective: configWithDefaults(tenant?.config ?? {}) };
  }

  /** Replaces the firm's settings after checking them against `workflow-config.schema.json`. */
  async setConfig(repo: TenantRepository, config: unknown) {
    const checked = validateWith<WorkflowConfig>(SCHEMA_IDS.workflowConfig, config);
    if (!checked.ok) throw invalid(checked.issues);
    assertStorable(checked.value, '');
    await repo.updateTenant({ $set: { config: checked.value } });
    return this.config(repo);
  }
}
