import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { getModels, type Models } from '../db/models/index.ts';
import { CHECKLISTS, RULES } from '../domain/test-data.ts';
import { createTenantFixture, startEngine } from '../engine/engine-kit.ts';
import { type TestDatabase, useTestDatabase } from '../testing/test-database.ts';
import { chain, handlerContext, runThrough } from './action-test-kit.ts';
import { createActionHandlers } from './index.ts';
import { allowedBy, unstorable } from './property.handler.ts';

let db: TestDatabase;
let models: Models;
let tenantId: string;
let app: Awaited<ReturnType<typeof startEngine>>;
const handlers = createActionHandlers({ ceseda: { rules: RULES, checklists: CHECKLISTS } });

beforeAll(async () => {
  db = await useTestDatabase(import.meta.url);
  models = getModels(db.connection);
  tenantId = await createTenantFixture(db.connection, {
    integrations: { settableProperties: ['workspace.customFields.*', 'procedure.caseNumber', 'workspace.urgency'] },
  });
  app = await startEngine(db.connection, { handlers });
}, 60_000);
afterAll(async () => {
  await app.stop();
});

async function caseWithProcedure(firm = tenantId) {
  const client = await models.Client.create({ tenantId: firm, firstName: 'Awa', lastName: 'Koné', status: 'active' });
  const ws = await models.Workspace.create({
    tenantId: firm,
    clientId: client._id,
    title: 'Refus de titre — A. Koné',
    procedureType: 'REFUS_TITRE',
    customFields: { juridiction: 'TA de Lyon' },
  });
  const procedure = await models.Procedure.create({
    tenantId: firm,
    workspaceId: ws._id,
    clientId: client._id,
    procedureType: 'REFUS_TITRE',
  });
  return { clientId: String(client._id), workspaceId: String(ws._id), procedureId: String(procedure._id) };
}

const dossier = (workspaceId: string, procedureId: string) => ({
  type: 'dossier:created',
  payload: { dossierId: procedureId, workspaceId, status: 'open' },
});

const steps = [
  {
    id: 'filed',
    action: 'update_status',
    params: { entity: 'procedure', entityId: '{{payload.dossierId}}', status: 'filed' },
  },
  {
    id: 'pending',
    action: 'update_status',
    params: { entity: 'workspace', entityId: '{{payload.workspaceId}}', status: 'pending' },
  },
  {
    id: 'court',
    action: 'set_property',
    params: {
      entity: 'workspace',
      entityId: '{{payload.workspaceId}}',
      property: 'customFields.juridiction',
      value: 'TA de Montreuil',
    },
  },
  {
    id: 'number',
    action: 'set_property',
    params: { entity: 'procedure', entityId: '{{payload.dossierId}}', property: 'caseNumber', value: '2601234' },
  },
];

