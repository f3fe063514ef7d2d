import { Types } from 'mongoose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { handlerContext } from '../actions/action-test-kit.ts';
import { createActionHandlers } from '../actions/index.ts';
import { getModels, type Models } from '../db/models/index.ts';
import { CHECKLISTS, RULES } from '../domain/test-data.ts';
import { createTenantFixture, startEngine, until } from '../engine/engine-kit.ts';
import { type TestDatabase, useTestDatabase } from '../testing/test-database.ts';
import { alertLevels, alertsDue, nextLook } from './deadline-watcher.ts';

let db: TestDatabase;
let models: Models;
let app: Awaited<ReturnType<typeof startEngine>>;
const ceseda = { rules: RULES, checklists: CHECKLISTS };
const handlers = createActionHandlers({ ceseda });
const HOUR = 3_600_000;

beforeAll(async () => {
  db = await useTestDatabase(import.meta.url);
  models = getModels(db.connection);
  // The Agenda job looks every second here (every minute by default).
  app = await startEngine(db.connection, { handlers, ceseda, deadlineWatchEvery: '1 second' });
}, 60_000);
afterAll(async () => {
  await app.stop();
});

/** A case without a checklist (no missing documents) and a deadline created at `now`. */
async function deadline(tenantId: string, params: Record<string, unknown>, now: Date, checklist = false) {
  const key = new Types.ObjectId().toHexString();
  const ws = (await handlers.create_workspace?.perform(
    {
      client: { firstName: 'Ana', lastName: 'Pereira' },
      procedureType: 'OQTF',
      situation: 'libre',
      attachChecklist: checklist,
    },
    handlerContext(db, tenantId, `${key}:ws`, { now }),
  )) as { workspaceId: string };
  const out = (await handlers.create_deadline?.perform(
    { workspaceId: ws.workspaceId, ...params },
    handlerContext(db, tenantId, `${key}:dl`, { now }),
  )) as { deadlineId: string; alertAt: string; urgency: string };
  return { ...out, workspaceId: ws.workspaceId };
}

const alerts = async (tenantId: string, deadlineId: string) =>
  (
    await models.Event.find({ tenantId, 'payload.deadlineId': deadlineId, type: /^deadline:(approaching|critical)$/ })
      .sort({ receivedAt: 1 })
      .lean()
  ).map((e) => ({ type: e.type, hoursLeft: e.payload.hoursLeft, urgency: e.payload.urgency }));

const entry = (deadlineId: string) =>
  db.connection
    .collection<{ _id: string; nextAt: Date; done: number[] }>('deadline_watch')
    .findOne({ _id: deadlineId });

describe('alert levels (pure)', () => {
  it('the firm levels plus the critical one, most distant first; only the most urgent new one is reported', () => {
    expect(alertLevels({ deadlineAlertHours: [168, 48, 24], criticalBelowHours: 48 }).levels).toEqual([168, 48, 24]);
    expect(alertLevels({ deadlineAlertHours: [72], criticalBelowHours: 12 }).levels).toEqual([72, 12]);
    const alertAt = new Date('2030-05-10T10:00:00Z');
    const at = (hoursBefore: number) => new Date(alertAt.getTime() - hoursBefore * HOUR);
    expect(alertsDue(alertAt, at(200), [168, 48, 24], [])).toEqual({ passed: [] });
    expect(alertsDue(alertAt, at(168), [168, 48, 24], [])).toEqual({ report: 168, passed: [168] });
    expect(alertsDue(alertAt, at(30), [168, 48, 24], [])).toEqual({ report: 48, passed: [168, 48] });
    expect(alertsDue(alertAt, at(30), [168, 48, 24], [168, 48])).toEqual({ passed: [] });
    expect(nextLook(alertAt, at(30), [168, 48, 24], [168, 48], null)).toEqual(at(24));
    expect(nextLook(alertAt, at(10), [168, 48, 24], [168, 48, 24], null)).toBeNull();
    expect(nextLook(alertAt, at(200), [168], [], at(190).toISOString())).toEqual(at(190));
  });
});

