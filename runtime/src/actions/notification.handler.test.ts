import { DateTime } from 'luxon';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { InProcessLiveChannel, type LiveMessage } from '../adapters/live-channel.ts';
import { getModels, type Models } from '../db/models/index.ts';
import { createTenantFixture, startEngine } from '../engine/engine-kit.ts';
import { NotificationDelivery } from '../notifications/delivery.ts';
import { type TestDatabase, useTestDatabase } from '../testing/test-database.ts';
import { chain, handlerContext, runThrough } from './action-test-kit.ts';
import { createActionHandlers } from './index.ts';

let db: TestDatabase;
let models: Models;
let tenantId: string;
let app: Awaited<ReturnType<typeof startEngine>>;
const live = new InProcessLiveChannel();
const pushed: { tenantId: string; message: LiveMessage }[] = [];
let lawyers: string[];
let client: string;
let quietEnd: string;

/** Quiet hours around the present moment (Paris time), so that a notification sent now falls inside them. */
function quietHoursAroundNow() {
  const now = DateTime.now().setZone('Europe/Paris');
  const hhmm = (d: DateTime) => d.toFormat('HH:mm');
  quietEnd = hhmm(now.plus({ hours: 1 }));
  return { enabled: true, start: hhmm(now.minus({ hours: 1 })), end: quietEnd };
}

async function user(role: 'ADMIN' | 'CLIENT', n: number) {
  const created = await models.User.create({
    tenantId,
    email: `user${n}-${tenantId}@cabinet.example`,
    name: `Utilisateur ${n}`,
    role,
    passwordHash: 'scrypt$test',
  });
  return String(created._id);
}

beforeAll(async () => {
  db = await useTestDatabase(import.meta.url);
  models = getModels(db.connection);
  tenantId = await createTenantFixture(db.connection, { notifications: { quietHours: quietHoursAroundNow() } });
  lawyers = [await user('ADMIN', 1), await user('ADMIN', 2)];
  client = await user('CLIENT', 3);
  live.subscribe((t, message) => pushed.push({ tenantId: t, message }));
  app = await startEngine(db.connection, { handlers: createActionHandlers({ live }) });
}, 60_000);
afterAll(async () => {
  await app.stop();
});

const event = {
  type: 'workspace:updated',
  payload: {
    workspaceId: '65f1b9e0a1b2c3d4e5f60718',
    changes: { status: 'retention' },
    updatedAt: '2026-03-02T11:00:00Z',
  },
};
const notify = (name: string, priority: string, channels: string[] = ['web']) =>
  chain(name, 'workspace:updated', [
    {
      id: 'notify',
      action: 'send_notification',
      params: { role: 'lawyers', title: 'Client en rétention', message: 'Délai très bref.', priority, channels },
    },
  ]);

describe('send_notification through the engine', () => {
  it('a critical notification is stored for each lawyer and pushed at once, even in quiet hours', async () => {
    const before = pushed.length;
    const run = await runThrough(app, db, tenantId, notify('Critique', 'critical', ['web', 'sms']), event);
    expect(run.error).toBeUndefined();
    const output = run.state.nodes.notify.output;
    expect(output).toMatchObject({ deferredUntil: null, channels: ['web'] });
    expect(output.notificationIds).toHaveLength(2);
    const stored = await models.Notification.find({ _id: { $in: output.notificationIds } }).lean();
    expect(stored.map((n) => String(n.userId)).sort()).toEqual([...lawyers].sort());
    expect(stored.every((n) => n.deliveredAt)).toBe(true);
    const messages = pushed.slice(before);
    expect(messages).toHaveLength(2);
    expect(messages.every((m) => m.tenantId === tenantId && m.message.type === 'notification')).toBe(true);
    expect(messages.map((m) => (m.message.notification as { userId: string }).userId)).not.toContain(client);
  });

  it('a medium one waits for the end of the quiet hours, then is pushed and mailed', async () => {
    const before = pushed.length;
    const run = await runThrough(app, db, tenantId, notify('Moyenne', 'medium', ['web', 'email']), event);
    const output = run.state.nodes.notify.output;
    expect(output.channels).toEqual(['web', 'email']);
    expect(DateTime.fromISO(output.deferredUntil).setZone('Europe/Paris').toFormat('HH:mm')).toBe(quietEnd);
    expect(pushed.length).toBe(before);
    const delivery = new NotificationDelivery(db.connection, { live });
    expect(await delivery.deliverDue(new Date(Date.parse(output.deferredUntil) - 60_000))).toBe(0);
    expect(await delivery.deliverDue(new Date(Date.parse(output.deferredUntil) + 1000))).toBe(2);
    expect(pushed.length - before).toBe(2);
    // No SMTP here: the emails wait in the firm's outbox.
    const mails = await models.OutboxMessage.find({
      tenantId,
      idempotencyKey: { $in: output.notificationIds.map((id: string) => `notification:${id}:email`) },
    }).lean();
    expect(mails).toHaveLength(2);
    expect(mails[0]).toMatchObject({
      channel: 'email',
      transport: 'outbox',
      subject: '[IA Poste Manager] Client en rétention',
    });
    expect(await delivery.deliverDue(new Date(Date.parse(output.deferredUntil) + 5000))).toBe(0);
    expect(pushed.length - before).toBe(2);
  });
});

describe('send_notification rules', () => {
  const handlers = createActionHandlers({ live });

  it('the same idempotency key creates and pushes once', async () => {
    const before = pushed.length;
    const params = { recipients: [lawyers[0]], title: 'Une fois', message: 'x', priority: 'critical' };
    const first = await handlers.send_notification?.perform(params, handlerContext(db, tenantId, 'notif-once'));
    const second = await handlers.send_notification?.perform(params, handlerContext(db, tenantId, 'notif-once'));
    expect(second).toEqual(first);
    expect(pushed.length - before).toBe(1);
  });

  it('never notifies a client, nor a user of another firm', async () => {
    const other = await createTenantFixture(db.connection);
    await expect(
      handlers.send_notification?.perform(
        { recipients: [client], title: 't', message: 'm' },
        handlerContext(db, tenantId, 'notif-client'),
      ),
    ).rejects.toMatchObject({ code: 'notification.unknown-recipient', retryable: false });
    await expect(
      handlers.send_notification?.perform(
        { recipients: [lawyers[0]], title: 't', message: 'm' },
        handlerContext(db, other, 'notif-other'),
      ),
    ).rejects.toMatchObject({ code: 'notification.unknown-recipient' });
  });

  it('the firm may send a priority at once during quiet hours', async () => {
    const eager = await createTenantFixture(db.connection, {
      notifications: { quietHours: quietHoursAroundNow(), priority: { high: { immediate: true } } },
    });
    const lawyer = await models.User.create({
      tenantId: eager,
      email: `avocat-${eager}@cabinet.example`,
      name: 'Avocate',
      role: 'ADMIN',
      passwordHash: 'scrypt$test',
    });
    const out = (await handlers.send_notification?.perform(
      { recipients: [String(lawyer._id)], title: 't', message: 'm', priority: 'high' },
      handlerContext(db, eager, 'notif-eager'),
    )) as { deferredUntil: string | null };
    expect(out.deferredUntil).toBeNull();
    const low = (await handlers.send_notification?.perform(
      { recipients: [String(lawyer._id)], title: 't', message: 'm', priority: 'low' },
      handlerContext(db, eager, 'notif-low'),
    )) as { deferredUntil: string | null };
    expect(low.deferredUntil).not.toBeNull();
  });
});