describe('update_status and set_property through the engine', () => {
  it('change statuses and properties, write the timeline and emit their events with the causation chain', async () => {
    const { workspaceId, procedureId } = await caseWithProcedure();
    const run = await runThrough(
      app,
      db,
      tenantId,
      chain('Dépôt du recours', 'dossier:created', steps),
      dossier(workspaceId, procedureId),
    );
    expect(run.error).toBeUndefined();
    const { filed, pending, court, number } = run.state.nodes;
    expect(filed.output).toEqual({
      entity: 'procedure',
      entityId: procedureId,
      previousStatus: 'draft',
      status: 'filed',
    });
    expect(pending.output).toMatchObject({ previousStatus: 'active', status: 'pending' });
    expect(court.output).toEqual({
      property: 'customFields.juridiction',
      previous: 'TA de Lyon',
      value: 'TA de Montreuil',
    });
    expect(number.output).toEqual({ property: 'caseNumber', value: '2601234' });

    expect(await models.Procedure.findById(procedureId).lean()).toMatchObject({
      status: 'filed',
      caseNumber: '2601234',
    });
    expect(await models.Workspace.findById(workspaceId).lean()).toMatchObject({
      status: 'pending',
      customFields: { juridiction: 'TA de Montreuil' },
    });
    const timeline = await models.TimelineEvent.find({ tenantId, workspaceId }).sort({ at: 1 }).lean();
    expect(timeline.map((t) => t.kind)).toEqual(['status', 'status', 'property', 'property']);

    const [cause] = await models.Event.find({
      tenantId,
      type: 'dossier:created',
      'payload.workspaceId': workspaceId,
    }).lean();
    const emitted = await models.Event.find({ tenantId, 'emittedBy.runId': String(run._id) }).lean();
    expect(emitted.map((e) => e.type).sort()).toEqual([
      'procedure:status_changed',
      'workspace:updated',
      'workspace:updated',
    ]);
    for (const event of emitted) expect(event.causation).toEqual([String(cause?._id)]);
    expect(emitted.find((e) => e.type === 'procedure:status_changed')?.payload).toMatchObject({
      previousStatus: 'draft',
      status: 'filed',
      workspaceId,
    });
    const property = emitted.find((e) => e.type === 'workspace:updated' && e.payload.changedFields[0] !== 'status');
    // Changes are nested (never a dotted key, which the database refuses).
    expect(property?.payload).toMatchObject({
      changes: { customFields: { juridiction: 'TA de Montreuil' } },
      previous: { customFields: { juridiction: 'TA de Lyon' } },
      changedFields: ['customFields.juridiction'],
    });
  });

  it('rollback puts the previous statuses and values back', async () => {
    const { workspaceId, procedureId } = await caseWithProcedure();
    const run = await runThrough(
      app,
      db,
      tenantId,
      chain('Dépôt annulé', 'dossier:created', [
        ...steps,
        { id: 'undo', action: 'rollback', params: { reason: 'Saisie erronée' } },
      ]),
      dossier(workspaceId, procedureId),
    );
    expect(run.status).toBe('succeeded');
    expect(await models.Procedure.findById(procedureId).lean()).toMatchObject({ status: 'draft' });
    expect((await models.Procedure.findById(procedureId).lean())?.caseNumber).toBeUndefined();
    expect(await models.Workspace.findById(workspaceId).lean()).toMatchObject({
      status: 'active',
      customFields: { juridiction: 'TA de Lyon' },
    });
  });
});

describe('update_status called directly', () => {
  it('refuses a status the entity does not know, naming /status and the statuses allowed', async () => {
    const { procedureId } = await caseWithProcedure();
    await expect(
      handlers.update_status?.perform(
        { entity: 'procedure', entityId: procedureId, status: 'recours_depose' },
        handlerContext(db, tenantId, 'st-1'),
      ),
    ).rejects.toMatchObject({
      code: 'status.unknown',
      retryable: false,
      message: expect.stringMatching(/^\/status .*filed.*allowed: draft, filed/),
    });
  });

  it('asking for the current status changes nothing and emits nothing; a repeat reports the first result', async () => {
    const { clientId } = await caseWithProcedure();
    const emitted: string[] = [];
    const context = handlerContext(db, tenantId, 'st-2', { emit: async (type) => void emitted.push(type) });
    const same = await handlers.update_status?.perform(
      { entity: 'client', entityId: clientId, status: 'active' },
      context,
    );
    expect(same).toMatchObject({ previousStatus: 'active', status: 'active' });
    expect(emitted).toEqual([]);
    const change = handlerContext(db, tenantId, 'st-3', { emit: async (type) => void emitted.push(type) });
    const first = await handlers.update_status?.perform(
      { entity: 'client', entityId: clientId, status: 'inactive' },
      change,
    );
    const second = await handlers.update_status?.perform(
      { entity: 'client', entityId: clientId, status: 'inactive' },
      change,
    );
    expect(second).toEqual(first);
    expect(first).toMatchObject({ previousStatus: 'active', status: 'inactive' });
    expect(emitted).toEqual(['client:status_changed']);
  });

  it('does not touch an entity of another firm', async () => {
    const other = await createTenantFixture(db.connection);
    const { workspaceId } = await caseWithProcedure(other);
    await expect(
      handlers.update_status?.perform(
        { entity: 'workspace', entityId: workspaceId, status: 'closed' },
        handlerContext(db, tenantId, 'st-4'),
      ),
    ).rejects.toMatchObject({ code: 'entity.not-found', message: expect.stringMatching(/^\/entityId /) });
    expect((await models.Workspace.findById(workspaceId).lean())?.status).toBe('active');
  });
});

