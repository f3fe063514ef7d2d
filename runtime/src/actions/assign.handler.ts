import { findOwned } from '../db/owned.ts';
import type { ActionHandler } from '../engine/ports.ts';
import { appendTimeline, defineHandler, type HandlerInput } from './define.ts';
import { objectIdAt, refused } from './entity-kit.ts';
import { actOnce, firmConfig } from './outside.ts';
import { bySkills, type Candidate, candidatesOf, leastBusy, matchingRule, nextTurn, type Strategy } from './routing.ts';
import { entityModel } from './status.handler.ts';

interface AssignParams {
  entity: 'workspace' | 'task';
  entityId: string;
  userId?: string;
  strategy?: Strategy;
  skills?: string[];
}
interface AssignOutput {
  userId: string;
  strategy: Strategy | 'explicit';
}
interface Assignable {
  _id: unknown;
  assigneeId?: unknown;
  workspaceId?: unknown;
  procedureType?: string;
  situation?: string;
  urgency?: string;
  priority?: string;
  status?: string;
  tags?: string[];
  customFields?: unknown;
}

/** Where the previous assignee is kept, for the compensation (by the entity and the person assigned). */
const HISTORY = 'assignments';
const historyKey = (tenantId: string, entity: string, entityId: string, userId: string) =>
  `${tenantId}:${entity}:${entityId}:${userId}`;

const noCandidate = (why: string, whyEn: string) =>
  refused('assign.no-candidate', '/strategy', `Personne à qui attribuer : ${why}.`, `Nobody to assign to: ${whyEn}.`);

/** Chooses the person: the one named, else the firm's routing rule for the case, else the strategy. */
async function choose(
  input: HandlerInput<AssignParams>,
  target: Assignable,
): Promise<{ userId: string; strategy: AssignOutput['strategy'] }> {
  const { params, models, tenantId, context } = input;
  if (params.userId) {
    const user = await findOwned<{ role?: string; disabledAt?: Date | null }>(
      models.User,
      objectIdAt(params.userId, '/userId'),
      tenantId,
    );
    if (user?.role !== 'ADMIN' || user.disabledAt) {
      throw refused(
        'assign.unknown-user',
        '/userId',
        `${params.userId} n'est pas un membre actif du cabinet.`,
        `${params.userId} is not an active member of the firm.`,
      );
    }
    return { userId: params.userId, strategy: 'explicit' };
  }
  const { config } = await firmConfig(input);
  const routing = config.routing ?? {};
  let strategy: Strategy = params.strategy ?? routing.loadBalancing ?? 'round-robin';
  let skills = params.skills ?? [];
  if (!params.strategy) {
    const rule = matchingRule(routing, { ...target, workspace: target });
    if (rule?.assignTo) return { userId: rule.assignTo, strategy: 'explicit' };
    if (rule?.skills?.length) {
      strategy = 'skill-based';
      skills = rule.skills;
    }
  }
  const candidates = await candidatesOf(models, tenantId, routing);
  if (candidates.length === 0) {
    if (routing.defaultAssignee) return { userId: routing.defaultAssignee, strategy: 'explicit' };
    throw noCandidate("le cabinet n'a aucun membre actif", 'the firm has no active member');
  }
  let pool: Candidate[] = candidates;
  if (strategy === 'skill-based' && skills.length > 0) {
    pool = bySkills(candidates, skills);
    if (pool.length === 0) {
      if (routing.defaultAssignee) return { userId: routing.defaultAssignee, strategy: 'explicit' };
      throw noCandidate(
        `aucun membre n'a les compétences ${skills.join(', ')}`,
        `no member has the skills ${skills.join(', ')}`,
      );
    }
  }
  if (strategy === 'round-robin') {
    const turn = await nextTurn(context.connection, String(tenantId), context.idempotencyKey);
    return { userId: (pool[turn % pool.length] as Candidate).userId, strategy };
  }
  return { userId: (await leastBusy(models, tenantId, pool)).userId, strategy };
}

