import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { getModels, type Models } from '../db/models/index.ts';
import { CHECKLISTS, RULES } from '../domain/test-data.ts';
import { createTenantFixture, startEngine } from '../engine/engine-kit.ts';
import { type TestDatabase, useTestDatabase } from '../testing/test-database.ts';
import { chain, handlerContext, runThrough } from './action-test-kit.ts';
import { createActionHandlers } from './index.ts';
import { authorityKind } from './workspace.handlers.ts';

let db: TestDatabase;
let models: Models;
let tenantId: string;
let app: Awaited<ReturnType<typeof startEngine>>;
const ceseda = { rules: RULES, checklists: CHECKLISTS };
const handlers = createActionHandlers({ ceseda });

beforeAll(async () => {
  db = await useTestDatabase(import.meta.url);
  models = getModels(db.connection);
  tenantId = await createTenantFixture(db.connection);
  app = await startEngine(db.connection, { handlers });
}, 60_000);
afterAll(async () => {
  await app.stop();
});

const email = (subject: string) => ({
  type: 'email:received',
  payload: {
    messageId: `<${subject.replace(/\W/g, '')}@mail.example.org>`,
    from: 'amina.benali@example.org',
    to: ['contact@cabinet.example'],
    subject,
    receivedAt: '2026-03-10T09:58:42+01:00',
  },
});

const intake = (name: string, extra: Record<string, unknown>[] = []) =>
  chain(name, 'email:received', [
    {
      id: 'ws',
      action: 'create_workspace',
      params: {
        client: { firstName: 'Amina', lastName: 'Benali', email: '{{payload.from}}', nationality: 'DZ' },
        procedureType: 'OQTF',
        situation: 'libre',
        notificationDate: '2026-03-09',
        decisionDate: '2026-03-05',
      },
    },
    {
      id: 'proc',
      action: 'create_procedure',
      params: {
        workspaceId: '{{nodes.ws.output.workspaceId}}',
        procedureType: 'OQTF',
        situation: 'libre',
        decisionDate: '2026-03-05',
        notificationDate: '2026-03-09',
        notificationMode: 'hand',
        authority: 'Préfecture du Rhône',
      },
    },
    {
      id: 'deadline',
      action: 'create_deadline',
      params: {
        workspaceId: '{{nodes.ws.output.workspaceId}}',
        ruleId: 'OQTF-ORDINAIRE',
        notifiedAt: '2026-03-09T11:00:00+01:00',
        notificationMode: 'hand',
        decisionDate: '2026-03-05',
      },
    },
    ...extra,
  ]);

const eventsOf = async (type: string, field: string, value: string) =>
  models.Event.find({ tenantId, type, [`payload.${field}`]: value }).lean();

