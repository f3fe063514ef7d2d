import type { Models } from '@iapm/runtime/db';
import type { TenantCreateBody, TenantUpdateBody } from '@iapm/schemas';
import { Types } from 'mongoose';
import { conflict, invalid, notFound } from '../http/problem.ts';
import { listPlans, type PlanLimits, type PlanName, setPlanLimits } from './plan.service.ts';
import { createTenant } from './tenant.service.ts';

const DAY = 86_400_000;

/** A firm's name as stored (trimmed); one made only of spaces or control characters is refused at `/name`. */
function firmName(name: string): string {
  const trimmed = name.trim();
  if (trimmed) return trimmed;
  throw invalid([
    {
      pointer: '/name',
      code: 'schema.invalid',
      message: { fr: 'Le nom du cabinet ne peut pas être vide.', en: "The firm's name cannot be blank." },
      severity: 'error',
    },
  ]);
}

/** Counts per firm of one collection (figures only: no case content leaves this function). */
async function countByTenant(
  models: Models,
  name: 'User' | 'Workflow' | 'Run' | 'ApiKey',
  match: Record<string, unknown>,
) {
  const rows = await (models[name] as unknown as import('mongoose').Model<unknown>).aggregate<{
    _id: Types.ObjectId;
    n: number;
  }>([{ $match: match }, { $group: { _id: '$tenantId', n: { $sum: 1 } } }]);
  return new Map(rows.map((r) => [String(r._id), r.n]));
}

/**
 * The platform operator's view (SUPER_ADMIN): firms, their plans and status, and figures — counts only,
 * never the content of a firm's cases, workflows or runs.
 */
export class PlatformService {
  constructor(private readonly models: Models) {}

  async listTenants() {
    const tenants = await this.models.Tenant.find({}, { name: 1, slug: 1, plan: 1, status: 1, createdAt: 1 })
      .sort({ createdAt: -1 })
      .lean();
    const since = new Date(Date.now() - 30 * DAY);
    const [users, workflows, runs, keys] = await Promise.all([
      countByTenant(this.models, 'User', { disabledAt: { $exists: false }, tenantId: { $exists: true } }),
      countByTenant(this.models, 'Workflow', { status: { $ne: 'archived' } }),
      countByTenant(this.models, 'Run', { startedAt: { $gte: since } }),
      countByTenant(this.models, 'ApiKey', { revokedAt: { $exists: false } }),
    ]);
    return tenants.map((t) => {
      const id = String(t._id);
      return {
        id,
        name: t.name,
        slug: t.slug,
        plan: t.plan,
        status: t.status,
        createdAt: t.createdAt,
        figures: {
          activeUsers: users.get(id) ?? 0,
          workflows: workflows.get(id) ?? 0,
          runsLast30Days: runs.get(id) ?? 0,
          activeApiKeys: keys.get(id) ?? 0,
        },
      };
    });
  }

  /** Creates a firm with its first ADMIN and a first API key (password and key shown once). */
  async createTenant(body: TenantCreateBody) {
    try {
      return await createTenant(this.models, {
        name: firmName(body.name),
        adminEmail: body.adminEmail.toLowerCase(),
        ...(body.adminPassword ? { adminPassword: body.adminPassword } : {}),
        ...(body.adminName ? { adminName: body.adminName } : {}),
        ...(body.plan ? { plan: body.plan } : {}),
      });
    } catch (error) {
      if ((error as { code?: number }).code === 11000)
        throw conflict('email-taken', {
          fr: 'Cette adresse e-mail est déjà utilisée.',
          en: 'This email address is already in use.',
        });
      throw error;
    }
  }

  /** Renames a firm, changes its plan, suspends or reactivates it (a suspended firm's sessions and keys are refused). */
  async updateTenant(id: string, body: TenantUpdateBody) {
    if (!Types.ObjectId.isValid(id)) throw notFound();
    // No projection here: FerretDB v1 does not take one on findAndModify.
    const updated = await this.models.Tenant.findOneAndUpdate(
      { _id: id },
      { $set: body.name === undefined ? body : { ...body, name: firmName(body.name) } },
      { returnDocument: 'after' },
    ).lean();
    if (!updated) throw notFound();
    return {
      id: String(updated._id),
      name: updated.name,
      slug: updated.slug,
      plan: updated.plan,
      status: updated.status,
      createdAt: updated.createdAt,
    };
  }

  async plans() {
    const plans = await listPlans(this.models.Tenant.db);
    const perPlan = await this.models.Tenant.aggregate<{ _id: string; n: number }>([
      { $group: { _id: '$plan', n: { $sum: 1 } } },
    ]);
    const counts = new Map(perPlan.map((r) => [r._id, r.n]));
    return plans.map((p) => ({ ...p, tenants: counts.get(p.name) ?? 0 }));
  }

  setPlanLimits(name: PlanName, limits: PlanLimits, by: string) {
    return setPlanLimits(this.models.Tenant.db, name, limits, by);
  }

  /** Platform-wide figures: firms by plan and status, people by role, workflows, runs and events of the last 30 days. */
  async stats() {
    const since = new Date(Date.now() - 30 * DAY);
    const group = async (
      model: import('mongoose').Model<unknown>,
      field: string,
      match: Record<string, unknown> = {},
    ) =>
      Object.fromEntries(
        (
          await model.aggregate<{ _id: string; n: number }>([
            { $match: match },
            { $group: { _id: `$${field}`, n: { $sum: 1 } } },
          ])
        ).map((r) => [r._id ?? 'none', r.n]),
      );
    const m = this.models as unknown as Record<string, import('mongoose').Model<unknown>>;
    return {
      tenants: { byPlan: await group(m.Tenant as never, 'plan'), byStatus: await group(m.Tenant as never, 'status') },
      users: { byRole: await group(m.User as never, 'role', { disabledAt: { $exists: false } }) },
      workflows: { byStatus: await group(m.Workflow as never, 'status') },
      runsLast30Days: { byStatus: await group(m.Run as never, 'status', { startedAt: { $gte: since } }) },
      eventsLast30Days: await this.models.Event.countDocuments({ receivedAt: { $gte: since } }),
    };
  }
}
