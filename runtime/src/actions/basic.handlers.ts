import type { ActionHandlers } from '../engine/ports.ts';
import { appendTimeline, defineHandler, insertOnce, objectIdOrUndefined } from './define.ts';

interface NoteParams {
  workspaceId: string;
  text: string;
  pinned?: boolean;
}
interface TaskParams {
  title: string;
  description?: string;
  workspaceId?: string;
  assigneeId?: string;
  dueAt?: string;
  priority?: 'low' | 'medium' | 'high' | 'critical';
}
interface AlertParams {
  title: string;
  message?: string;
  level: 'info' | 'warning' | 'critical';
  workspaceId?: string;
}
interface LogParams {
  level?: 'debug' | 'info' | 'warn' | 'error';
  message: string;
  data?: Record<string, unknown>;
}

/**
 * The handlers of the simple entity and system actions: a note, a task, an alert, a log line. Each
 * creates its entity once per idempotency key, appends to the case's timeline and emits its event.
 */
export function basicHandlers(): ActionHandlers {
  return {
    create_note: defineHandler<NoteParams, { noteId: string }>(
      'create_note',
      async (input) => {
        const { params, models, tenantId, entityId } = input;
        const workspaceId = objectIdOrUndefined(params.workspaceId);
        if (!workspaceId) throw new Error(`workspace "${params.workspaceId}" is not a case id`);
        await insertOnce(models.Note, {
          _id: entityId,
          tenantId,
          workspaceId,
          text: params.text,
          pinned: params.pinned ?? false,
        });
        await appendTimeline(input, params.workspaceId, 'note', 'Note ajoutée');
        return { noteId: String(entityId) };
      },
      {
        compensate: async ({ output, models, tenantId }) => {
          await models.Note.deleteOne({ _id: output.noteId, tenantId });
        },
      },
    ),
    create_task: defineHandler<TaskParams, { taskId: string }>(
      'create_task',
      async (input) => {
        const { params, models, tenantId, entityId } = input;
        await insertOnce(models.Task, {
          _id: entityId,
          tenantId,
          title: params.title,
          ...(params.description ? { description: params.description } : {}),
          ...(objectIdOrUndefined(params.workspaceId) ? { workspaceId: objectIdOrUndefined(params.workspaceId) } : {}),
          ...(objectIdOrUndefined(params.assigneeId) ? { assigneeId: objectIdOrUndefined(params.assigneeId) } : {}),
          ...(params.dueAt ? { dueAt: new Date(params.dueAt) } : {}),
          priority: params.priority ?? 'medium',
        });
        await appendTimeline(input, params.workspaceId, 'task', `Tâche : ${params.title}`);
        return { taskId: String(entityId) };
      },
      {
        compensate: async ({ output, models, tenantId }) => {
          await models.Task.deleteOne({ _id: output.taskId, tenantId });
        },
      },
    ),
    create_alert: defineHandler<AlertParams, { alertId: string; level: string }>(
      'create_alert',
      async (input) => {
        const { params, models, tenantId, entityId, context } = input;
        const { created } = await insertOnce(models.Alert, {
          _id: entityId,
          tenantId,
          level: params.level,
          title: params.title,
          ...(params.message ? { message: params.message } : {}),
          ...(objectIdOrUndefined(params.workspaceId) ? { workspaceId: objectIdOrUndefined(params.workspaceId) } : {}),
        });
        await appendTimeline(input, params.workspaceId, 'alert', params.title);
        if (created) {
          const payload = {
            alertId: String(entityId),
            type: 'system',
            title: params.title,
            priority: params.level === 'critical' ? 'critical' : params.level === 'warning' ? 'high' : 'medium',
            ...(params.message ? { message: params.message } : {}),
            ...(params.workspaceId ? { workspaceId: params.workspaceId } : {}),
          };
          await context.emit(params.level === 'critical' ? 'alert:critical' : 'alert:created', payload);
        }
        return { alertId: String(entityId), level: params.level };
      },
      {
        compensate: async ({ output, models, tenantId }) => {
          await models.Alert.deleteOne({ _id: output.alertId, tenantId });
        },
      },
    ),
    log_event: defineHandler<LogParams, { loggedAt: string }>('log_event', async ({ params, context }) => {
      const line = {
        level: params.level ?? 'info',
        msg: params.message,
        runId: context.runId,
        nodeId: context.nodeId,
        tenantId: context.tenantId,
      };
      process.stdout.write(`${JSON.stringify(line)}\n`);
      return { loggedAt: context.now.toISOString() };
    }),
  };
}
