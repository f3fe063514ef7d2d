import type { Connection } from 'mongoose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Workflow } from '../core/types.ts';
import { getModels, type Models } from '../db/models/index.ts';
import { type TestDatabase, useTestDatabase } from '../testing/test-database.ts';
import { createTenantFixture, publishFixture, recordingHandlers, startEngine, until } from './engine-kit.ts';
import type { ActionHandlers } from './ports.ts';
import { validationRequestIdFor } from './validation-requests.ts';

let db: TestDatabase;
let connection: Connection;
let models: Models;
let tenantId: string;
let app: Awaited<ReturnType<typeof startEngine>>;
let handovers = 0;

beforeAll(async () => {
  db = await useTestDatabase(import.meta.url);
  connection = db.connection;
  models = getModels(connection);
  tenantId = await createTenantFixture(connection, {
    autonomy: { orangeAutoApprove: { enabled: true, minConfidence: 0.9 } },
  });
  const handlers: ActionHandlers = {
    ...recordingHandlers(connection),
    // An action that emits an event its schema refuses (a client without its required fields).
    log_event: {
      perform: async (_params, context) => {
        handovers++;
        await context.emit('client:created', { clientId: 'c-1', firstName: 42 });
        return {};
      },
    },
  };
  app = await startEngine(connection, { handlers });
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
const ended = (runId: string) => async () =>
  ['succeeded', 'failed', 'cancelled'].includes((await runOf(runId))?.status ?? '');
const procedure = (n: number) => ({
  type: 'procedure:created',
  payload: { procedureId: `p-${n}`, workspaceId: `ws-${n}`, procedureType: 'OQTF', status: 'draft' },
});

describe('an event emitted by an action and refused by its schema', () => {
  it('fails the action once, with the pointers refused, and follows the error port', async () => {
    const workflowId = await publishFixture(
      connection,
      tenantId,
      flow(
        'Émission refusée',
        'document:missing',
        [
          { id: 'task', kind: 'action', action: 'log_event', params: { level: 'info', message: 'Relance' } },
          { id: 'recovered', kind: 'action', action: 'create_note', params: { workspaceId: 'ws-1', text: 'refusé' } },
        ],
        [
          ['start', 'task'],
          ['task', 'recovered', 'error'],
        ],
      ),
    );
    handovers = 0;
    const { runs } = await app.events.accept(tenantId, {
      type: 'document:missing',
      payload: { workspaceId: 'ws-1', items: [{ key: 'passeport', label: 'Passeport' }] },
    });
    const runId = runs[0]?.runId as string;
    await until(ended(runId), 10_000, 'run end');
    const run = await runOf(runId);
    expect(run?.status).toBe('succeeded');
    const step = run?.state.steps.find((s: { nodeId: string }) => s.nodeId === 'task');
    expect(step).toMatchObject({ status: 'failed', error: { code: 'event.rejected' } });
    expect(step?.error?.message).toContain('client:created');
    expect(step?.error?.message).toContain('/payload');
    expect(step?.error?.message).toMatch(/refusé par son schéma.*refused by its schema/);
    // Not retried: the same event would be refused again.
    expect(handovers).toBe(1);
    expect(run?.state.steps.some((s: { nodeId: string }) => s.nodeId === 'recovered')).toBe(true);
    await models.Workflow.updateOne({ _id: workflowId }, { $set: { enabled: false } });
  });

  it('without an error port the run fails, and stays failed (no loop)', async () => {
    await publishFixture(
      connection,
      tenantId,
      flow(
        'Émission refusée sans secours',
        'document:missing',
        [{ id: 'task', kind: 'action', action: 'log_event', params: { level: 'info', message: 'Relance' } }],
        [['start', 'task']],
      ),
    );
    handovers = 0;
    const { runs } = await app.events.accept(tenantId, {
      type: 'document:missing',
      payload: { workspaceId: 'ws-2', items: [{ key: 'passeport', label: 'Passeport' }] },
    });
    const runId = runs[0]?.runId as string;
    await until(ended(runId), 10_000, 'run end');
    const run = await runOf(runId);
    expect(run?.status).toBe('failed');
    expect(run?.state.error).toMatchObject({ code: 'event.rejected' });
    // The sweeper passes every second here: nothing picks the run up again.
    await new Promise((r) => setTimeout(r, 2_500));
    expect(handovers).toBe(1);
    expect(await connection.collection('run_leases').countDocuments({ _id: runId as never })).toBe(0);
    expect((await runOf(runId))?.seq).toBe(run?.seq);
  });
});

describe('decisions at gates', () => {
  const gated = (name: string, autonomy: 'RED' | 'ORANGE') =>
    flow(
      name,
      'procedure:created',
      [
        {
          id: 'gate',
          kind: 'action',
          action: 'create_note',
          autonomy,
          params: { workspaceId: '{{payload.workspaceId}}', text: 'Note' },
        },
        { id: 'done', kind: 'end' },
        { id: 'no', kind: 'end', status: 'cancelled' },
      ],
      [
        ['start', 'gate'],
        ['gate', 'done', 'approved'],
        ['gate', 'no', 'rejected'],
      ],
    );
  const openGate = async (n: number) => {
    const { runs } = await app.events.accept(tenantId, procedure(n));
    const runId = runs.at(-1)?.runId as string;
    await until(async () => (await models.ValidationRequest.countDocuments({ runId })) === 1, 10_000, 'gate');
    const request = await models.ValidationRequest.findOne({ runId }).lean();
    return { runId, request: request as NonNullable<typeof request> };
  };

  it('stores each request under an id derived from the firm and the gate key', async () => {
    const workflowId = await publishFixture(connection, tenantId, gated('Porte rouge', 'RED'));
    const { request } = await openGate(1);
    expect(String(request._id)).toBe(String(validationRequestIdFor(tenantId, request.key)));
    await models.Workflow.updateOne({ _id: workflowId }, { $set: { enabled: false } });
  });

  it('never approves a RED gate automatically: refused, nothing written, a person still decides', async () => {
    const workflowId = await publishFixture(connection, tenantId, gated('Porte rouge 2', 'RED'));
    const { runId, request } = await openGate(2);
    expect(
      await app.engine.decide(tenantId, request.key, { decision: 'AUTO_APPROVED', comment: 'confiance 0.99' }),
    ).toBe('refused');
    expect(await app.engine.decide(tenantId, request.key, { decision: 'AUTO_APPROVED', userId: runId })).toBe(
      'refused',
    );
    expect((await models.ValidationRequest.findById(request._id).lean())?.status).toBe('PENDING');
    expect(await connection.collection('run_inputs').countDocuments({ runId })).toBe(0);
    expect((await runOf(runId))?.status).toBe('awaiting_validation');
    // A person's decision names the person.
    await expect(app.engine.decide(tenantId, request.key, { decision: 'APPROVED' })).rejects.toThrow(
      /names the person/,
    );
    const lawyer = '6b04c0000000000000000001';
    expect(await app.engine.decide(tenantId, request.key, { decision: 'APPROVED', userId: lawyer })).toBe('ok');
    await until(ended(runId), 10_000, 'run end');
    expect((await runOf(runId))?.status).toBe('succeeded');
    expect((await models.ValidationRequest.findById(request._id).lean())?.status).toBe('APPROVED');
    await models.Workflow.updateOne({ _id: workflowId }, { $set: { enabled: false } });
  });

  it('approves an ORANGE gate automatically without a person, where the firm allows it', async () => {
    const workflowId = await publishFixture(connection, tenantId, gated('Porte orange', 'ORANGE'));
    const { runId, request } = await openGate(3);
    expect(await app.engine.decide(tenantId, request.key, { decision: 'AUTO_APPROVED', comment: 'politique' })).toBe(
      'ok',
    );
    await until(ended(runId), 10_000, 'run end');
    const run = await runOf(runId);
    expect(run?.status).toBe('succeeded');
    const step = run?.state.steps.find((s: { nodeId: string }) => s.nodeId === 'gate');
    expect(step?.validation).toMatchObject({ status: 'AUTO_APPROVED', comment: 'politique' });
    expect(step?.validation?.decidedBy).toBeUndefined();
    const stored = await models.ValidationRequest.findById(request._id).lean();
    expect(stored).toMatchObject({ status: 'AUTO_APPROVED' });
    expect(stored?.decidedBy).toBeUndefined();
    await until(
      async () => (await models.Event.countDocuments({ tenantId, type: 'validation:approved' })) >= 1,
      5_000,
      'approval announced',
    );
    await models.Workflow.updateOne({ _id: workflowId }, { $set: { enabled: false } });
  });

  it('a decision whose announcement its schema refuses still moves the run on, once', async () => {
    const workflowId = await publishFixture(connection, tenantId, gated('Porte rouge 3', 'RED'));
    const { runId, request } = await openGate(4);
    const before = await models.Event.countDocuments({ tenantId, type: 'validation:rejected' });
    // validation:rejected allows a comment of at most 5,000 characters.
    const comment = 'x'.repeat(6_000);
    const lawyer = '6b04c0000000000000000001';
    expect(await app.engine.decide(tenantId, request.key, { decision: 'REJECTED', userId: lawyer, comment })).toBe(
      'ok',
    );
    await until(ended(runId), 10_000, 'run end');
    const run = await runOf(runId);
    expect(run?.status).toBe('cancelled');
    await new Promise((r) => setTimeout(r, 2_000));
    expect((await runOf(runId))?.seq).toBe(run?.seq);
    expect(await connection.collection('run_leases').countDocuments({ _id: runId as never })).toBe(0);
    expect(await models.Event.countDocuments({ tenantId, type: 'validation:rejected' })).toBe(before);
    await models.Workflow.updateOne({ _id: workflowId }, { $set: { enabled: false } });
  });
});
