import { type Connection, Types } from 'mongoose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Workflow } from '../core/types.ts';
import { getModels, type Models } from '../db/models/index.ts';
import { type TestDatabase, useTestDatabase } from '../testing/test-database.ts';
import { createTenantFixture, publishFixture, recordingHandlers, startEngine, until } from './engine-kit.ts';

let db: TestDatabase;
let connection: Connection;
let models: Models;
let tenantId: string;
let app: Awaited<ReturnType<typeof startEngine>>;
const failFirst = new Set<string>();

beforeAll(async () => {
  db = await useTestDatabase(import.meta.url);
  connection = db.connection;
  models = getModels(connection);
  tenantId = await createTenantFixture(connection);
  app = await startEngine(connection, { handlers: recordingHandlers(connection, { failFirst }) });
}, 60_000);
afterAll(async () => {
  await app.stop();
});

const flow = (name: string, event: string, nodes: Record<string, unknown>[], edges: [string, string, string?][]) =>
  ({
    schemaVersion: 1,
    name,
    nodes: [{ id: 'start', kind: 'trigger', event }, ...nodes],
    edges: edges.map(([source, target, port], i) => ({ id: `e${i}`, source, target, ...(port ? { port } : {}) })),
  }) as unknown as Workflow;

const runOf = async (runId: string) => models.Run.findById(runId).lean();
const finished = (runId: string) => async () =>
  ['succeeded', 'failed', 'cancelled'].includes((await runOf(runId))?.status ?? '');
const sideEffects = (runId: string) => connection.collection('side_effects').find({ runId }).toArray();

