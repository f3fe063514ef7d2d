import type { WorkflowConfig } from '@iapm/schemas';
import type { Connection, Types } from 'mongoose';
import { evaluateCondition } from '../core/conditions/index.ts';
import { claimOnce } from '../db/claims.ts';
import type { Models } from '../db/models/index.ts';

export type Strategy = 'round-robin' | 'least-busy' | 'skill-based';

/** Someone work can be assigned to: a member of the firm's routing team, or one of its staff users. */
export interface Candidate {
  userId: string;
  skills: string[];
}

/** Lower case, accents removed: "Asile" and "asile", "Droit pénal" and "droit penal" are the same skill. */
const skillKey = (skill: string) =>
  skill
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .trim();

/**
 * The people work can go to, in a stable order: the active members of `routing.members` that are staff
 * users of the firm (not disabled), or, when the firm lists no team, every staff user of the firm.
 */
export async function candidatesOf(
  models: Models,
  tenantId: Types.ObjectId,
  routing: NonNullable<WorkflowConfig['routing']>,
): Promise<Candidate[]> {
  // Staff of the firm: a small collection, read on this rare path.
  const staff = (await models.User.find({ tenantId, role: 'ADMIN' }, { skills: 1, disabledAt: 1 }).lean()).filter(
    (user) => !user.disabledAt,
  );
  const byId = new Map(staff.map((user) => [String(user._id), user]));
  const members = (routing.members ?? []).filter((member) => member.active !== false);
  if (members.length > 0) {
    return members
      .filter((member) => byId.has(member.userId))
      .map((member) => ({
        userId: member.userId,
        skills: member.skills ?? byId.get(member.userId)?.skills ?? [],
      }));
  }
  return staff
    .map((user) => ({ userId: String(user._id), skills: user.skills ?? [] }))
    .sort((a, b) => a.userId.localeCompare(b.userId));
}

/** Open work per person: tasks not done or cancelled, and active or pending cases. */
export async function workload(
  models: Models,
  tenantId: Types.ObjectId,
  userIds: string[],
): Promise<Map<string, number>> {
  const counts = new Map(userIds.map((id) => [id, 0]));
  const tasks = await models.Task.find({ tenantId, assigneeId: { $in: userIds } }, { assigneeId: 1, status: 1 }).lean();
  for (const task of tasks) {
    if (task.status === 'done' || task.status === 'cancelled') continue;
    const id = String(task.assigneeId);
    counts.set(id, (counts.get(id) ?? 0) + 1);
  }
  const cases = await models.Workspace.find(
    { tenantId, assigneeId: { $in: userIds } },
    { assigneeId: 1, status: 1 },
  ).lean();
  for (const ws of cases) {
    if (ws.status !== 'active' && ws.status !== 'pending') continue;
    const id = String(ws.assigneeId);
    counts.set(id, (counts.get(id) ?? 0) + 1);
  }
  return counts;
}

/** The candidate with the least open work (the first in order on a tie). */
export async function leastBusy(models: Models, tenantId: Types.ObjectId, candidates: Candidate[]): Promise<Candidate> {
  const counts = await workload(
    models,
    tenantId,
    candidates.map((c) => c.userId),
  );
  let best = candidates[0] as Candidate;
  for (const candidate of candidates) {
    if ((counts.get(candidate.userId) ?? 0) < (counts.get(best.userId) ?? 0)) best = candidate;
  }
  return best;
}

/** Those who have the most of the skills wanted (at least one); empty when nobody has any. */
export function bySkills(candidates: Candidate[], wanted: string[]): Candidate[] {
  const keys = new Set(wanted.map(skillKey));
  const scored = candidates.map((c) => ({ c, score: c.skills.filter((s) => keys.has(skillKey(s))).length }));
  const top = Math.max(0, ...scored.map((s) => s.score));
  return top === 0 ? [] : scored.filter((s) => s.score === top).map((s) => s.c);
}

const MAX_PROBES = 10_000;

/**
 * The next turn of the firm's round robin: a number taken by a unique insert (`rr:<firm>:<n>`), so that runs
 * assigning at the same time — in any number of processes, on FerretDB v1 too — each get a turn of their own.
 * A hint (the last turn taken, written after the fact) saves probing from zero; a hint behind only costs a
 * few more inserts.
 */
export async function nextTurn(connection: Connection, tenantId: string, owner: string): Promise<number> {
  const claims = connection.collection<{ _id: string; result?: unknown }>('claims');
  const hintKey = `rr-hint:${tenantId}`;
  const hint = Number((await claims.findOne({ _id: hintKey }))?.result ?? 0);
  for (let n = hint + 1; n <= hint + MAX_PROBES; n++) {
    const taken = await claimOnce(connection, `rr:${tenantId}:${n}`, owner);
    if (!taken.claimed) continue;
    try {
      await claims.updateOne({ _id: hintKey }, { $max: { result: n } } as never, { upsert: true });
    } catch (error) {
      // Two first upserts raced: the hint exists now (it is only a hint: a plain update will do).
      if ((error as { code?: number }).code !== 11000) throw error;
      await claims.updateOne({ _id: hintKey }, { $max: { result: n } } as never);
    }
    return n;
  }
  throw new Error('round robin: no free turn found');
}

/** The firm's routing rule that applies to a case (lowest order first), if any. */
export function matchingRule(
  routing: NonNullable<WorkflowConfig['routing']>,
  data: Record<string, unknown>,
): NonNullable<NonNullable<WorkflowConfig['routing']>['rules']>[number] | undefined {
  const rules = [...(routing.rules ?? [])].sort((a, b) => (a.priority ?? 100) - (b.priority ?? 100));
  return rules.find((rule) => {
    if (rule.when === undefined) return true;
    try {
      return evaluateCondition(rule.when, data);
    } catch {
      return false;
    }
  });
}
