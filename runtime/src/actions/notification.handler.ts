import { Types } from 'mongoose';
import { findOwned } from '../db/owned.ts';
import type { ActionHandler } from '../engine/ports.ts';
import { NotificationDelivery, staffUserIds } from '../notifications/delivery.ts';
import { quietHoursEnd } from '../notifications/quiet-hours.ts';
import type { ActionAdapters } from './adapters.ts';
import { defineHandler, type HandlerInput, insertOnce, keyedObjectId } from './define.ts';
import { failure, firmConfig } from './outside.ts';

type Priority = 'low' | 'medium' | 'high' | 'critical';
type Channel = 'web' | 'email' | 'sms' | 'webhook';
interface NotificationParams {
  recipients?: string[];
  role?: 'lawyers' | 'admins' | 'assignee';
  title: string;
  message: string;
  priority?: Priority;
  channels?: Channel[];
  workspaceId?: string;
  link?: string;
}
interface NotificationOutput {
  notificationIds: string[];
  deferredUntil: string | null;
  channels: Channel[];
}

/** The channels a notification to a user of the firm can use: in the studio, and by email. */
const USABLE: readonly Channel[] = ['web', 'email'];

async function recipientsOf(input: HandlerInput<NotificationParams>): Promise<Types.ObjectId[]> {
  const { params, context, models, tenantId } = input;
  const ids = new Map<string, Types.ObjectId>();
  if (params.recipients) {
    const found = await staffUserIds(context.connection, context.tenantId, { ids: params.recipients });
    const unknown = params.recipients.filter((id) => !found.some((f) => String(f) === id));
    if (unknown.length) {
      throw failure(
        'notification.unknown-recipient',
        `Destinataires inconnus ou hors de l'équipe du cabinet : ${unknown.join(', ')}.`,
        `Recipients unknown or not on the firm's team: ${unknown.join(', ')}.`,
      );
    }
    for (const id of found) ids.set(String(id), id);
  }
  if (params.role === 'lawyers' || params.role === 'admins') {
    // Both are the firm's staff accounts (role ADMIN); clients are never notified here.
    for (const id of await staffUserIds(context.connection, context.tenantId, { all: true })) ids.set(String(id), id);
  }
  if (params.role === 'assignee') {
    const workspace =
      params.workspaceId && Types.ObjectId.isValid(params.workspaceId)
        ? await findOwned<{ assigneeId?: unknown }>(models.Workspace, params.workspaceId, tenantId, { assigneeId: 1 })
        : null;
    const assignee = workspace?.assigneeId
      ? await staffUserIds(context.connection, context.tenantId, { ids: [String(workspace.assigneeId)] })
      : [];
    if (!assignee[0]) {
      throw failure(
        'notification.no-assignee',
        "Le dossier n'a pas de responsable à notifier.",
        'The case has no assignee to notify.',
      );
    }
    ids.set(String(assignee[0]), assignee[0]);
  }
  if (ids.size === 0) {
    throw failure('notification.no-recipient', 'Aucun destinataire à notifier.', 'No recipient to notify.');
  }
  return [...ids.values()];
}

/**
 * send_notification: one stored notification per user of the firm, pushed on the live channel at once, or
 * when the firm's quiet hours end for a non-critical one (critical goes at once, always; another priority
 * goes at once only when the firm set `immediate` for it). Channels `web` and `email` are used; the others
 * have no address for a user and are left out of the output.
 */
export function notificationHandler(adapters: ActionAdapters): ActionHandler {
  const delivery = (connection: HandlerInput<unknown>['context']['connection']) =>
    new NotificationDelivery(connection, { live: adapters.live, smtp: adapters.smtp });
  return defineHandler<NotificationParams, NotificationOutput>('send_notification', async (input) => {
    const { params, context, models, tenantId } = input;
    const users = await recipientsOf(input);
    const { config, raw } = await firmConfig(input);
    const priority = params.priority ?? 'medium';
    const chosen = (raw as { notifications?: { priority?: Record<string, { immediate?: boolean }> } }).notifications
      ?.priority?.[priority]?.immediate;
    const immediate = priority === 'critical' || chosen === true;
    const deferredUntil = immediate ? undefined : quietHoursEnd(context.now, config.notifications?.quietHours ?? {});
    const channels = (params.channels ?? ['web']).filter((c) => USABLE.includes(c));
    if (!channels.includes('web')) channels.unshift('web');
    const deliverAt = deferredUntil ?? context.now;
    const created = [];
    for (const userId of users) {
      const { doc } = await insertOnce(models.Notification, {
        _id: keyedObjectId(`${context.idempotencyKey}:${userId}`),
        tenantId,
        userId,
        title: params.title,
        message: params.message,
        priority,
        channels,
        deliverAt,
        ...(params.workspaceId && Types.ObjectId.isValid(params.workspaceId)
          ? { workspaceId: new Types.ObjectId(params.workspaceId) }
          : {}),
        ...(params.link ? { link: params.link } : {}),
      });
      created.push(doc);
    }
    if (!deferredUntil) {
      const sender = delivery(context.connection);
      for (const doc of created) await sender.deliver(doc as never, context.now);
    }
    return {
      notificationIds: created.map((d) => String(d._id)),
      deferredUntil: deferredUntil ? deferredUntil.toISOString() : null,
      channels,
    };
  });
}
