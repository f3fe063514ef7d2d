import mongoose, { type Connection, Types } from 'mongoose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Workflow } from '../core/types.ts';
import { readFirmGeneration } from '../db/firm-generation.ts';
import { getModels, type Models } from '../db/models/index.ts';
import { type TestDatabase, useTestDatabase } from '../testing/test-database.ts';
import { createTenantFixture, publishFixture, recordingHandlers, startEngine, until } from './engine-kit.ts';

// Two runtimes on two connections to one database stand for two server processes sharing it.
let db: TestDatabase;
let second: Connection;
let models: Models;
let tenantId: string;
let a: Awaited<ReturnType<typeof startEngine>>;
let b: Awaited<ReturnType<typeof startEngine>>;

beforeAll(async () => {
  db = await useTestDatabase(import.meta.url);
  second = await mongoose.createConnection(db.uri, { dbName: db.dbName }).asPromise();
  models = getModels(db.connection);
  tenantId = await createTenantFixture(db.connection);
  a = await startEngine(db.connection, { handlers: recordingHandlers(db.connection), workerId: 'process-a' });
  b = await startEngine(second, { handlers: recordingHandlers(second), workerId: 'process-b' });
}, 60_000);
afterAll(async () => {
  await a?.stop();
  await b?.stop();
  await second?.close();
});

const flow = (name: string, event: string, nodes: Record<string, unknown>[], edges: [string, string, string?][]) =>
  ({
    schemaVersion: 1,
    name,
    nodes: [{ id: 'start', kind: 'trigger', event }, ...nodes],
    edges: edges.map(([source, target, port], i) => ({ id: `e${i}`, source, target, ...(port ? { port } : {}) })),
  }) as unknown as Workflow;

const noted = (type: string) =>
  flow(
    `Sur ${type}`,
    type,
    [{ id: 'log', kind: 'action', action: 'log_event', params: { level: 'info', message: 'ok' } }],
    [['start', 'log']],
  );

const clientCreated = (n: number) => ({
  type: 'client:created',
  payload: {
    clientId: `c-${n}`,
    firstName: 'Amina',
    lastName: 'Benali',
    status: 'prospect',
    source: 'api',
    createdAt: '2026-11-01T10:00:00Z',
  },
});

