import type { ApiPlanLimits } from '@iapm/schemas';
import type { Connection } from 'mongoose';
import type { TenantRepository } from '../db/tenant-repository.ts';
import { HttpProblem } from '../http/problem.ts';

export type PlanName = 'Basic' | 'Premium' | 'Enterprise';
export type PlanLimits = ApiPlanLimits;
export const PLAN_NAMES: PlanName[] = ['Basic', 'Premium', 'Enterprise'];

/** Limits of each plan until the platform operator changes them (`PUT /api/platform/plans/:name`). */
export const DEFAULT_LIMITS: Record<PlanName, PlanLimits> = {
  Basic: { maxUsers: 5, maxWorkflows: 20, maxApiKeys: 2 },
  Premium: { maxUsers: 25, maxWorkflows: 100, maxApiKeys: 10 },
  Enterprise: { maxUsers: 1000, maxWorkflows: 1000, maxApiKeys: 100 },
};

export const PLAN_LABELS: Record<PlanName, { fr: string; en: string }> = {
  Basic: { fr: 'Essentiel', en: 'Basic' },
  Premium: { fr: 'Premium', en: 'Premium' },
  Enterprise: { fr: 'Entreprise', en: 'Enterprise' },
};

interface PlanRecord {
  _id: string;
  limits: PlanLimits;
  updatedAt: Date;
  updatedBy?: string;
}

const plans = (connection: Connection) => connection.collection<PlanRecord>('plans');

/** Every plan with its limits (the operator's values over the defaults). */
export async function listPlans(connection: Connection) {
  const stored = new Map((await plans(connection).find({}).toArray()).map((p) => [p._id, p]));
  return PLAN_NAMES.map((name) => ({
    name,
    label: PLAN_LABELS[name],
    limits: { ...DEFAULT_LIMITS[name], ...stored.get(name)?.limits },
    ...(stored.get(name) ? { updatedAt: stored.get(name)?.updatedAt } : {}),
  }));
}

/** Sets a plan's limits (platform-wide: every firm on the plan gets them at once). */
export async function setPlanLimits(connection: Connection, name: PlanName, limits: PlanLimits, by: string) {
  await plans(connection).updateOne(
    { _id: name },
    { $set: { limits, updatedAt: new Date(), updatedBy: by } },
    { upsert: true },
  );
  return (await listPlans(connection)).find((p) => p.name === name);
}

/** The limits of a firm's plan. */
export async function limitsOf(repo: TenantRepository): Promise<{ plan: PlanName; limits: PlanLimits }> {
  const tenant = await repo.tenant().lean();
  const plan = (tenant?.plan ?? 'Basic') as PlanName;
  const stored = await plans(repo.connection).findOne({ _id: plan });
  return { plan, limits: { ...DEFAULT_LIMITS[plan], ...stored?.limits } };
}

const LIMIT_LABELS: Record<keyof PlanLimits, { fr: string; en: string }> = {
  maxUsers: { fr: 'utilisateurs actifs', en: 'active users' },
  maxWorkflows: { fr: 'workflows', en: 'workflows' },
  maxApiKeys: { fr: "clés d'API actives", en: 'active API keys' },
};

/**
 * Refuses (403 `plan-limit`) to add one more of something when the firm's plan is already at its limit.
 * Two requests at the same moment may both pass the count: a limit is a commercial bound, not a hard one.
 */
export async function assertBelowLimit(repo: TenantRepository, limit: keyof PlanLimits, current: number) {
  const { plan, limits } = await limitsOf(repo);
  const max = limits[limit];
  if (current < max) return;
  const what = LIMIT_LABELS[limit];
  throw new HttpProblem(
    403,
    'plan-limit',
    {
      fr: `L'offre ${PLAN_LABELS[plan].fr} permet au plus ${max} ${what.fr}.`,
      en: `The ${PLAN_LABELS[plan].en} plan allows at most ${max} ${what.en}.`,
    },
    [],
    { plan, limit, max },
  );
}
