import { Types } from 'mongoose';
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
const workspaceId = new Types.ObjectId().toHexString();

beforeAll(async () => {
  db = await useTestDatabase(import.meta.url);
  models = getModels(db.connection);
  tenantId = await createTenantFixture(db.connection);
  app = await startEngine(db.connection, { handlers: createActionHandlers() });
}, 60_000);
afterAll(async () => {
  await app.stop();
});

/** start(workspace:updated) → note → task → alert(critical) → log */
const workflow = {
  schemaVersion: 1,
  name: 'Suivi de dossier',
  nodes: [
    { id: 'start', kind: 'trigger', event: 'workspace:updated' },
    {
      id: 'note',
      kind: 'action',
      action: 'create_note',
      params: { workspaceId: '{{payload.workspaceId}}', text: 'Dossier mis à jour' },
    },
    {
      id: 'task',
      kind: 'action',
      action: 'create_task',
      params: { title: 'Relire le dossier', workspaceId: '{{payload.workspaceId}}', priority: 'high' },
    },
    {
      id: 'alert',
      kind: 'action',
      action: 'create_alert',
      params: { title: 'Délai court', level: 'critical', workspaceId: '{{payload.workspaceId}}' },
    },
    { id: 'log', kind: 'action', action: 'log_event', params: { message: 'tâche {{nodes.task.output.taskId}}' } },
  ],
  edges: [
    { id: 'a', source: 'start', target: 'note' },
    { id: 'b', source: 'note', target: 'task' },
    { id: 'c', source: 'task', target: 'alert' },
    { id: 'd', source: 'alert', target: 'log' },
  ],
} as unknown as Workflow;

describe('entity and system handlers through the engine', () => {
  it('create_note, create_task, create_alert and log_event write their entities, the timeline and their events', async () => {
    await publishFixture(db.connection, tenantId, workflow);
    const { runs, eventId } = await app.events.accept(tenantId, {
      type: 'workspace:updated',
      payload: { workspaceId, changes: { status: 'active' }, updatedAt: '2026-11-20T09:00:00Z' },
    });
    const runId = runs[0]?.runId as string;
    await until(
      async () => ['succeeded', 'failed'].includes((await models.Run.findById(runId).lean())?.status ?? ''),
      10_000,
      'run',
    );
    const run = await models.Run.findById(runId).lean();
    expect(run?.error).toBeUndefined();
    expect(run?.status).toBe('succeeded');
    const outputs = run?.state.nodes;
    expect(await models.Note.countDocuments({ tenantId, workspaceId })).toBe(1);
    const task = await models.Task.findById(outputs.task.output.taskId).lean();
    expect(task).toMatchObject({ title: 'Relire le dossier', priority: 'high' });
    const alert = await models.Alert.findById(outputs.alert.output.alertId).lean();
    expect(alert).toMatchObject({ level: 'critical', title: 'Délai court' });
    const timeline = await models.TimelineEvent.find({ tenantId, workspaceId }).sort({ at: 1 }).lean();
    expect(timeline.map((t) => t.kind)).toEqual(['note', 'task', 'alert']);
    await until(
      async () => (await models.Event.countDocuments({ tenantId, type: 'alert:critical' })) === 1,
      5_000,
      'alert event',
    );
    const emitted = await models.Event.findOne({ tenantId, type: 'alert:critical' }).lean();
    expect(emitted?.causation).toEqual([eventId]);
    expect(emitted?.payload).toMatchObject({ alertId: String(alert?._id), priority: 'critical', workspaceId });
  });

  it('the same idempotency key creates the entity once', async () => {
    const handlers = createActionHandlers();
    const context = {
      tenantId,
      runId: new Types.ObjectId().toHexString(),
      workflowId: 'w',
      nodeId: 'task',
      attempt: 1,
      idempotencyKey: 'run-x:task:1',
      connection: db.connection,
      signal: new AbortController().signal,
      now: new Date(),
      eventId: 'e',
      emit: async () => {},
    };
    const first = await handlers.create_task?.perform({ title: 'Une seule fois' }, context);
    const second = await handlers.create_task?.perform({ title: 'Une seule fois' }, context);
    expect(second).toEqual(first);
    expect(await models.Task.countDocuments({ tenantId, title: 'Une seule fois' })).toBe(1);
  });

  it('refuses invalid params as a non-retryable failure naming the pointer', async () => {
    const handlers = createActionHandlers();
    await expect(
      handlers.create_alert?.perform({ title: 'x', level: 'énorme' }, {
        tenantId,
        idempotencyKey: 'k',
        connection: db.connection,
      } as never),
    ).rejects.toMatchObject({ code: 'params.invalid', retryable: false, message: expect.stringContaining('/level') });
  });
});
