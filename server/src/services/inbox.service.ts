import type { ApiTypes } from '@iapm/schemas';
import { Types } from 'mongoose';
import type { TenantRepository } from '../db/tenant-repository.ts';
import type { Principal } from '../http/auth.ts';
import { forbidden, notFound } from '../http/problem.ts';

type Doc = Record<string, unknown> & { _id: unknown };
const limitOf = (value: string | undefined, fallback = 50) => Math.min(Number(value ?? fallback), 200);

const notificationView = (n: Doc) => ({
  id: String(n._id),
  title: n.title as string,
  message: (n.message as string | undefined) ?? null,
  priority: n.priority as string,
  workspaceId: n.workspaceId ? String(n.workspaceId) : null,
  link: (n.link as string | undefined) ?? null,
  at: (n.deliverAt as Date | undefined) ?? (n.createdAt as Date | undefined) ?? null,
  readAt: (n.readAt as Date | undefined) ?? null,
});

const outboxView = (m: Doc) => ({
  id: String(m._id),
  channel: m.channel as string,
  to: (m.to as string[]) ?? [],
  cc: (m.cc as string[]) ?? [],
  subject: (m.subject as string | undefined) ?? null,
  text: (m.text as string | undefined) ?? null,
  html: (m.html as string | undefined) ?? null,
  attachments: ((m.attachments as { documentId?: string; filename?: string }[]) ?? []).map((a) => ({
    documentId: a.documentId ?? null,
    filename: a.filename ?? null,
  })),
  transport: m.transport as string,
  status: m.status as string,
  sentAt: (m.sentAt as Date | undefined) ?? null,
  workspaceId: m.workspaceId ? String(m.workspaceId) : null,
  runId: m.runId ? String(m.runId) : null,
  createdAt: (m.createdAt as Date | undefined) ?? null,
});

/** The person behind the request (an API key has no notifications). */
function person(principal: Principal): Types.ObjectId {
  if (principal.kind !== 'user') throw forbidden();
  return new Types.ObjectId(principal.id);
}

/**
 * A person's notifications (those whose time has come: quiet hours hold the others back), marked read one by
 * one or all at once; and the firm's outbox of mail and SMS kept when no provider is configured.
 */
export class InboxService {
  async notifications(repo: TenantRepository, principal: Principal, query: ApiTypes['NotificationListQuery']) {
    const filter: Record<string, unknown> = { userId: person(principal) };
    if (query.unread === 'true') filter.readAt = { $exists: false };
    if (query.unread === 'false') filter.readAt = { $exists: true };
    const now = Date.now();
    const docs = await repo.of('Notification').find(filter).sort({ createdAt: -1 }).limit(500).lean();
    const visible = docs.filter((n) => !(n.deliverAt instanceof Date) || n.deliverAt.getTime() <= now);
    const unread = visible.filter((n) => !n.readAt).length;
    return { unread, items: visible.slice(0, limitOf(query.limit)).map((n) => notificationView(n as Doc)) };
  }

  async markRead(repo: TenantRepository, principal: Principal, id: string) {
    const notifications = repo.of('Notification');
    const userId = person(principal);
    const found = await notifications.findOne({ _id: new Types.ObjectId(id), userId }).lean();
    if (!found) throw notFound();
    if (found.readAt) return notificationView(found as Doc);
    const readAt = new Date();
    await notifications.updateOne({ _id: found._id, userId }, { $set: { readAt } });
    return notificationView({ ...(found as Doc), readAt });
  }

  async markAllRead(repo: TenantRepository, principal: Principal) {
    const result = await repo
      .of('Notification')
      .updateMany({ userId: person(principal), readAt: { $exists: false } }, { $set: { readAt: new Date() } });
    return { updated: result.modifiedCount };
  }

  async outbox(repo: TenantRepository, query: ApiTypes['OutboxListQuery']) {
    const limit = limitOf(query.limit);
    const filter: Record<string, unknown> = {};
    if (query.channel) filter.channel = query.channel;
    if (query.status) filter.status = query.status;
    if (query.cursor) filter._id = { $lt: new Types.ObjectId(query.cursor) };
    const docs = await repo
      .of('OutboxMessage')
      .find(filter)
      .sort({ _id: -1 })
      .limit(limit + 1)
      .lean();
    const items = docs.slice(0, limit).map((m) => outboxView(m as Doc));
    return { items, next: docs.length > limit ? (items.at(-1)?.id ?? null) : null };
  }
}
