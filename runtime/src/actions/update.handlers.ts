import type { Types } from 'mongoose';
import { claimOnce } from '../db/claims.ts';
import type { Models } from '../db/models/index.ts';
import { findOwned } from '../db/owned.ts';
import type { ActionHandlers } from '../engine/ports.ts';
import { appendTimeline, defineHandler, type HandlerInput, insertOnce, objectIdOrUndefined } from './define.ts';

type Priority = 'low' | 'medium' | 'high' | 'critical';

/**
 * Runs `change` once per idempotency key and keeps its result: a repeated execution (after a crash) returns
 * the first result instead of describing the state it finds.
 */
async function once<O>(input: HandlerInput<unknown>, change: () => Promise<O>): Promise<O> {
  const key = `action:${input.context.idempotencyKey}`;
  const existing = await input.context.connection
    .collection<{ _id: string; result?: unknown }>('claims')
    .findOne({ _id: key });
  if (existing?.result !== undefined) return existing.result as O;
  const result = await change();
  await claimOnce(input.context.connection, key, input.context.runId, result);
  return result;
}

function requireId(id: string, what: string): Types.ObjectId {
  const objectId = objectIdOrUndefined(id);
  if (!objectId) throw new Error(`${what} "${id}" is not an id of this firm`);
  return objectId;
}

const tagModel = (models: Models, entity: 'workspace' | 'client' | 'task' | 'document') =>
  ({ workspace: models.Workspace, client: models.Client, task: models.Task, document: models.Document })[
    entity
  ] as unknown as typeof models.Task;

/** create_message, update_priority, add_tag: a case thread message, a priority, tags. */
export function updateHandlers(): ActionHandlers {
  return {
    create_message: defineHandler<
      { workspaceId: string; body: string; visibleToClient?: boolean },
      { messageId: string }
    >(
      'create_message',
      async (input) => {
        const { params, models, tenantId, entityId, context } = input;
        const workspaceId = requireId(params.workspaceId, 'workspace');
        const { created } = await insertOnce(models.Message, {
          _id: entityId,
          tenantId,
          workspaceId,
          body: params.body,
          authorType: 'system',
          visibleToClient: params.visibleToClient ?? true,
        });
        await appendTimeline(input, params.workspaceId, 'message', 'Message sur le fil du dossier');
        if (created) {
          await context.emit('message:created', {
            messageId: String(entityId),
            workspaceId: params.workspaceId,
            channel: 'portal',
            direction: 'outbound',
            authorType: 'system',
            body: params.body,
            createdAt: context.now.toISOString(),
          });
        }
        return { messageId: String(entityId) };
      },
      {
        compensate: async ({ output, models, tenantId }) => {
          await models.Message.deleteOne({ _id: output.messageId, tenantId });
        },
      },
    ),
    update_priority: defineHandler<
      { entity: 'workspace' | 'task'; entityId: string; priority: Priority },
      { previousPriority?: Priority; priority: Priority }
    >(
      'update_priority',
      async (input) => {
        const { params, models, tenantId, context } = input;
        const id = requireId(params.entityId, params.entity);
        return once(input, async () => {
          const model = params.entity === 'workspace' ? models.Workspace : models.Task;
          // By `_id` alone, the firm checked here (tenantId never changes): the index is used on FerretDB v1.
          const before = await findOwned<{ priority?: Priority }>(model, id, tenantId, { priority: 1 });
          if (!before) throw new Error(`${params.entity} ${params.entityId} not found`);
          await (model as typeof models.Task).updateOne({ _id: id }, { $set: { priority: params.priority } });
          if (params.entity === 'workspace') {
            await appendTimeline(input, params.entityId, 'priority', `Priorité : ${params.priority}`);
            await context.emit('workspace:updated', {
              workspaceId: params.entityId,
              changes: { priority: params.priority },
              previous: { priority: before.priority ?? null },
              changedFields: ['priority'],
              updatedAt: context.now.toISOString(),
            });
          }
          return { ...(before.priority ? { previousPriority: before.priority } : {}), priority: params.priority };
        });
      },
      {
        // Puts the previous priority back, unless someone changed it again since.
        compensate: async ({ params, output, models, tenantId }) => {
          if (!output.previousPriority) return;
          const model = (params.entity === 'workspace' ? models.Workspace : models.Task) as typeof models.Task;
          await model.updateOne(
            { _id: params.entityId, tenantId, priority: output.priority },
            { $set: { priority: output.previousPriority } },
          );
        },
      },
    ),
    add_tag: defineHandler<
      { entity: 'workspace' | 'client' | 'task' | 'document'; entityId: string; tags: string[] },
      { tags: string[]; added: string[] }
    >(
      'add_tag',
      async (input) => {
        const { params, models, tenantId } = input;
        const id = requireId(params.entityId, params.entity);
        const model = tagModel(models, params.entity);
        // The first result is kept: a repeat must still say which tags this execution added (for rollback).
        return once(input, async () => {
          const before = await findOwned<{ tags?: string[] }>(model, id, tenantId, { tags: 1 });
          if (!before) throw new Error(`${params.entity} ${params.entityId} not found`);
          const added = [...new Set(params.tags)].filter((t) => !(before.tags ?? []).includes(t));
          const after = (await model
            .findOneAndUpdate({ _id: id }, { $addToSet: { tags: { $each: params.tags } } }, { new: true })
            .lean()) as { tags?: string[] } | null;
          return { tags: after?.tags ?? [], added };
        });
      },
      {
        // Takes away only the tags this execution added.
        compensate: async ({ params, output, models, tenantId }) => {
          if (!output.added?.length) return;
          await tagModel(models, params.entity).updateOne(
            { _id: params.entityId, tenantId },
            { $pullAll: { tags: output.added } },
          );
        },
      },
    ),
  };
}
