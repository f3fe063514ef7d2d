import { getModels, type Models } from '@iapm/runtime/db';
import { useTestDatabase } from '@iapm/runtime/testing';
import { Types } from 'mongoose';
import { beforeAll, describe, expect, it } from 'vitest';
import { HttpProblem } from '../http/problem.ts';
import { TenantRepository } from './tenant-repository.ts';

let models: Models;
const firmA = new Types.ObjectId().toHexString();
const firmB = new Types.ObjectId().toHexString();
let mine: string;
let theirs: string;
let clientUser: string;

beforeAll(async () => {
  const db = await useTestDatabase(import.meta.url);
  models = getModels(db.connection);
  const client = await models.Client.create({ tenantId: firmA, firstName: 'Awa', lastName: 'Traoré' });
  const other = await models.Client.create({ tenantId: firmA, firstName: 'Jean', lastName: 'Martin' });
  mine = String(
    (
      await models.Workspace.create({
        tenantId: firmA,
        clientId: client._id,
        title: 'Mon dossier',
        procedureType: 'OQTF',
      })
    )._id,
  );
  theirs = String(
    (
      await models.Workspace.create({
        tenantId: firmA,
        clientId: other._id,
        title: 'Autre dossier',
        procedureType: 'ASILE',
      })
    )._id,
  );
  await models.Workspace.create({ tenantId: firmB, clientId: client._id, title: 'Dossier B', procedureType: 'VISA' });
  const due = new Date('2026-12-01T12:00:00Z');
  await models.Deadline.create({ tenantId: firmA, workspaceId: mine, label: 'Recours TA', dueAt: due });
  await models.Deadline.create({ tenantId: firmA, workspaceId: theirs, label: 'Recours CNDA', dueAt: due });
  await models.Message.create({ tenantId: firmA, workspaceId: mine, body: 'Bonjour', visibleToClient: true });
  await models.Message.create({ tenantId: firmA, workspaceId: mine, body: 'Note interne', visibleToClient: false });
  await models.Workflow.create({ tenantId: firmA, name: 'WF A', draft: {} });
  await models.Workflow.create({ tenantId: firmB, name: 'WF B', draft: {} });
  clientUser = new Types.ObjectId().toHexString();
  await models.Notification.create({ tenantId: firmA, userId: clientUser, title: 'Pour vous', deliverAt: due });
  await models.Notification.create({
    tenantId: firmA,
    userId: new Types.ObjectId(),
    title: 'Pour un autre',
    deliverAt: due,
  });
}, 60_000);

describe('TenantRepository (a firm member)', () => {
  const repo = () => new TenantRepository(models, firmA);

  it('adds the firm to every read, whatever the caller’s filter says', async () => {
    expect((await repo().of('Workflow').find().lean()).map((w) => w.name)).toEqual(['WF A']);
    // A `tenantId` in the caller's filter is overridden, never trusted.
    expect(await repo().of('Workflow').find({ tenantId: firmB }).lean()).toHaveLength(1);
    expect((await repo().of('Workflow').findOne({ tenantId: firmB }).lean())?.name).toBe('WF A');
    expect(await repo().of('Workspace').countDocuments()).toBe(2);
    const bWorkflow = await models.Workflow.findOne({ tenantId: firmB }).lean();
    expect(await repo().of('Workflow').findById(String(bWorkflow?._id)).lean()).toBeNull();
    expect(await repo().of('Workflow').exists({ _id: bWorkflow?._id })).toBe(false);
  });

  it('scopes aggregations, updates and deletes', async () => {
    const grouped = await repo()
      .of('Workspace')
      .aggregate<{ _id: string; n: number }>([{ $group: { _id: '$procedureType', n: { $sum: 1 } } }]);
    expect(grouped.map((g) => g._id).sort()).toEqual(['ASILE', 'OQTF']);
    const bWorkflow = await models.Workflow.findOne({ tenantId: firmB }).lean();
    const touched = await repo()
      .of('Workflow')
      .updateOne({ _id: bWorkflow?._id }, { $set: { name: 'piraté' } });
    expect(touched.matchedCount).toBe(0);
    expect(
      await repo()
        .of('Workflow')
        .findOneAndUpdate({ _id: bWorkflow?._id }, { $set: { name: 'piraté' } }),
    ).toBeNull();
    expect((await repo().of('Workflow').deleteMany({})).deletedCount).toBe(1);
    expect(await models.Workflow.countDocuments({ tenantId: firmB })).toBe(1);
  });

  it('writes the firm into created documents and refuses to move one to another firm', async () => {
    const created = await repo().of('Note').create({ tenantId: firmB, workspaceId: mine, text: 'note' });
    expect(String(created.tenantId)).toBe(firmA);
    expect(() =>
      repo()
        .of('Note')
        .updateOne({}, { $set: { tenantId: firmB } }),
    ).toThrow(/tenantId/);
    expect(() => repo().of('Note').updateOne({}, { tenantId: firmB })).toThrow(/tenantId/);
  });

  it('answers 404 for an id that cannot exist', () => {
    expect(() => repo().of('Workflow').findById('pas-un-id')).toThrow(HttpProblem);
  });
});

describe('TenantRepository (a CLIENT)', () => {
  const repo = () => new TenantRepository(models, firmA, { kind: 'client', userId: clientUser, workspaceId: mine });

  it('sees only their own workspace and what belongs to it', async () => {
    expect((await repo().of('Workspace').find().lean()).map((w) => w.title)).toEqual(['Mon dossier']);
    expect(await repo().of('Workspace').findById(theirs).lean()).toBeNull();
    expect((await repo().of('Deadline').find().lean()).map((d) => d.label)).toEqual(['Recours TA']);
    // Even when asking for another workspace's items by name.
    expect(await repo().of('Deadline').find({ workspaceId: theirs }).lean()).toEqual([]);
    expect((await repo().of('Message').find().lean()).map((m) => m.body)).toEqual(['Bonjour']);
    expect((await repo().of('Notification').find().lean()).map((n) => n.title)).toEqual(['Pour vous']);
  });

  it('reaches none of the firm’s other collections, and writes only to their notifications', async () => {
    for (const name of ['Workflow', 'Run', 'ValidationRequest', 'ApiKey', 'Client', 'Task', 'AuditEntry'] as const)
      expect(() => repo().of(name), name).toThrow(HttpProblem);
    expect(() =>
      repo()
        .of('Deadline')
        .updateOne({}, { $set: { label: 'x' } }),
    ).toThrow(HttpProblem);
    await expect(repo().of('Deadline').create({ label: 'x', dueAt: new Date() })).rejects.toThrow(HttpProblem);
    const read = await repo()
      .of('Notification')
      .updateMany({}, { $set: { readAt: new Date() } });
    expect(read.modifiedCount).toBe(1);
  });

  it('a CLIENT without a workspace sees no case data', async () => {
    const orphan = new TenantRepository(models, firmA, { kind: 'client', userId: clientUser });
    expect(await orphan.of('Workspace').find().lean()).toEqual([]);
    expect(await orphan.of('Deadline').find().lean()).toEqual([]);
  });
});