describe('event routing cached per process', () => {
  it('a workflow published, disabled or enabled by another process counts from the next event', async () => {
    // Process A has routed this type once: its table says "nothing".
    expect((await a.events.accept(tenantId, clientCreated(1))).runs).toEqual([]);
    // Process B publishes (through the models, as the studio does).
    const workflowId = await publishFixture(second, tenantId, noted('client:created'));
    const started = await a.events.accept(tenantId, clientCreated(2));
    expect(started.runs).toEqual([expect.objectContaining({ workflowId, version: 1 })]);
    // Process B disables it: A starts nothing from the next event.
    await getModels(second).Workflow.updateOne({ _id: workflowId }, { $set: { enabled: false } });
    expect((await a.events.accept(tenantId, clientCreated(3))).runs).toEqual([]);
    // Enabled again, through the firm-scoped filter the server uses.
    await getModels(second).Workflow.findOneAndUpdate({ _id: workflowId, tenantId }, { $set: { enabled: true } });
    expect((await a.events.accept(tenantId, clientCreated(4))).runs).toHaveLength(1);
    // Archived: nothing again.
    await getModels(second).Workflow.updateOne(
      { $and: [{ _id: workflowId }, { tenantId }] },
      { $set: { status: 'archived', enabled: false } },
    );
    expect((await a.events.accept(tenantId, clientCreated(5))).runs).toEqual([]);
  });

  it('stores each event as its model does: ObjectIds, dates, timestamps, the runs it started', async () => {
    const accepted = await a.events.accept(tenantId, { ...clientCreated(7), idempotencyKey: 'crm-model-7' });
    const raw = await db.connection.collection('events').findOne({ _id: new Types.ObjectId(accepted.eventId) });
    expect(raw?.tenantId).toBeInstanceOf(Types.ObjectId);
    expect(raw?.occurredAt).toBeInstanceOf(Date);
    expect(raw?.createdAt).toBeInstanceOf(Date);
    expect(raw).toMatchObject({ type: 'client:created', idempotencyKey: 'crm-model-7', source: 'api', causation: [] });
    // The model reads it back, finds it by its firm, and finds nothing to object to.
    const doc = await models.Event.findOne({ tenantId, idempotencyKey: 'crm-model-7' });
    expect(doc?.runs.map((r) => r.runId)).toEqual(accepted.runs.map((r) => r.runId));
    await expect(doc?.validate()).resolves.toBeUndefined();
  });

  it('a draft save does not change the firm’s generation; a publication does', async () => {
    const workflowId = await publishFixture(db.connection, tenantId, noted('procedure:created'), { enabled: false });
    const before = await readFirmGeneration(db.connection, tenantId);
    expect(before).not.toBeNull();
    await models.Workflow.updateOne(
      { _id: workflowId, tenantId },
      { $set: { draft: { changed: true } }, $inc: { revision: 1 } },
    );
    expect(await readFirmGeneration(db.connection, tenantId)).toBe(before);
    await models.Workflow.updateOne({ _id: workflowId, tenantId }, { $set: { publishedVersion: 1, enabled: true } });
    expect(await readFirmGeneration(db.connection, tenantId)).not.toBe(before);
  });

  it('another firm’s change does not touch this firm’s generation', async () => {
    const other = await createTenantFixture(db.connection);
    const before = await readFirmGeneration(db.connection, tenantId);
    await publishFixture(second, other, noted('client:created'));
    expect(await readFirmGeneration(db.connection, tenantId)).toBe(before);
    // And the other firm's workflow starts nothing here.
    const here = await a.events.accept(tenantId, clientCreated(6));
    expect(here.runs).toEqual([]);
  });

  it('a change of the firm’s configuration made by another process counts from the next event', async () => {
    const before = await readFirmGeneration(db.connection, tenantId);
    expect((await a.events.routing.get(tenantId)).maxCausationDepth).toBe(8);
    await getModels(second).Tenant.updateOne({ _id: tenantId }, { $set: { 'config.runtime.maxCausationDepth': 2 } });
    expect(await readFirmGeneration(db.connection, tenantId)).not.toBe(before);
    expect((await a.events.routing.get(tenantId)).maxCausationDepth).toBe(2);
    await getModels(second).Tenant.findOneAndUpdate(
      { _id: tenantId },
      { $set: { 'config.autonomy.orangeAutoApprove': { enabled: true, minConfidence: 0.9 } } },
    );
    expect((await a.events.routing.get(tenantId)).policy.orangeAutoApprove).toEqual({
      enabled: true,
      minConfidence: 0.9,
    });
    await getModels(second).Tenant.updateOne({ _id: tenantId }, { $unset: { 'config.runtime': 1 } });
  });

  it('a correlated wait opened by another process is honoured by the next event', async () => {
    const upload = (workspaceId: string, n: number) => ({
      type: 'document:uploaded',
      payload: {
        documentId: `d-${n}`,
        workspaceId,
        filename: 'passeport.pdf',
        contentType: 'application/pdf',
        size: 1200,
        sha256: 'a'.repeat(64),
        version: 1,
        uploadedBy: 'client',
        uploadedAt: '2026-11-02T10:00:00Z',
      },
    });
    // Process A routes `document:uploaded` once, while the firm has no wait for it.
    await a.events.accept(tenantId, upload('ws-0', 0));
    expect((await a.events.routing.get(tenantId)).waitTypes.has('document:uploaded')).toBe(false);
    await publishFixture(
      second,
      tenantId,
      flow(
        'Pièces',
        'document:missing',
        [
          {
            id: 'w',
            kind: 'wait',
            event: 'document:uploaded',
            correlate: { workspaceId: '{{payload.workspaceId}}' },
            timeout: 'P3D',
          },
          { id: 'got', kind: 'end', output: { file: '{{nodes.w.output.event.payload.filename}}' } },
        ],
        [
          ['start', 'w'],
          ['w', 'got', 'event'],
        ],
      ),
    );
    // Process B starts the run, which opens its wait.
    const { runs } = await b.events.accept(tenantId, {
      type: 'document:missing',
      payload: { workspaceId: 'ws-9', items: [{ key: 'passeport', label: 'Passeport' }] },
    });
    const runId = runs[0]?.runId as string;
    await until(async () => (await b.engine.store.subscriptionsOf(runId)).length > 0, 10_000, 'subscription');
    // The very next event on process A wakes it.
    await a.events.accept(tenantId, upload('ws-9', 1));
    await until(
      async () => (await models.Run.findById(runId).lean())?.status === 'succeeded',
      10_000,
      'correlated run end',
    );
    expect((await models.Run.findById(runId).lean())?.state).toMatchObject({ output: { file: 'passeport.pdf' } });
  });
});
