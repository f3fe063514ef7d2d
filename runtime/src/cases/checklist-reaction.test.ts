import { createHash } from 'node:crypto';
import { Types } from 'mongoose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { handlerContext } from '../actions/action-test-kit.ts';
import { createActionHandlers } from '../actions/index.ts';
import type { Workflow } from '../core/types.ts';
import { getModels, type Models } from '../db/models/index.ts';
import { CHECKLISTS, RULES } from '../domain/test-data.ts';
import { createTenantFixture, publishFixture, startEngine, until } from '../engine/engine-kit.ts';
import { type TestDatabase, useTestDatabase } from '../testing/test-database.ts';

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
  app = await startEngine(db.connection, { handlers, ceseda });
}, 60_000);
afterAll(async () => {
  await app.stop();
});

async function oqtfCase(firm = tenantId, key = `ck-${new Types.ObjectId()}`) {
  const out = (await handlers.create_workspace?.perform(
    { client: { firstName: 'Karim', lastName: 'Benali' }, procedureType: 'OQTF', situation: 'libre' },
    handlerContext(db, firm, key),
  )) as { workspaceId: string };
  return out.workspaceId;
}

const uploaded = (
  workspaceId: string,
  filename: string,
  documentType?: string,
  documentId = new Types.ObjectId().toHexString(),
) => ({
  type: 'document:uploaded',
  payload: {
    documentId,
    workspaceId,
    filename,
    contentType: 'application/pdf',
    size: 1234,
    sha256: createHash('sha256').update(filename).digest('hex'),
    version: 1,
    uploadedBy: 'client',
    uploadedAt: '2026-11-20T10:00:00+01:00',
    ...(documentType ? { documentType } : {}),
  },
});

const items = async (workspaceId: string) =>
  Object.fromEntries(
    (await models.ChecklistItem.find({ tenantId, workspaceId }).lean()).map((i) => [i.key, i]),
  ) as Record<string, { status: string; documentIds: string[]; issues?: string[] }>;

describe('checklist ticking on document events', () => {
  it('ticks by document type, alias and file name; verification marks an item verified or refused', async () => {
    const workspaceId = await oqtfCase();
    await app.events.accept(tenantId, uploaded(workspaceId, 'scan.pdf', 'decision'));
    await app.events.accept(tenantId, uploaded(workspaceId, 'enveloppe.pdf', 'avis_passage'));
    await app.events.accept(tenantId, uploaded(workspaceId, 'Passeport_Karim_BENALI.pdf'));
    const passport = uploaded(workspaceId, 'autre-passeport.pdf', 'passeport');
    await app.events.accept(tenantId, passport);
    let state = await items(workspaceId);
    expect(state.decision?.status).toBe('received');
    expect(state.preuve_notification?.status).toBe('received');
    expect(state.passeport?.status).toBe('received');
    expect(state.passeport?.documentIds).toHaveLength(2);
    expect(state.justificatif_domicile?.status).toBe('missing');

    await app.events.accept(tenantId, {
      type: 'document:verified',
      payload: { documentId: passport.payload.documentId, workspaceId, status: 'valid', method: 'manual' },
    });
    const unreadable = uploaded(workspaceId, 'quittance.pdf', 'justificatif_domicile');
    await app.events.accept(tenantId, unreadable);
    await app.events.accept(tenantId, {
      type: 'document:verified',
      payload: { documentId: unreadable.payload.documentId, workspaceId, status: 'invalid', issues: ['illegible'] },
    });
    state = await items(workspaceId);
    expect(state.passeport?.status).toBe('verified');
    expect(state.justificatif_domicile).toMatchObject({ status: 'invalid', issues: ['illegible'] });
    const timeline = await models.TimelineEvent.find({ tenantId, workspaceId, kind: 'checklist' }).lean();
    expect(timeline).toHaveLength(7);
  });

  it('reports progress in workspace:updated; a workflow reacts once the mandatory documents are all in', async () => {
    const workspaceId = await oqtfCase();
    const complete = {
      and: [
        { '==': [{ var: 'payload.changes.checklist.complete' }, true] },
        { '==': [{ var: 'payload.previous.checklist.complete' }, false] },
      ],
    };
    const workflowId = await publishFixture(db.connection, tenantId, {
      schemaVersion: 1,
      name: 'Pièces complètes',
      nodes: [
        { id: 'start', kind: 'trigger', event: 'workspace:updated', filter: complete },
        {
          id: 'note',
          kind: 'action',
          action: 'create_note',
          params: { workspaceId: '{{payload.workspaceId}}', text: 'Toutes les pièces obligatoires sont reçues.' },
        },
      ],
      edges: [{ id: 'a', source: 'start', target: 'note' }],
    } as unknown as Workflow);
    const mandatory = [
      'decision',
      'preuve_notification',
      'passeport',
      'historique_sejour',
      'justificatif_domicile',
      'arrete_prefectoral',
    ];
    const accepted = [];
    for (const key of mandatory)
      accepted.push(await app.events.accept(tenantId, uploaded(workspaceId, `${key}.pdf`, key)));
    const updates = await models.Event.find({ tenantId, type: 'workspace:updated', 'payload.workspaceId': workspaceId })
      .sort({ receivedAt: 1 })
      .lean();
    expect(updates).toHaveLength(mandatory.length);
    expect(updates.map((u) => u.payload.changes.checklist.complete)).toEqual([false, false, false, false, false, true]);
    expect(updates.at(-1)?.payload.changes.checklist).toMatchObject({
      missingMandatory: [],
      itemKey: 'arrete_prefectoral',
    });
    // Each update is caused by its document event.
    expect(updates.map((u) => u.causation)).toEqual(accepted.map((a) => [a.eventId]));
    await until(async () => (await models.Run.countDocuments({ tenantId, workflowId })) === 1, 10_000, 'reaction run');
    await until(
      async () => (await models.Note.countDocuments({ tenantId, workspaceId })) === 1,
      10_000,
      'note of completion',
    );
    await models.Workflow.updateOne({ _id: workflowId }, { $set: { enabled: false } });
  });

  it('a repeated event ticks nothing more; events of another firm, or of no item, change nothing', async () => {
    const workspaceId = await oqtfCase();
    const event = { ...uploaded(workspaceId, 'decision.pdf', 'decision'), idempotencyKey: 'doc-once' };
    await app.events.accept(tenantId, event);
    expect((await app.events.accept(tenantId, event)).duplicate).toBe(true);
    expect(
      await models.Event.countDocuments({ tenantId, type: 'workspace:updated', 'payload.workspaceId': workspaceId }),
    ).toBe(1);
    await app.events.accept(tenantId, uploaded(workspaceId, 'vacances.jpg'));
    const other = await createTenantFixture(db.connection);
    await app.events.accept(other, uploaded(workspaceId, 'passeport.pdf', 'passeport'));
    expect((await items(workspaceId)).passeport?.status).toBe('missing');
    expect(
      await models.Event.countDocuments({ tenantId, type: 'workspace:updated', 'payload.workspaceId': workspaceId }),
    ).toBe(1);
  });
});
