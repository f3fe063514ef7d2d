import { createHash } from 'node:crypto';
import { type Connection, Types } from 'mongoose';
import type { LiveChannel } from '../adapters/live-channel.ts';
import { type MailTransport, type SmtpSettings, smtpTransport } from '../adapters/mail/mail-transport.ts';
import { claimOnce } from '../db/claims.ts';
import { type DocOf, getModels } from '../db/models/index.ts';

type NotificationDoc = DocOf<'Notification'> & { _id: Types.ObjectId; createdAt?: Date };

export interface DeliveryOptions {
  live?: LiveChannel | undefined;
  /** For the `email` channel; without SMTP, the email goes to the firm's outbox. */
  smtp?: SmtpSettings | undefined;
}

/** The live message a studio receives for a notification. */
export function notificationMessage(n: NotificationDoc) {
  return {
    type: 'notification',
    notification: {
      id: String(n._id),
      userId: String(n.userId),
      title: n.title,
      ...(n.message ? { message: n.message } : {}),
      priority: n.priority,
      ...(n.workspaceId ? { workspaceId: String(n.workspaceId) } : {}),
      ...(n.link ? { link: n.link } : {}),
      at: (n.deliverAt ?? new Date()).toISOString(),
    },
  };
}

/**
 * Delivers stored notifications: pushes each on the live channel and, when its channels include `email`,
 * mails it to the user (SMTP, or the outbox). Each notification is delivered once, whichever process gets to
 * it first (the delivery is claimed by a unique insert), then marked `deliveredAt`. `deliverDue` delivers the
 * deferred ones whose quiet hours are over; `start` runs it on a timer.
 */
export class NotificationDelivery {
  private readonly mail: MailTransport | undefined;

  constructor(
    private readonly connection: Connection,
    private readonly options: DeliveryOptions = {},
  ) {
    this.mail = options.smtp ? smtpTransport(options.smtp) : undefined;
  }

  /** Delivers one notification now, unless it was already delivered. */
  async deliver(notification: NotificationDoc, now = new Date()): Promise<boolean> {
    const claim = await claimOnce(this.connection, `notification:${notification._id}`, 'delivery');
    if (!claim.claimed) {
      // Another process delivers (or delivered) it: only make sure it is no longer looked for.
      await getModels(this.connection).Notification.updateOne(
        { _id: notification._id, tenantId: notification.tenantId, deliveredAt: { $exists: false } },
        { $set: { deliveredAt: now } },
      );
      return false;
    }
    const tenantId = String(notification.tenantId);
    this.options.live?.publish(tenantId, notificationMessage(notification));
    if (notification.channels?.includes('email')) await this.email(notification, now);
    await getModels(this.connection).Notification.updateOne(
      { _id: notification._id, tenantId: notification.tenantId },
      { $set: { deliveredAt: now } },
    );
    return true;
  }

  private async email(notification: NotificationDoc, now: Date): Promise<void> {
    const models = getModels(this.connection);
    const user = await models.User.findOne(
      { _id: notification.userId, tenantId: notification.tenantId },
      { email: 1 },
    ).lean();
    if (!user?.email) return;
    const subject = `[IA Poste Manager] ${notification.title}`;
    const text = [notification.message ?? '', notification.link ? `\n${notification.link}` : ''].join('');
    const key = `notification:${notification._id}:email`;
    const messageId = `<${createHash('sha256').update(key).digest('hex').slice(0, 32)}@iapm.notifications>`;
    let providerId = messageId;
    let sent = false;
    if (this.mail && this.options.smtp) {
      const receipt = await this.mail.send({
        from: this.options.smtp.from,
        to: [user.email],
        cc: [],
        bcc: [],
        subject,
        text,
        attachments: [],
        messageId,
      });
      providerId = receipt.messageId;
      sent = true;
    }
    try {
      await models.OutboxMessage.create({
        tenantId: notification.tenantId,
        channel: 'email',
        to: [user.email],
        subject,
        text,
        idempotencyKey: key,
        transport: sent ? 'smtp' : 'outbox',
        status: sent ? 'sent' : 'queued',
        ...(sent ? { sentAt: now } : {}),
        providerId,
        ...(notification.workspaceId ? { workspaceId: notification.workspaceId } : {}),
      });
    } catch (error) {
      if ((error as { code?: number }).code !== 11000) throw error;
    }
  }

  /** Delivers every notification whose time has come and that is not delivered yet; returns how many. */
  async deliverDue(now = new Date()): Promise<number> {
    const models = getModels(this.connection);
    // Dates are compared here rather than in the query (see docs/database.md on FerretDB v1 and `$lt`).
    const pending = (await models.Notification.find({ deliveredAt: { $exists: false } })
      .limit(1000)
      .lean()) as NotificationDoc[];
    let delivered = 0;
    for (const n of pending) {
      if (n.deliverAt && n.deliverAt.getTime() <= now.getTime() && (await this.deliver(n, now))) delivered++;
    }
    return delivered;
  }

  /** Runs `deliverDue` every `everyMs`; returns the function that stops it. */
  start(everyMs = 60_000): () => void {
    let running = false;
    const timer = setInterval(() => {
      if (running) return;
      running = true;
      this.deliverDue()
        .catch(() => {})
        .finally(() => {
          running = false;
        });
    }, everyMs);
    timer.unref();
    return () => clearInterval(timer);
  }
}

/** The ids of a firm's users a notification may address: the firm's staff, never its clients. */
export async function staffUserIds(
  connection: Connection,
  tenantId: string,
  filter: { ids?: string[]; all?: boolean },
): Promise<Types.ObjectId[]> {
  const query: Record<string, unknown> = { tenantId: new Types.ObjectId(tenantId), role: 'ADMIN' };
  if (filter.ids) {
    query._id = { $in: filter.ids.filter((id) => Types.ObjectId.isValid(id)).map((id) => new Types.ObjectId(id)) };
  }
  const users = await getModels(connection).User.find(query, { disabledAt: 1 }).lean();
  return users.filter((u) => !u.disabledAt).map((u) => u._id as Types.ObjectId);
}
