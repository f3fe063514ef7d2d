import { getCatalog } from '@iapm/schemas';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { verifyAuditChain } from '../audit/audit-log.ts';
import { getModels, type Models } from '../db/models/index.ts';
import { createTenantFixture, startEngine } from '../engine/engine-kit.ts';
import { type TestDatabase, useTestDatabase } from '../testing/test-database.ts';
import { chain, handlerContext, runThrough } from './action-test-kit.ts';
import { createActionHandlers } from './index.ts';
import { completedActionSteps } from './system.handlers.ts';

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

async function newCase(priority: 'low' | 'medium' | 'high' = 'medium') {
  const client = await models.Client.create({ tenantId, firstName: 'Awa', lastName: 'Koné' });
  const ws = await models.Workspace.create({
    tenantId,
    clientId: client._id,
    title: 'OQTF — Mme Koné',
    procedureType: 'OQTF',
    priority,
    tags: ['ancien'],
  });
  return String(ws._id);
}

const updated = (workspaceId: string) => ({
  type: 'workspace:updated',
  payload: { workspaceId, changes: { status: 'active' }, updatedAt: '2026-11-20T09:00:00Z' },
});

describe('audit_trail through the engine', () => {
  it('appends chained entries that the verifier accepts, once per execution', async () => {
    const workspaceId = await newCase();
    const run = await runThrough(
      app,
      db,
      tenantId,
      chain('Traçabilité', 'workspace:updated', [
        {
          id: 'a1',
          action: 'audit_trail',
          params: { action: 'workspace.reviewed', subjectType: 'workspace', subjectId: '{{payload.workspaceId}}' },
        },
        {
          id: 'a2',
          action: 'audit_trail',
          params: {
            action: 'document.sent',
            subjectType: 'document',
            subjectId: '65f1c0a2b3d4e5f601234567',
            details: { channel: 'email' },
          },
        },
      ]),
      updated(workspaceId),
    );
    expect(run.error).toBeUndefined();
    const first = run.state.nodes.a1.output;
    const second = run.state.nodes.a2.output;
    expect(second.sequence).toBe(first.sequence + 1);
    const stored = await models.AuditEntry.findById(second.entryId).lean();
    expect(stored).toMatchObject({
      actorKind: 'workflow',
      action: 'document.sent',
      subjectType: 'document',
      previousHash: first.hash,
      hash: second.hash,
      details: { channel: 'email', runId: String(run._id), nodeId: 'a2' },
    });
    expect(await verifyAuditChain(db.connection, tenantId)).toMatchObject({ ok: true, entries: 2 });

    const handlers = createActionHandlers();
    const context = handlerContext(db, tenantId, 'audit-once');
    const params = { action: 'test.once', subjectType: 'run', subjectId: 'r-1' };
    const one = await handlers.audit_trail?.perform(params, context);
    const two = await handlers.audit_trail?.perform(params, context);
    expect(two).toEqual(one);
    expect(await models.AuditEntry.countDocuments({ tenantId })).toBe(3);
  });
});