describe('opening a case through the engine', () => {
  it('creates the client, the case with its OQTF checklist, the procedure and the computed deadline', async () => {
    const run = await runThrough(app, db, tenantId, intake('Ouverture OQTF'), email('OQTF reçue hier'));
    expect(run.error).toBeUndefined();
    expect(run.status).toBe('succeeded');
    const { ws, proc, deadline } = run.state.nodes;
    expect(ws.output).toMatchObject({ clientCreated: true, checklistItems: expect.any(Number) });
    const workspaceId = ws.output.workspaceId as string;

    const workspace = await models.Workspace.findById(workspaceId).lean();
    expect(workspace).toMatchObject({ procedureType: 'OQTF', situation: 'libre', status: 'active' });
    expect(workspace?.title).toBe('OQTF — A. Benali');
    const client = await models.Client.findById(ws.output.clientId).lean();
    expect(client).toMatchObject({ firstName: 'Amina', email: 'amina.benali@example.org', status: 'active' });

    // The OQTF list for a person at liberty: common items and OQTF items, none limited to other situations.
    const items = await models.ChecklistItem.find({ tenantId, workspaceId }).lean();
    const keys = items.map((i) => i.key);
    expect(items).toHaveLength(ws.output.checklistItems);
    expect(keys).toEqual(expect.arrayContaining(['decision', 'arrete_prefectoral']));
    expect(keys).not.toContain('decision_assignation_retention');
    expect(items.every((i) => i.status === 'missing')).toBe(true);

    const procedure = await models.Procedure.findById(proc.output.procedureId).lean();
    expect(procedure).toMatchObject({ status: 'draft', notificationMode: 'hand', authority: 'Préfecture du Rhône' });

    // Notified by hand on Monday 9 March 2026: one month, franc → Friday 10 April 2026 at midnight, Paris time.
    expect(deadline.output).toMatchObject({
      ruleId: 'OQTF-ORDINAIRE',
      dueAt: '2026-04-10T23:59:59+02:00',
      alertAt: '2026-04-10T23:59:59+02:00',
      variants: [],
      urgency: 'critique',
    });
    const stored = await models.Deadline.findById(deadline.output.deadlineId).lean();
    expect(stored).toMatchObject({ ruleId: 'OQTF-ORDINAIRE', status: 'open', urgency: 'critique' });
    expect(((stored?.trace ?? []) as { step: string }[]).map((t) => t.step)).toEqual(
      expect.arrayContaining(['rule', 'notification', 'end']),
    );
    expect(stored?.legalRef).toContain('L. 614-1');
    expect((await models.Workspace.findById(workspaceId).lean())?.deadlineDate?.toISOString()).toBe(
      '2026-04-10T21:59:59.000Z',
    );
    expect(await db.connection.collection('deadline_watch').findOne({ _id: deadline.output.deadlineId })).toMatchObject(
      {
        tenantId,
      },
    );

    const timeline = await models.TimelineEvent.find({ tenantId, workspaceId }).sort({ at: 1 }).lean();
    expect(timeline.map((t) => t.kind)).toEqual(['workspace', 'procedure', 'deadline']);

    // Each event carries the causation chain of the email that started the run.
    const [started] = await models.Event.find({ tenantId, type: 'email:received' }).lean();
    for (const [type, field, value] of [
      ['client:created', 'clientId', ws.output.clientId],
      ['workspace:created', 'workspaceId', workspaceId],
      ['procedure:created', 'procedureId', proc.output.procedureId],
      ['deadline:created', 'deadlineId', deadline.output.deadlineId],
    ] as const) {
      const found = await eventsOf(type, field, value);
      expect(found, type).toHaveLength(1);
      expect(found[0]?.causation).toEqual([String(started?._id)]);
    }
    const [created] = await eventsOf('deadline:created', 'deadlineId', deadline.output.deadlineId);
    expect(created?.payload).toMatchObject({ ruleId: 'OQTF-ORDINAIRE', duration: 'P1M', procedureType: 'OQTF' });
    const [procedureEvent] = await eventsOf('procedure:created', 'procedureId', proc.output.procedureId);
    expect(procedureEvent?.payload).toMatchObject({ authority: 'prefecture', notificationDate: '2026-03-09' });
  });

  it('rollback removes the deadline, the procedure, the case, its checklist and the client it created', async () => {
    const run = await runThrough(
      app,
      db,
      tenantId,
      intake('Ouverture annulée', [{ id: 'undo', action: 'rollback', params: { reason: 'Doublon' } }]),
      email('Doublon de dossier'),
    );
    expect(run.status).toBe('succeeded');
    const { ws, proc, deadline, undo } = run.state.nodes;
    expect(undo.output.compensated.map((c: { action: string; status: string }) => `${c.action}:${c.status}`)).toEqual([
      'create_deadline:compensated',
      'create_procedure:compensated',
      'create_workspace:compensated',
    ]);
    expect(await models.Deadline.findById(deadline.output.deadlineId).lean()).toBeNull();
    expect(await db.connection.collection('deadline_watch').findOne({ _id: deadline.output.deadlineId })).toBeNull();
    expect(await models.Procedure.findById(proc.output.procedureId).lean()).toBeNull();
    expect(await models.Workspace.findById(ws.output.workspaceId).lean()).toBeNull();
    expect(await models.ChecklistItem.countDocuments({ tenantId, workspaceId: ws.output.workspaceId })).toBe(0);
    expect(await models.Client.findById(ws.output.clientId).lean()).toBeNull();
  });
});