describe('the deadline watcher on virtual time', () => {
  it('recomputes urgency and alerts once per level: J-7 approaching, then critical at 48 h and 24 h', async () => {
    const tenantId = await createTenantFixture(db.connection);
    const created = new Date('2030-03-04T09:00:00Z');
    const d = await deadline(tenantId, { dueAt: '2030-03-25T18:00:00+01:00', label: 'Mémoire en réplique' }, created);
    const alertAt = new Date(d.alertAt);
    expect(d.urgency).toBe('faible');
    const at = (hoursBefore: number) => new Date(alertAt.getTime() - hoursBefore * HOUR);

    expect(await app.deadlines.pass(created)).toBeGreaterThanOrEqual(1);
    expect(await alerts(tenantId, d.deadlineId)).toEqual([]);
    // Asleep until the urgency changes (21 days before: `moyen`).
    expect((await entry(d.deadlineId))?.nextAt).toEqual(at(504));
    expect(await app.deadlines.pass(new Date(created.getTime() + HOUR))).toBe(0);

    await app.deadlines.pass(at(504));
    expect((await models.Deadline.findById(d.deadlineId).lean())?.urgency).toBe('moyen');
    expect((await models.Workspace.findById(d.workspaceId).lean())?.urgency).toBe('moyen');
    expect((await entry(d.deadlineId))?.nextAt).toEqual(at(168));

    await app.deadlines.pass(at(168));
    await app.deadlines.pass(at(167));
    await app.deadlines.pass(at(47.5));
    await app.deadlines.pass(at(47));
    await app.deadlines.pass(at(24));
    expect(await alerts(tenantId, d.deadlineId)).toEqual([
      { type: 'deadline:approaching', hoursLeft: 168, urgency: 'eleve' },
      { type: 'deadline:critical', hoursLeft: 47.5, urgency: 'critique' },
      { type: 'deadline:critical', hoursLeft: 24, urgency: 'critique' },
    ]);
    expect((await models.Deadline.findById(d.deadlineId).lean())?.notifiedThresholds).toEqual([168, 48, 24]);
    // Nothing more can change: the deadline is no longer watched.
    expect(await entry(d.deadlineId)).toBeNull();
    const [critical] = await models.Event.find({
      tenantId,
      type: 'deadline:critical',
      'payload.deadlineId': d.deadlineId,
    }).lean();
    expect(critical?.payload).toMatchObject({
      workspaceId: d.workspaceId,
      label: 'Mémoire en réplique',
      alertAt: alertAt.toISOString(),
      procedureType: 'OQTF',
      situation: 'libre',
    });
  });

  it('a deadline found already close reports the most urgent level only; the firm sets its own levels', async () => {
    const tenantId = await createTenantFixture(db.connection, {
      runtime: { deadlineAlertHours: [72, 6], criticalBelowHours: 12 },
    });
    const created = new Date('2030-06-03T08:00:00Z');
    // Placed in retention on 3 June 2030 at 10:00: 48 hours, from minute to minute.
    const d = await deadline(
      tenantId,
      {
        procedure: 'OQTF',
        situation: 'retention',
        notifiedAt: '2030-06-03T10:00:00+02:00',
        decisionDate: '2030-06-03',
      },
      created,
    );
    expect(d).toMatchObject({ alertAt: '2030-06-05T10:00:00+02:00', urgency: 'critique' });
    await app.deadlines.pass(created);
    expect(await alerts(tenantId, d.deadlineId)).toEqual([
      { type: 'deadline:approaching', hoursLeft: 48, urgency: 'critique' },
    ]);
    expect((await entry(d.deadlineId))?.done).toEqual([72]);
    await app.deadlines.pass(new Date('2030-06-04T21:00:00Z'));
    await app.deadlines.pass(new Date('2030-06-05T02:00:00Z'));
    expect((await alerts(tenantId, d.deadlineId)).map((a) => `${a.type}:${a.hoursLeft}`)).toEqual([
      'deadline:approaching:48',
      'deadline:critical:11',
      'deadline:critical:6',
    ]);
  });

  it('documents received lower the urgency at the next pass', async () => {
    const tenantId = await createTenantFixture(db.connection);
    const created = new Date('2030-09-02T09:00:00Z');
    // Ten days ahead: `moyen`, one level up while mandatory documents are missing.
    const d = await deadline(tenantId, { dueAt: '2030-09-12T09:00:00Z' }, created, true);
    expect(d.urgency).toBe('eleve');
    await app.deadlines.pass(created);
    expect((await entry(d.deadlineId))?.nextAt).toEqual(new Date('2030-09-05T09:00:00Z'));
    const items = await models.ChecklistItem.find({ tenantId, workspaceId: d.workspaceId, required: true }).lean();
    for (const item of items) {
      await app.events.accept(tenantId, {
        type: 'document:uploaded',
        occurredAt: '2030-09-02T10:00:00Z',
        payload: {
          documentId: new Types.ObjectId().toHexString(),
          workspaceId: d.workspaceId,
          filename: `${item.key}.pdf`,
          documentType: item.key,
          contentType: 'application/pdf',
          size: 10,
          sha256: 'a'.repeat(64),
          version: 1,
          uploadedBy: 'client',
          uploadedAt: '2030-09-02T10:00:00Z',
        },
      });
    }
    // Looked at again as of the upload (not at the next level, three days later).
    expect((await entry(d.deadlineId))?.nextAt).toEqual(new Date('2030-09-02T10:00:00Z'));
    await app.deadlines.pass(new Date('2030-09-02T11:00:00Z'));
    expect((await models.Deadline.findById(d.deadlineId).lean())?.urgency).toBe('moyen');
    expect((await models.Workspace.findById(d.workspaceId).lean())?.urgency).toBe('moyen');
  });

  it('missing documents raise the urgency; a cancelled deadline is no longer watched', async () => {
    const tenantId = await createTenantFixture(db.connection);
    const created = new Date('2030-09-02T09:00:00Z');
    const d = await deadline(tenantId, { dueAt: '2030-10-30T12:00:00+01:00' }, created, true);
    expect(d.urgency).toBe('moyen');
    await models.Deadline.updateOne({ _id: d.deadlineId }, { $set: { status: 'met' } });
    await app.deadlines.pass(new Date('2030-10-29T12:00:00Z'));
    expect(await alerts(tenantId, d.deadlineId)).toEqual([]);
    expect(await entry(d.deadlineId)).toBeNull();
  });

  it('a deadline closed after a first alert (met, or no longer relevant) alerts no more', async () => {
    const tenantId = await createTenantFixture(db.connection);
    const created = new Date('2030-12-02T09:00:00Z');
    for (const status of ['met', 'cancelled'] as const) {
      const d = await deadline(tenantId, { dueAt: '2030-12-20T12:00:00+01:00', label: `Recours ${status}` }, created);
      const at = (hoursBefore: number) => new Date(new Date(d.alertAt).getTime() - hoursBefore * HOUR);
      await app.deadlines.pass(at(168));
      expect((await alerts(tenantId, d.deadlineId)).map((a) => a.type)).toEqual(['deadline:approaching']);
      // Closed as the firm closes it; the watch entry is left in place, as if the close had not reached it.
      await models.Deadline.updateOne({ _id: d.deadlineId }, { $set: { status, closedAt: at(100) } });
      expect(await entry(d.deadlineId)).not.toBeNull();
      await db.connection
        .collection('deadline_watch')
        .updateOne({ _id: d.deadlineId } as never, { $set: { nextAt: at(48) } });
      await app.deadlines.pass(at(48));
      await app.deadlines.pass(at(24));
      await app.deadlines.pass(at(1));
      expect((await alerts(tenantId, d.deadlineId)).map((a) => a.type)).toEqual(['deadline:approaching']);
      expect(await entry(d.deadlineId)).toBeNull();
      expect((await models.Deadline.findById(d.deadlineId).lean())?.status).toBe(status);
    }
  });

  it('passes run twice emit nothing twice (the alert is keyed by deadline and level)', async () => {
    const tenantId = await createTenantFixture(db.connection);
    const created = new Date('2030-11-04T09:00:00Z');
    const d = await deadline(tenantId, { dueAt: '2030-11-05T09:00:00Z' }, created);
    const watch = db.connection.collection('deadline_watch');
    const saved = await entry(d.deadlineId);
    await app.deadlines.pass(created);
    // As if the pass died after alerting and before recording it: the entry is as it was.
    await watch.replaceOne({ _id: d.deadlineId } as never, saved as never);
    await app.deadlines.pass(created);
    expect(await alerts(tenantId, d.deadlineId)).toEqual([
      { type: 'deadline:critical', hoursLeft: 24, urgency: 'critique' },
    ]);
  });
});

describe('the deadline watcher as an Agenda job', () => {
  it('alerts on a deadline created now, within its interval, with no one calling it', async () => {
    const tenantId = await createTenantFixture(db.connection);
    const d = await deadline(tenantId, { dueAt: new Date(Date.now() + 30 * HOUR).toISOString() }, new Date());
    await until(async () => (await alerts(tenantId, d.deadlineId)).length === 1, 10_000, 'critical alert');
    expect((await alerts(tenantId, d.deadlineId))[0]).toMatchObject({ type: 'deadline:critical', urgency: 'critique' });
  });
});