describe('set_property refusals', () => {
  const set = (firm: string, key: string, property: string, value: unknown, workspaceId: string) =>
    handlers.set_property?.perform(
      { entity: 'workspace', entityId: workspaceId, property, value },
      handlerContext(db, firm, key),
    );

  it('a field the allowlist does not name, naming /property and the list', async () => {
    const { workspaceId } = await caseWithProcedure();
    await expect(set(tenantId, 'sp-1', 'reference', 'X-1', workspaceId)).rejects.toMatchObject({
      code: 'property.not-allowed',
      retryable: false,
      message: expect.stringMatching(/^\/property .*workspace\.reference.*workspace\.customFields\.\*/),
    });
  });

  it('ids, tenant and timestamps, even when a wildcard names them; fields the entity does not have', async () => {
    const open = await createTenantFixture(db.connection, { integrations: { settableProperties: ['workspace.*'] } });
    const { workspaceId } = await caseWithProcedure(open);
    await expect(set(open, 'sp-2', 'tenantId', tenantId, workspaceId)).rejects.toMatchObject({
      code: 'property.not-allowed',
    });
    await expect(set(open, 'sp-3', 'createdAt', '2020-01-01', workspaceId)).rejects.toMatchObject({
      code: 'property.not-allowed',
    });
    await expect(set(open, 'sp-4', 'nonExistent', 1, workspaceId)).rejects.toMatchObject({
      code: 'property.unknown',
      message: expect.stringMatching(/^\/property /),
    });
    expect(String((await models.Workspace.findById(workspaceId).lean())?.tenantId)).toBe(open);
  });

  it('a value that does not fit: wrong enum, database-unsafe keys, arrays of arrays, too large', async () => {
    const { workspaceId } = await caseWithProcedure();
    await expect(set(tenantId, 'sp-5', 'urgency', 'apocalyptique', workspaceId)).rejects.toMatchObject({
      code: 'property.invalid-value',
      message: expect.stringMatching(/^\/value /),
    });
    await expect(set(tenantId, 'sp-6', 'customFields.note', { $where: '1' }, workspaceId)).rejects.toMatchObject({
      code: 'property.invalid-value',
    });
    await expect(set(tenantId, 'sp-7', 'customFields.grid', [[1, 2]], workspaceId)).rejects.toMatchObject({
      code: 'property.invalid-value',
    });
    await expect(set(tenantId, 'sp-8', 'customFields.blob', 'x'.repeat(20_000), workspaceId)).rejects.toMatchObject({
      code: 'property.invalid-value',
    });
    expect(await set(tenantId, 'sp-9', 'urgency', 'eleve', workspaceId)).toMatchObject({
      previous: 'moyen',
      value: 'eleve',
    });
    // Run again with the same key: the first result (and its previous value), nothing written again.
    expect(await set(tenantId, 'sp-9', 'urgency', 'eleve', workspaceId)).toMatchObject({ previous: 'moyen' });
    expect(await models.TimelineEvent.countDocuments({ tenantId, workspaceId, kind: 'property' })).toBe(1);
    const after = await models.Workspace.findById(workspaceId).lean();
    expect(after?.customFields).toEqual({ juridiction: 'TA de Lyon' });
  });

  it('allowlist patterns: `*` is one segment, or any depth as the last one', () => {
    expect(allowedBy(['workspace.customFields.*'], 'workspace.customFields.juridiction')).toBe(true);
    expect(allowedBy(['workspace.customFields.*'], 'workspace.customFields.a.b')).toBe(true);
    expect(allowedBy(['workspace.customFields.*'], 'workspace.customFields')).toBe(false);
    expect(allowedBy(['workspace.customFields.*'], 'client.customFields.x')).toBe(false);
    expect(allowedBy(['*.customFields.x'], 'task.customFields.x')).toBe(true);
    expect(allowedBy(['procedure.caseNumber'], 'procedure.caseNumber.x')).toBe(false);
    expect(unstorable({ a: [{ b: 1 }] })).toBeUndefined();
    expect(unstorable({ 'a.b': 1 })).toContain('a.b');
  });
});