/**
 * assign_user: assigns a case or a task to the person named, or else to the one the firm's routing chooses —
 * its first matching rule (`assignTo`, or the skills it requires), then the strategy asked for or the firm's
 * `loadBalancing`: round robin (turns taken by unique inserts, safe with concurrent runs), least busy (open
 * tasks and active cases), or skill-based (the members with most of the skills wanted, then the least busy).
 * Once per idempotency key: a repeat reports the first choice. Emits workspace:updated for a case; the
 * compensation gives the entity back its previous assignee unless it was reassigned since.
 */
export function assignHandler(): ActionHandler {
  return defineHandler<AssignParams, AssignOutput>(
    'assign_user',
    async (input) => {
      const { params, models, tenantId, context } = input;
      const id = objectIdAt(params.entityId, '/entityId');
      const model = entityModel(models, params.entity);
      let previous: string | null = null;
      let workspaceId: string | undefined;
      return actOnce<AssignOutput>(
        input,
        'assign_user',
        'repeat',
        async () => {
          const target = await findOwned<Assignable>(model, id, tenantId);
          if (!target) {
            throw refused(
              'entity.not-found',
              '/entityId',
              `${params.entity === 'workspace' ? 'Dossier' : 'Tâche'} ${params.entityId} introuvable dans ce cabinet.`,
              `${params.entity} ${params.entityId} cannot be found in this firm.`,
            );
          }
          previous = target.assigneeId ? String(target.assigneeId) : null;
          workspaceId = params.entity === 'workspace' ? params.entityId : (target.workspaceId as string | undefined);
          const chosen = await choose(input, target);
          // A person named by the firm's routing settings must still be one of its staff.
          const staff = await findOwned<{ role?: string; disabledAt?: Date | null }>(
            models.User,
            objectIdAt(chosen.userId, '/userId'),
            tenantId,
            { role: 1, disabledAt: 1 },
          );
          if (staff?.role !== 'ADMIN' || staff.disabledAt) {
            throw refused(
              'assign.unknown-user',
              '/userId',
              `${chosen.userId}, choisi par la répartition du cabinet, n'est pas un membre actif du cabinet.`,
              `${chosen.userId}, chosen by the firm's routing, is not an active member of the firm.`,
            );
          }
          await context.connection
            .collection<{ _id: string; tenantId: string; previous: string | null; at: Date }>(HISTORY)
            .updateOne(
              { _id: historyKey(String(tenantId), params.entity, params.entityId, chosen.userId) },
              { $set: { tenantId: String(tenantId), previous, at: context.now } },
              { upsert: true },
            );
          // By `_id` alone (indexed): the firm was checked on read and never changes.
          await model.updateOne({ _id: id }, { $set: { assigneeId: chosen.userId } });
          return chosen;
        },
        async (result) => {
          const user = await findOwned<{ name?: string }>(models.User, result.userId, tenantId, { name: 1 });
          await appendTimeline(
            input,
            workspaceId && String(workspaceId),
            'assignment',
            `${params.entity === 'workspace' ? 'Dossier' : 'Tâche'} attribué(e) à ${user?.name ?? result.userId}`,
            { userId: result.userId, strategy: result.strategy },
          );
          if (params.entity !== 'workspace' || previous === result.userId) return;
          await context.emit('workspace:updated', {
            workspaceId: params.entityId,
            changes: { assigneeId: result.userId },
            previous: { assigneeId: previous },
            changedFields: ['assigneeId'],
            updatedAt: context.now.toISOString(),
          });
        },
      );
    },
    {
      compensate: async ({ params, output, models, tenantId, context }) => {
        const history = context.connection.collection<{ _id: string; tenantId: string; previous: string | null }>(
          HISTORY,
        );
        const key = historyKey(String(tenantId), params.entity, params.entityId, output.userId);
        const record = await history.findOne({ _id: key });
        if (!record || record.tenantId !== String(tenantId)) return;
        await entityModel(models, params.entity).updateOne(
          { _id: params.entityId, tenantId, assigneeId: output.userId },
          record.previous ? { $set: { assigneeId: record.previous } } : { $unset: { assigneeId: 1 } },
        );
      },
    },
  );
}
