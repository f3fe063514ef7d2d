import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Workflow } from '../core/types.ts';
import { getModels, type Models } from '../db/models/index.ts';
import { createTenantFixture, publishFixture, startEngine, until } from '../engine/engine-kit.ts';
import { type TestDatabase, useTestDatabase } from '../testing/test-database.ts';
import { createActionHandlers } from './index.ts';

let db: TestDatabase;
let models: Models;
let tenantId: string;
let app: Awaited<ReturnType<typeof startEngine>>;

beforeAll(async () => {
  db = await useTestDatabase(import.meta.url);
  models = getModels(db.connection);
  tenantId = await createTenantFixture(db.connection);
  app = await startEngine(db.connection, { handlers: createActionHandlers() });
}, 60_000);
afterAll(async () => {
  await app.stop();
});

describe('message, priority and tag handlers through the engine', () => {
  it('post a message on the case thread, raise the priority, tag the case — with events and timeline', async () => {
    const client = await models.Client.create({ tenantId, firstName: 'Awa', lastName: 'Koné' });
    const ws = await models.Workspace.create({
      tenantId,
      clientId: client._id,
      title: 'OQTF — Mme Koné',
      procedureType: 'OQTF',
      priority: 'medium',
    });
    const workspaceId = String(ws._id);
    await publishFixture(db.connection, tenantId, {
      schemaVersion: 1,
      name: 'Urgence',
      nodes: [
        { id: 'start', kind: 'trigger', event: 'deadline:critical' },
        {
          id: 'msg',
          kind: 'action',
          action: 'create_message',
          autonomy: 'ORANGE',
          params: { workspaceId: '{{payload.workspaceId}}', body: 'Votre délai expire bientôt.' },
        },
        {
          id: 'prio',
          kind: 'action',
          action: 'update_priority',
          params: { entity: 'workspace', entityId: '{{payload.workspaceId}}', priority: 'critical' },
        },
        {
          id: 'tag',
          kind: 'action',
          action: 'add_tag',
          params: { entity: 'workspace', entityId: '{{payload.workspaceId}}', tags: ['urgent', 'OQTF'] },
        },
      ],
      edges: [
        { id: 'a', source: 'start', target: 'msg' },
        { id: 'b', source: 'msg', target: 'prio', port: 'approved' },
        { id: 'c', source: 'prio', target: 'tag' },
      ],
    } as unknown as Workflow);
    const { runs } = await app.events.accept(tenantId, {
      type: 'deadline:critical',
      payload: {
        deadlineId: 'd-1',
        workspaceId,
        dueAt: '2026-11-25T23:59:00+01:00',
        hoursLeft: 30,
        urgency: 'critique',
        label: 'Recours OQTF',
      },
    });
    const runId = runs[0]?.runId as string;
    await until(async () => (await models.ValidationRequest.countDocuments({ runId })) === 1, 5_000, 'ORANGE gate');
    const request = await models.ValidationRequest.findOne({ runId }).lean();
    await app.engine.decide(tenantId, request?.key as string, { decision: 'APPROVED', userId: String(client._id) });
    await until(
      async () => ['succeeded', 'failed'].includes((await models.Run.findById(runId).lean())?.status ?? ''),
      10_000,
      'run',
    );
    const run = await models.Run.findById(runId).lean();
    expect(run?.error).toBeUndefined();
    expect(run?.state.nodes.prio.output).toEqual({ previousPriority: 'medium', priority: 'critical' });
    expect(run?.state.nodes.tag.output).toEqual({ tags: ['urgent', 'OQTF'], added: ['urgent', 'OQTF'] });
    const after = await models.Workspace.findById(ws._id).lean();
    expect(after).toMatchObject({ priority: 'critical', tags: ['urgent', 'OQTF'] });
    expect(await models.Message.countDocuments({ tenantId, workspaceId })).toBe(1);
    expect(
      (await models.TimelineEvent.find({ tenantId, workspaceId }).sort({ at: 1 }).lean()).map((t) => t.kind),
    ).toEqual(['message', 'priority']);
    await until(
      async () =>
        (await models.Event.countDocuments({ tenantId, type: { $in: ['message:created', 'workspace:updated'] } })) ===
        2,
      5_000,
      'events',
    );
  });

  it('update_priority run twice with one key reports the first result', async () => {
    const handlers = createActionHandlers();
    const ws = await models.Workspace.create({
      tenantId,
      clientId: (await models.Client.create({ tenantId, firstName: 'A', lastName: 'B' }))._id,
      title: 'T',
      procedureType: 'VISA',
      priority: 'low',
    });
    const context = {
      tenantId,
      runId: 'r',
      workflowId: 'w',
      nodeId: 'p',
      attempt: 1,
      idempotencyKey: `run-y:${ws._id}:1`,
      connection: db.connection,
      signal: new AbortController().signal,
      now: new Date(),
      eventId: 'e',
      emit: async () => {},
    };
    const params = { entity: 'workspace', entityId: String(ws._id), priority: 'high' };
    const first = await handlers.update_priority?.perform(params, context);
    const second = await handlers.update_priority?.perform(params, context);
    expect(first).toEqual({ previousPriority: 'low', priority: 'high' });
    expect(second).toEqual(first);
  });
});
