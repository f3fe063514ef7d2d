import { Types } from 'mongoose';
import { beforeAll, describe, expect, it } from 'vitest';
import { type TestDatabase, useTestDatabase } from '../../testing/test-database.ts';
import { ensureIndexes, getModels, type Models, TENANT_SCOPED } from './index.ts';

let db: TestDatabase;
let models: Models;
const tenantA = new Types.ObjectId();
const tenantB = new Types.ObjectId();

beforeAll(async () => {
  db = await useTestDatabase(import.meta.url);
  models = getModels(db.connection);
  await ensureIndexes(db.connection);
});

describe('mongoose models on the test database', () => {
  it('create and query a tenant-scoped document', async () => {
    const client = await models.Client.create({
      tenantId: tenantA,
      firstName: 'Amina',
      lastName: 'Benali',
      email: 'amina@example.org',
    });
    const workspace = await models.Workspace.create({
      tenantId: tenantA,
      clientId: client._id,
      title: 'OQTF — Mme Benali',
      procedureType: 'OQTF',
      situation: 'libre',
      notificationDate: new Date('2026-11-03T10:00:00+01:00'),
    });
    const found = await models.Workspace.find({ tenantId: tenantA, procedureType: 'OQTF' }).lean();
    expect(found).toHaveLength(1);
    expect(String(found[0]?._id)).toBe(String(workspace._id));
    expect(found[0]?.notificationDate?.toISOString()).toBe('2026-11-03T09:00:00.000Z');
    expect(await models.Workspace.countDocuments({ tenantId: tenantB })).toBe(0);
  });

  it('refuses a tenant-scoped document without tenantId', async () => {
    await expect(models.Note.create({ workspaceId: new Types.ObjectId(), text: 'sans cabinet' })).rejects.toThrow(
      /tenantId/,
    );
  });

  it('reports a unique index violation with code 11000', async () => {
    const workflowId = new Types.ObjectId();
    const base = { tenantId: tenantA, workflowId, document: { name: 'x' }, publishedAt: new Date() };
    await models.WorkflowVersion.create({ ...base, version: 1 });
    const error = await models.WorkflowVersion.create({ ...base, version: 1 }).catch((e: unknown) => e);
    expect((error as { code?: number }).code).toBe(11000);
    // The same version number in another firm is not a duplicate.
    await expect(models.WorkflowVersion.create({ ...base, tenantId: tenantB, version: 1 })).resolves.toBeTruthy();
  });

  it('keeps one event per idempotency key per firm', async () => {
    const event = {
      type: 'email:received',
      payload: {},
      occurredAt: new Date(),
      receivedAt: new Date(),
      idempotencyKey: 'mail-42',
    };
    await models.Event.create({ ...event, tenantId: tenantA });
    await expect(models.Event.create({ ...event, tenantId: tenantA })).rejects.toMatchObject({ code: 11000 });
    await expect(models.Event.create({ ...event, tenantId: tenantB })).resolves.toBeTruthy();
  });

  it('declares tenantId required and indexed on every tenant-scoped model', () => {
    for (const name of TENANT_SCOPED) {
      const schema = models[name].schema as unknown as import('mongoose').Schema;
      const path = schema.path('tenantId') as unknown as { isRequired?: boolean; options: { index?: boolean } };
      expect(path, name).toBeDefined();
      expect(path.isRequired, name).toBe(true);
      expect(path.options.index, name).toBe(true);
    }
    expect(TENANT_SCOPED.length).toBeGreaterThanOrEqual(20);
  });

  it('updates a draft only when the revision matches (conflict detection)', async () => {
    const wf = await models.Workflow.create({ tenantId: tenantA, name: 'Relance', draft: { nodes: [] }, revision: 1 });
    const first = await models.Workflow.findOneAndUpdate(
      { _id: wf._id, tenantId: tenantA, revision: 1 },
      { $set: { draft: { nodes: [1] } }, $inc: { revision: 1 } },
      { new: true },
    );
    expect(first?.revision).toBe(2);
    const stale = await models.Workflow.findOneAndUpdate(
      { _id: wf._id, tenantId: tenantA, revision: 1 },
      { $set: { draft: { nodes: [2] } }, $inc: { revision: 1 } },
      { new: true },
    );
    expect(stale).toBeNull();
  });
});