describe('rollback through the engine', () => {
  it('undoes the compensable steps latest first and reports the others as skipped', async () => {
    const workspaceId = await newCase('low');
    const run = await runThrough(
      app,
      db,
      tenantId,
      chain('Création en double', 'workspace:updated', [
        { id: 'task', action: 'create_task', params: { title: 'Relire', workspaceId: '{{payload.workspaceId}}' } },
        { id: 'note', action: 'create_note', params: { workspaceId: '{{payload.workspaceId}}', text: 'Doublon ?' } },
        { id: 'log', action: 'log_event', params: { message: 'avant annulation' } },
        {
          id: 'tag',
          action: 'add_tag',
          params: { entity: 'workspace', entityId: '{{payload.workspaceId}}', tags: ['ancien', 'doublon'] },
        },
        {
          id: 'prio',
          action: 'update_priority',
          params: { entity: 'workspace', entityId: '{{payload.workspaceId}}', priority: 'critical' },
        },
        { id: 'undo', action: 'rollback', params: { reason: 'Dossier déjà ouvert' } },
      ]),
      updated(workspaceId),
    );
    expect(run.error).toBeUndefined();
    const step = run.state.steps.find((s: { nodeId: string }) => s.nodeId === 'undo');
    expect(step.validation).toMatchObject({ status: 'APPROVED', autonomy: 'ORANGE' });
    expect(run.state.nodes.undo.output.compensated).toEqual([
      { nodeId: 'prio', action: 'update_priority', status: 'compensated' },
      { nodeId: 'tag', action: 'add_tag', status: 'compensated' },
      { nodeId: 'log', action: 'log_event', status: 'skipped' },
      { nodeId: 'note', action: 'create_note', status: 'compensated' },
      { nodeId: 'task', action: 'create_task', status: 'compensated' },
    ]);
    expect(await models.Task.exists({ _id: run.state.nodes.task.output.taskId })).toBeNull();
    expect(await models.Note.exists({ _id: run.state.nodes.note.output.noteId })).toBeNull();
    const after = await models.Workspace.findById(workspaceId).lean();
    expect(after?.priority).toBe('low');
    // The tag the case already had stays; only the one the run added goes.
    expect(after?.tags).toEqual(['ancien']);
  });

  it('a second rollback of the same run compensates nothing again', async () => {
    const workspaceId = await newCase('medium');
    const run = await runThrough(
      app,
      db,
      tenantId,
      chain('Double annulation', 'workspace:updated', [
        {
          id: 'prio',
          action: 'update_priority',
          params: { entity: 'workspace', entityId: '{{payload.workspaceId}}', priority: 'high' },
        },
        { id: 'undo', action: 'rollback', params: { reason: 'test' } },
      ]),
      updated(workspaceId),
    );
    expect(run.state.nodes.undo.output.compensated).toEqual([
      { nodeId: 'prio', action: 'update_priority', status: 'compensated' },
    ]);
    // Someone raises the priority again by hand; replaying the rollback must not undo that.
    await models.Workspace.updateOne({ _id: workspaceId }, { $set: { priority: 'high' } });
    const again = await createActionHandlers().rollback?.perform(
      { reason: 'rejoué' },
      handlerContext(db, tenantId, `${run._id}:undo2:1`, { runId: String(run._id), nodeId: 'undo2' }),
    );
    expect(again).toEqual({ compensated: [{ nodeId: 'prio', action: 'update_priority', status: 'compensated' }] });
    expect((await models.Workspace.findById(workspaceId).lean())?.priority).toBe('high');
  });

  it('refuses to roll back a run of another firm', async () => {
    const other = await createTenantFixture(db.connection);
    const run = await models.Run.findOne({ tenantId }).lean();
    await expect(
      createActionHandlers().rollback?.perform(
        { reason: 'x' },
        handlerContext(db, other, 'k-other', { runId: String(run?._id) }),
      ),
    ).rejects.toMatchObject({ code: 'rollback.no-run', retryable: false });
  });
});

describe('compensations', () => {
  it('every compensable action that has a handler declares how to undo it', () => {
    const handlers = createActionHandlers() as Record<string, { compensate?: unknown }>;
    const missing = getCatalog()
      .actions.filter((a) => a.compensable && handlers[a.name] && !handlers[a.name]?.compensate)
      .map((a) => a.name);
    expect(missing).toEqual([]);
  });
});

describe('completedActionSteps', () => {
  it('orders by end time, then position, and leaves out failures, non-actions and the rollback itself', () => {
    const at = '2026-01-01T00:00:00.000Z';
    const steps = [
      { nodeId: 't', kind: 'trigger', status: 'succeeded', at },
      { nodeId: 'a', kind: 'action', action: 'create_task', status: 'succeeded', at, endedAt: '2026-01-01T00:00:02Z' },
      { nodeId: 'b', kind: 'action', action: 'create_note', status: 'failed', at, endedAt: '2026-01-01T00:00:03Z' },
      { nodeId: 'c', kind: 'action', action: 'add_tag', status: 'succeeded', at, endedAt: '2026-01-01T00:00:01Z' },
      { nodeId: 'd', kind: 'action', action: 'create_alert', status: 'succeeded', at, endedAt: '2026-01-01T00:00:02Z' },
      { nodeId: 'r', kind: 'action', action: 'rollback', status: 'succeeded', at, endedAt: '2026-01-01T00:00:04Z' },
    ];
    expect(completedActionSteps(steps as never, 'x').map((s) => s.step.nodeId)).toEqual(['d', 'a', 'c']);
  });
});