describe('create_workspace, create_procedure and create_deadline called directly', () => {
  it('the same idempotency key creates the case, its client and its checklist once', async () => {
    const context = handlerContext(db, tenantId, 'run-k:ws:1');
    const params = { client: { firstName: 'Omar', lastName: 'Diallo' }, procedureType: 'DUBLIN' };
    const first = await handlers.create_workspace?.perform(params, context);
    const second = await handlers.create_workspace?.perform(params, context);
    expect(second).toEqual(first);
    const { workspaceId } = first as { workspaceId: string };
    expect(await models.Client.countDocuments({ tenantId, lastName: 'Diallo' })).toBe(1);
    expect(await models.Workspace.countDocuments({ tenantId, _id: workspaceId })).toBe(1);
    expect(await models.ChecklistItem.countDocuments({ tenantId, workspaceId })).toBe(
      (first as { checklistItems: number }).checklistItems,
    );
    expect(await models.TimelineEvent.countDocuments({ tenantId, workspaceId })).toBe(1);
  });

  it('create_procedure and create_deadline run twice with one key: one record, one event, one watch', async () => {
    const ws = (await handlers.create_workspace?.perform(
      { client: { firstName: 'Inès', lastName: 'Amrani' }, procedureType: 'REFUS_TITRE', situation: 'libre' },
      handlerContext(db, tenantId, 'run-i:ws:1'),
    )) as { workspaceId: string };
    const emitted: string[] = [];
    const emit = async (type: string) => void emitted.push(type);
    const procedure = { workspaceId: ws.workspaceId, procedureType: 'REFUS_TITRE', authority: 'Préfecture du Rhône' };
    const p1 = await handlers.create_procedure?.perform(procedure, handlerContext(db, tenantId, 'run-i:p:1', { emit }));
    const p2 = await handlers.create_procedure?.perform(procedure, handlerContext(db, tenantId, 'run-i:p:1', { emit }));
    expect(p2).toEqual(p1);
    const deadline = {
      workspaceId: ws.workspaceId,
      ruleId: 'TITRE-REFUS-SANS-OQTF',
      notifiedAt: '2026-01-22T10:00:00+01:00',
      notificationMode: 'lrar-collected',
    };
    const d1 = await handlers.create_deadline?.perform(deadline, handlerContext(db, tenantId, 'run-i:d:1', { emit }));
    const d2 = await handlers.create_deadline?.perform(deadline, handlerContext(db, tenantId, 'run-i:d:1', { emit }));
    expect(d2).toEqual(d1);
    expect(emitted).toEqual(['procedure:created', 'deadline:created']);
    expect(await models.Procedure.countDocuments({ tenantId, workspaceId: ws.workspaceId })).toBe(1);
    expect(await models.Deadline.countDocuments({ tenantId, workspaceId: ws.workspaceId })).toBe(1);
    expect(await models.TimelineEvent.countDocuments({ tenantId, workspaceId: ws.workspaceId })).toBe(3);
  });

  it('a procedure without a list of its own (AUTRE) gets no checklist; an existing client is reused', async () => {
    const client = await models.Client.create({ tenantId, firstName: 'Léa', lastName: 'Martin' });
    const out = (await handlers.create_workspace?.perform(
      { clientId: String(client._id), procedureType: 'AUTRE', title: 'Consultation' },
      handlerContext(db, tenantId, 'run-autre:ws:1'),
    )) as { clientCreated: boolean; checklistItems: number; clientId: string };
    expect(out).toMatchObject({ clientCreated: false, checklistItems: 0, clientId: String(client._id) });
  });

  it('refuses a client or a case of another firm, naming the param', async () => {
    const other = await createTenantFixture(db.connection);
    const foreign = await models.Client.create({ tenantId: other, firstName: 'X', lastName: 'Y' });
    await expect(
      handlers.create_workspace?.perform(
        { clientId: String(foreign._id), procedureType: 'VISA' },
        handlerContext(db, tenantId, 'run-f:ws:1'),
      ),
    ).rejects.toMatchObject({
      code: 'entity.not-found',
      retryable: false,
      message: expect.stringMatching(/^\/clientId /),
    });
    const ws = await models.Workspace.create({
      tenantId: other,
      clientId: foreign._id,
      title: 'T',
      procedureType: 'VISA',
    });
    await expect(
      handlers.create_deadline?.perform(
        { workspaceId: String(ws._id), ruleId: 'VISA-RAPO', notifiedAt: '2026-03-09T10:00:00+01:00' },
        handlerContext(db, tenantId, 'run-f:dl:1'),
      ),
    ).rejects.toMatchObject({ code: 'entity.not-found', message: expect.stringMatching(/^\/workspaceId /) });
  });

  it('create_deadline: a rule from the procedure and situation, a deadline entered by hand, refusals', async () => {
    const ws = (await handlers.create_workspace?.perform(
      { client: { firstName: 'Sami', lastName: 'Haddad' }, procedureType: 'OQTF', situation: 'retention' },
      handlerContext(db, tenantId, 'run-d:ws:1'),
    )) as { workspaceId: string };
    // Placed in retention, notified at 11:00: 48 hours from minute to minute.
    const retention = await handlers.create_deadline?.perform(
      {
        workspaceId: ws.workspaceId,
        procedure: 'OQTF',
        notifiedAt: '2026-03-09T11:00:00+01:00',
        decisionDate: '2026-03-09',
      },
      handlerContext(db, tenantId, 'run-d:dl:1'),
    );
    expect(retention).toMatchObject({
      ruleId: 'OQTF-RETENTION',
      dueAt: '2026-03-11T11:00:00+01:00',
      urgency: 'critique',
    });

    const now = new Date('2026-11-02T09:00:00Z');
    const manual = await handlers.create_deadline?.perform(
      { workspaceId: ws.workspaceId, dueAt: '2026-12-31T12:00:00+01:00', label: 'Mémoire complémentaire' },
      handlerContext(db, tenantId, 'run-d:dl:2', { now }),
    );
    // Two months ahead, but mandatory documents are missing: one level up from `faible`.
    expect(manual).toMatchObject({ ruleId: null, dueAt: '2026-12-31T11:00:00.000Z', urgency: 'moyen', variants: [] });

    await expect(
      handlers.create_deadline?.perform(
        { workspaceId: ws.workspaceId, ruleId: 'PAS-UNE-REGLE', notifiedAt: '2026-03-09T10:00:00+01:00' },
        handlerContext(db, tenantId, 'run-d:dl:3'),
      ),
    ).rejects.toMatchObject({
      code: 'rules.unknown-rule',
      retryable: false,
      message: expect.stringMatching(/^\/ruleId /),
    });
    await expect(
      handlers.create_deadline?.perform(
        { workspaceId: ws.workspaceId, ruleId: 'OQTF-ORDINAIRE', notifiedAt: 'le 3 mars' },
        handlerContext(db, tenantId, 'run-d:dl:4'),
      ),
    ).rejects.toMatchObject({ code: 'params.invalid', message: expect.stringContaining('/notifiedAt') });
    await expect(
      handlers.create_deadline?.perform(
        { workspaceId: ws.workspaceId, ruleId: 'OQTF-ORDINAIRE' },
        handlerContext(db, tenantId, 'run-d:dl:5'),
      ),
    ).rejects.toMatchObject({
      code: 'deadline.missing-notification',
      message: expect.stringMatching(/^\/notifiedAt /),
    });
  });

  it('without the CESEDA data, create_deadline says so', async () => {
    const bare = createActionHandlers();
    await expect(
      bare.create_deadline?.perform(
        { workspaceId: '65f1b9e0a1b2c3d4e5f60718', ruleId: 'OQTF-ORDINAIRE', notifiedAt: '2026-03-09T10:00:00+01:00' },
        handlerContext(db, tenantId, 'run-e:dl:1'),
      ),
    ).rejects.toMatchObject({ code: 'ceseda.unconfigured', retryable: false });
  });

  it('names the authority kinds procedure:created knows', () => {
    expect(authorityKind('Préfecture de la Seine-Saint-Denis')).toBe('prefecture');
    expect(authorityKind('OFPRA')).toBe('ofpra');
    expect(authorityKind('TA de Montreuil')).toBe('tribunal_administratif');
    expect(authorityKind("Cour administrative d'appel de Lyon")).toBe('cour_administrative_appel');
    expect(authorityKind('Consulat général de France à Alger')).toBe('consulat');
    expect(authorityKind('Mairie de Vénissieux')).toBe('autre');
    expect(authorityKind(undefined)).toBeUndefined();
  });
});