describe('durable engine on the database', () => {
  it('runs a GREEN chain once per event; a repeated idempotency key starts nothing new', async () => {
    await publishFixture(
      connection,
      tenantId,
      flow(
        'Chaîne',
        'client:created',
        [
          {
            id: 'a',
            kind: 'action',
            action: 'create_note',
            params: { workspaceId: 'ws-1', text: 'Client {{payload.lastName}}' },
          },
          { id: 'b', kind: 'action', action: 'log_event', params: { level: 'info', message: 'ok' } },
        ],
        [
          ['start', 'a'],
          ['a', 'b'],
        ],
      ),
    );
    const body = {
      type: 'client:created',
      payload: {
        clientId: 'c-1',
        firstName: 'Amina',
        lastName: 'Benali',
        status: 'prospect',
        source: 'api',
        createdAt: '2026-11-01T10:00:00Z',
      },
      idempotencyKey: 'crm-42',
    };
    const first = await app.events.accept(tenantId, body);
    expect(first).toMatchObject({ duplicate: false, runs: [{ version: 1 }] });
    const runId = first.runs[0]?.runId as string;
    await until(finished(runId), 15_000, 'run end');
    expect((await runOf(runId))?.error).toBeUndefined();
    expect((await runOf(runId))?.status).toBe('succeeded');
    const effects = await sideEffects(runId);
    expect(effects.map((e) => e.nodeId)).toEqual(['a', 'b']);
    expect(effects[0]?.params).toEqual({ workspaceId: 'ws-1', text: 'Client Benali' });
    const again = await app.events.accept(tenantId, body);
    expect(again).toEqual({ eventId: first.eventId, duplicate: true, runs: first.runs });
    expect(await models.Run.countDocuments({ tenantId, triggerEventId: first.eventId })).toBe(1);

    // A caller whose first attempt died after the event was written but before its run started: the
    // repeat starts the run it announced (once).
    const crashed = { ...body, idempotencyKey: 'crm-43' };
    const planned = await app.events.accept(tenantId, crashed);
    const plannedRunId = planned.runs[0]?.runId as string;
    await until(finished(plannedRunId), 15_000, 'first run end');
    // Back to the state the crash would have left: the event written, no trace of its run.
    await models.Run.deleteOne({ _id: plannedRunId });
    await connection.collection('run_transitions').deleteMany({ runId: plannedRunId });
    await connection.collection('side_effects').deleteMany({ runId: plannedRunId });
    const retried = await app.events.accept(tenantId, crashed);
    expect(retried).toEqual({ eventId: planned.eventId, duplicate: true, runs: planned.runs });
    await until(finished(plannedRunId), 15_000, 'restarted run end');
    expect((await sideEffects(plannedRunId)).map((e) => e.nodeId)).toEqual(['a', 'b']);
  });

  it('refuses an invalid payload with pointers and writes nothing', async () => {
    const before = await models.Event.countDocuments();
    await expect(
      app.events.accept(tenantId, { type: 'client:created', payload: { firstName: 3 } }),
    ).rejects.toMatchObject({
      issues: expect.arrayContaining([expect.objectContaining({ pointer: '/payload/firstName', code: 'schema.type' })]),
    });
    expect(await models.Event.countDocuments()).toBe(before);
  });

  it('parks a run on a wait scheduled with Agenda and resumes it when the job fires', async () => {
    await publishFixture(
      connection,
      tenantId,
      flow(
        'Attente',
        'facture:created',
        [
          { id: 'w', kind: 'wait', for: 'PT1S' },
          { id: 'after', kind: 'action', action: 'create_task', params: { title: 'Relancer' } },
        ],
        [
          ['start', 'w'],
          ['w', 'after'],
        ],
      ),
    );
    const { runs } = await app.events.accept(tenantId, {
      type: 'facture:created',
      payload: {
        invoiceId: 'f-1',
        clientId: 'c-1',
        number: 'F-2026-001',
        amountCents: 120000,
        currency: 'EUR',
        dueDate: '2026-12-31',
        issuedAt: '2026-11-01T10:00:00Z',
      },
    });
    const runId = runs[0]?.runId as string;
    await until(async () => (await runOf(runId))?.status === 'waiting', 5_000, 'waiting');
    await until(
      async () =>
        (await connection.collection('agenda_jobs').countDocuments({ name: 'run-wake', 'data.runId': runId })) === 1,
      5_000,
      'wake job',
    );
    await until(finished(runId), 15_000, 'resumed');
    expect((await runOf(runId))?.status).toBe('succeeded');
    expect((await sideEffects(runId)).map((e) => e.nodeId)).toEqual(['after']);
    // A wake that has fired is removed: the job collection holds only what is still to come.
    await until(
      async () => (await connection.collection('agenda_jobs').countDocuments({ 'data.runId': runId })) === 0,
      5_000,
      'fired wake removed',
    );
  });

  it('stops at a RED gate; a lawyer approves; a second decision is a conflict', async () => {
    await publishFixture(
      connection,
      tenantId,
      flow(
        'Recours',
        'procedure:created',
        [
          {
            id: 'draft',
            kind: 'action',
            action: 'generate_document',
            autonomy: 'RED',
            params: { template: 'recours-oqtf', workspaceId: '{{payload.workspaceId}}' },
          },
          { id: 'done', kind: 'end' },
          { id: 'no', kind: 'end', status: 'cancelled' },
        ],
        [
          ['start', 'draft'],
          ['draft', 'done', 'approved'],
          ['draft', 'no', 'rejected'],
        ],
      ),
    );
    const { runs } = await app.events.accept(tenantId, {
      type: 'procedure:created',
      payload: { procedureId: 'p-1', workspaceId: 'ws-2', procedureType: 'OQTF', status: 'draft' },
    });
    const runId = runs[0]?.runId as string;
    await until(async () => (await runOf(runId))?.status === 'awaiting_validation', 5_000, 'gate');
    // The run is saved first, then its effects (the validation request) are executed.
    await until(
      async () => (await models.ValidationRequest.countDocuments({ runId })) === 1,
      5_000,
      'validation request',
    );
    const request = await models.ValidationRequest.findOne({ runId }).lean();
    expect(request).toMatchObject({
      status: 'PENDING',
      autonomy: 'RED',
      action: 'generate_document',
      preparedParams: { template: 'recours-oqtf', workspaceId: 'ws-2' },
    });
    expect(await sideEffects(runId)).toEqual([]);
    const lawyer = '6b04c0000000000000000001';
    expect(
      await app.engine.decide(tenantId, request?.key as string, {
        decision: 'APPROVED',
        userId: lawyer,
        comment: 'ok',
      }),
    ).toBe('ok');
    expect(await app.engine.decide(tenantId, request?.key as string, { decision: 'REJECTED', userId: lawyer })).toBe(
      'conflict',
    );
    expect(
      await app.engine.decide('6b04c0000000000000000999', request?.key as string, {
        decision: 'APPROVED',
        userId: lawyer,
      }),
    ).toBe('not-found');
    await until(finished(runId), 10_000, 'run end');
    expect((await runOf(runId))?.status).toBe('succeeded');
    expect((await models.ValidationRequest.findById(request?._id).lean())?.status).toBe('APPROVED');
    expect(await sideEffects(runId)).toHaveLength(1);
  });

  it('wakes a correlated wait only with the matching event', async () => {
    await publishFixture(
      connection,
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
          { id: 'late', kind: 'end', status: 'failed' },
        ],
        [
          ['start', 'w'],
          ['w', 'got', 'event'],
          ['w', 'late', 'timeout'],
        ],
      ),
    );
    const { runs } = await app.events.accept(tenantId, {
      type: 'document:missing',
      payload: { workspaceId: 'ws-77', items: [{ key: 'passeport', label: 'Passeport' }] },
    });
    const runId = runs[0]?.runId as string;
    await until(async () => (await app.engine.store.subscriptionsOf(runId)).length > 0, 5_000, 'subscription');
    const upload = (workspaceId: string) => ({
      type: 'document:uploaded',
      payload: {
        documentId: 'd-1',
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
    await app.events.accept(tenantId, upload('ws-other'));
    await new Promise((r) => setTimeout(r, 300));
    expect((await runOf(runId))?.status).toBe('waiting');
    await app.events.accept(tenantId, upload('ws-77'));
    await until(finished(runId), 5_000, 'correlated');
    expect((await runOf(runId))?.state).toMatchObject({ status: 'succeeded', output: { file: 'passeport.pdf' } });
  });

  it('refuses to start a published document that declares a RED action GREEN (changed outside the studio)', async () => {
    const workflowId = await publishFixture(
      connection,
      tenantId,
      flow(
        'Script',
        'alert:critical',
        [
          {
            id: 'script',
            kind: 'action',
            action: 'run_script',
            autonomy: 'GREEN',
            params: { code: 'return 1', input: {} },
          },
        ],
        [['start', 'script']],
      ),
    );
    const accepted = await app.events.accept(tenantId, {
      type: 'alert:critical',
      payload: { alertId: 'a-1', type: 'system', title: 'x', message: 'y' },
    });
    expect(accepted.runs).toEqual([]);
    expect(accepted.stopped).toBe(`refused:${workflowId}`);
  });

  it('cancels a waiting run and removes its wake', async () => {
    await publishFixture(
      connection,
      tenantId,
      flow('Long', 'message:sent', [{ id: 'w', kind: 'wait', for: 'P30D' }], [['start', 'w']]),
    );
    const { runs } = await app.events.accept(tenantId, {
      type: 'message:sent',
      payload: { messageId: 'm-1', channel: 'email', to: ['a@b.fr'], sentAt: '2026-11-01T10:00:00Z' },
    });
    const runId = runs[0]?.runId as string;
    await until(async () => (await runOf(runId))?.status === 'waiting', 5_000, 'waiting');
    expect(await app.engine.cancel(tenantId, runId)).toBe(true);
    await until(finished(runId), 5_000, 'cancelled');
    expect((await runOf(runId))?.status).toBe('cancelled');
    await until(
      async () => (await connection.collection('agenda_jobs').countDocuments({ 'data.runId': runId })) === 0,
      5_000,
      'job removed',
    );
  });

  it('retries a failed run from its failed step, keeping the earlier outputs', async () => {
    failFirst.add('fragile');
    await publishFixture(
      connection,
      tenantId,
      flow(
        'Fragile',
        'workspace:archived',
        [
          { id: 'first', kind: 'action', action: 'create_note', params: { workspaceId: 'ws-3', text: 'avant' } },
          {
            id: 'fragile',
            kind: 'action',
            action: 'create_alert',
            params: { title: 'x', message: 'y', level: 'info' },
          },
        ],
        [
          ['start', 'first'],
          ['first', 'fragile'],
        ],
      ),
    );
    const { runs } = await app.events.accept(tenantId, {
      type: 'workspace:archived',
      payload: { workspaceId: 'ws-3', archivedAt: '2026-11-01T10:00:00Z' },
    });
    const runId = runs[0]?.runId as string;
    await until(finished(runId), 10_000, 'failure');
    expect((await runOf(runId))?.status).toBe('failed');
    expect(await app.engine.retry(tenantId, runId)).toBe(true);
    await until(async () => (await runOf(runId))?.status === 'succeeded', 10_000, 'retried');
    expect((await sideEffects(runId)).map((e) => e.nodeId)).toEqual(['first', 'fragile']);
  });

  it('fires a cron trigger through Agenda (Paris time) and starts one run per firing', async () => {
    const document = {
      schemaVersion: 1,
      name: 'Chaque seconde',
      nodes: [
        { id: 'start', kind: 'trigger', cron: { expression: '* * * * * *', timezone: 'Europe/Paris' } },
        {
          id: 'log',
          kind: 'action',
          action: 'log_event',
          params: { level: 'info', message: 'tick {{payload.scheduledFor}}' },
        },
      ],
      edges: [{ id: 'a', source: 'start', target: 'log' }],
    } as unknown as Workflow;
    const workflowId = await publishFixture(connection, tenantId, document);
    await app.scheduler.scheduleCron({ tenantId, workflowId, expression: '* * * * * *', timezone: 'Europe/Paris' });
    await until(
      async () => (await models.Run.countDocuments({ tenantId, workflowId, status: 'succeeded' })) >= 2,
      10_000,
      'two cron runs',
    );
    await app.scheduler.cancelCron(workflowId);
    const events = await models.Event.find({
      tenantId,
      type: 'system:scheduled',
      'payload.workflowId': workflowId,
    }).lean();
    expect(events.length).toBeGreaterThanOrEqual(2);
    expect(new Set(events.map((e) => (e.payload as { scheduledFor: string }).scheduledFor)).size).toBe(events.length);
    const run = await models.Run.findOne({ tenantId, workflowId, status: 'succeeded' }).lean();
    expect(run?.state.steps.map((st: { nodeId: string }) => st.nodeId)).toEqual(['start', 'log']);
  });

  it('stops a cascade that is too deep, or that comes back to a workflow of its chain', async () => {
    const workflowId = await publishFixture(
      connection,
      tenantId,
      flow(
        'Cascade',
        'alert:created',
        [{ id: 'log', kind: 'action', action: 'log_event', params: { level: 'info', message: 'x' } }],
        [['start', 'log']],
      ),
    );
    const payload = { alertId: 'a-9', type: 'system', title: 'Cascade', priority: 'high' };
    const deep = await app.events.accept(tenantId, {
      type: 'alert:created',
      payload,
      causation: Array.from({ length: 8 }, (_, i) => `e${i}`),
    });
    expect(deep).toMatchObject({ runs: [], stopped: 'causation-depth' });
    const cycle = await app.events.accept(tenantId, {
      type: 'alert:created',
      payload,
      causation: ['e0'],
      causationWorkflows: [workflowId],
    });
    expect(cycle).toMatchObject({ runs: [], stopped: `cycle:${workflowId}` });
    const stored = await models.Event.findById(cycle.eventId).lean();
    expect(stored?.stoppedReason).toBe(`cycle:${workflowId}`);
    const fine = await app.events.accept(tenantId, { type: 'alert:created', payload, causation: ['e0'] });
    expect(fine.runs).toHaveLength(1);
  });

  it('a gate approval that would restart its own workflow is stopped as a cycle', async () => {
    // Approving the gate emits validation:approved, which triggers this same workflow: the second
    // round is refused because the workflow is already in the event's causation chain.
    const workflowId = await publishFixture(
      connection,
      tenantId,
      flow(
        'Boucle de validation',
        'validation:approved',
        [
          {
            id: 'gate',
            kind: 'action',
            action: 'create_note',
            autonomy: 'ORANGE',
            params: { workspaceId: 'ws-c', text: 'encore' },
          },
        ],
        [['start', 'gate']],
      ),
    );
    const first = await app.events.accept(tenantId, {
      type: 'validation:approved',
      payload: {
        validationId: 'v-0',
        runId: 'r-0',
        workflowId: 'w-0',
        nodeId: 'n',
        action: 'create_note',
        autonomy: 'ORANGE',
        status: 'APPROVED',
        decidedAt: '2026-11-01T10:00:00Z',
      },
    });
    const runId = first.runs[0]?.runId as string;
    await until(async () => (await models.ValidationRequest.countDocuments({ runId })) === 1, 5_000, 'gate');
    const request = await models.ValidationRequest.findOne({ runId }).lean();
    await app.engine.decide(tenantId, request?.key as string, {
      decision: 'APPROVED',
      userId: '6b04c0000000000000000001',
    });
    await until(finished(runId), 5_000, 'run end');
    // The gate announced itself (ai:validation_required) and its approval (validation:approved).
    const approved = { tenantId, 'emittedBy.runId': runId, type: 'validation:approved' };
    await until(async () => (await models.Event.countDocuments(approved)) === 1, 5_000, 'emitted event');
    expect(await models.Event.countDocuments({ tenantId, 'emittedBy.runId': runId })).toBe(2);
    const emitted = await models.Event.findOne(approved).lean();
    expect(emitted?.causation).toEqual([first.eventId]);
    expect(emitted?.causationWorkflows).toEqual([workflowId]);
    expect(emitted?.stoppedReason).toBe(`cycle:${workflowId}`);
    expect(await models.Run.countDocuments({ tenantId, workflowId })).toBe(1);
  });

  it('lists stuck runs: a lease left to expire by a dead worker, inputs waiting for more than a minute', async () => {
    const make = () =>
      models.Run.create({
        tenantId,
        workflowId: '6b04c0000000000000000abc',
        version: 1,
        status: 'running',
        state: { steps: [] },
        startedAt: new Date(Date.now() - 3_600_000),
        seq: 2,
        effectsDoneSeq: 1,
      });
    const [dead, waiting, otherFirm] = [await make(), await make(), await make()];
    await models.Run.collection.updateOne({ _id: otherFirm._id }, { $set: { tenantId: new Types.ObjectId() } });
    const past = new Date(Date.now() - 3_600_000);
    await connection.collection('run_leases').insertMany([
      { _id: String(dead._id), owner: 'dead-worker', gen: 1, expiresAt: past },
      { _id: String(otherFirm._id), owner: 'dead-worker', gen: 1, expiresAt: past },
    ] as never);
    await connection.collection('run_inputs').insertOne({
      _id: `${String(waiting._id)}|wake:x`,
      tenantId,
      runId: String(waiting._id),
      key: 'wake:x',
      input: { type: 'timer.fired', wakeId: 'x' },
      createdAt: past,
    } as never);
    const stuck = await app.engine.stuckRuns(tenantId);
    expect(stuck).toContainEqual(expect.objectContaining({ runId: String(dead._id), reason: 'worker-lost' }));
    expect(stuck).toContainEqual(expect.objectContaining({ runId: String(waiting._id), reason: 'inputs-pending' }));
    expect(stuck.map((s) => s.runId)).not.toContain(String(otherFirm._id));
    await connection.collection('run_leases').deleteMany({ owner: 'dead-worker' });
    await connection.collection('run_inputs').deleteMany({ runId: String(waiting._id) });
    await models.Run.deleteMany({ _id: { $in: [dead._id, waiting._id, otherFirm._id] } });
  });
});
