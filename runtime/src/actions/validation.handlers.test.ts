import { Types } from 'mongoose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Workflow } from '../core/types.ts';
import { getModels, type Models } from '../db/models/index.ts';
import { createTenantFixture, publishFixture, startEngine, until } from '../engine/engine-kit.ts';
import { type TestDatabase, useTestDatabase } from '../testing/test-database.ts';
import { handlerContext } from './action-test-kit.ts';
import { createActionHandlers } from './index.ts';

let db: TestDatabase;
let models: Models;
let app: Awaited<ReturnType<typeof startEngine>>;
const handlers = createActionHandlers();
const lawyer = new Types.ObjectId().toHexString();

beforeAll(async () => {
  db = await useTestDatabase(import.meta.url);
  models = getModels(db.connection);
  app = await startEngine(db.connection, { handlers });
}, 60_000);
afterAll(async () => {
  await app.stop();
});

async function caseOf(tenantId: string, assigneeId?: string) {
  const client = await models.Client.create({ tenantId, firstName: 'Yacine', lastName: 'Saidi' });
  const ws = await models.Workspace.create({
    tenantId,
    clientId: client._id,
    title: 'Refus de titre — Y. Saidi',
    procedureType: 'REFUS_TITRE',
    ...(assigneeId ? { assigneeId } : {}),
  });
  return String(ws._id);
}

/** start(dossier:created) → ask (request_validation) ─approved→ note / ─rejected→ refused / ─timeout→ late */
function humanTask(name: string, ask: Record<string, unknown>): Workflow {
  const note = (id: string, text: string) => ({
    id,
    kind: 'action',
    action: 'create_note',
    params: { workspaceId: '{{payload.workspaceId}}', text },
  });
  return {
    schemaVersion: 1,
    name,
    nodes: [
      { id: 'start', kind: 'trigger', event: 'dossier:created' },
      { id: 'ask', kind: 'action', action: 'request_validation', params: ask },
      note('note', 'Recours validé'),
      note('refused', 'Recours refusé'),
      note('late', 'Pas de réponse à temps'),
    ],
    edges: [
      { id: 'a', source: 'start', target: 'ask' },
      { id: 'b', source: 'ask', target: 'note', port: 'approved' },
      { id: 'c', source: 'ask', target: 'refused', port: 'rejected' },
      { id: 'd', source: 'ask', target: 'late', port: 'timeout' },
    ],
  } as unknown as Workflow;
}

async function start(tenantId: string, workflow: Workflow, workspaceId: string, dossierId: string) {
  const workflowId = await publishFixture(db.connection, tenantId, workflow);
  const { runs, eventId } = await app.events.accept(tenantId, {
    type: 'dossier:created',
    payload: { dossierId, workspaceId, status: 'open' },
  });
  const runId = runs.find((r) => r.workflowId === workflowId)?.runId as string;
  await models.Workflow.updateOne({ _id: workflowId }, { $set: { enabled: false } });
  return { runId, eventId, workflowId };
}

const pendingOf = async (runId: string) => {
  await until(async () => (await models.ValidationRequest.countDocuments({ runId })) === 1, 10_000, 'gate');
  return (await models.ValidationRequest.findOne({ runId }).lean()) as NonNullable<
    Awaited<ReturnType<typeof models.ValidationRequest.findOne>>
  >;
};

const ended = async (runId: string) => {
  await until(
    async () => ['succeeded', 'failed'].includes((await models.Run.findById(runId).lean())?.status ?? ''),
    15_000,
    'run end',
  );
  return models.Run.findById(runId).lean();
};

const ports = (run: { state: { steps: { nodeId: string; port?: string; status: string }[] } } | null) =>
  run?.state.steps.map((s) => `${s.nodeId}:${s.port ?? s.status}`);

describe('request_validation through the engine', () => {
  it('opens a task for the lawyer (assignee, due date, instructions, case), announces it, and reports the decision', async () => {
    const tenantId = await createTenantFixture(db.connection);
    const workspaceId = await caseOf(tenantId);
    const before = Date.now();
    const { runId, eventId } = await start(
      tenantId,
      humanTask('Validation du recours', {
        title: 'Valider le recours gracieux — {{payload.dossierId}}',
        instructions: 'Vérifier le fondement invoqué.',
        assigneeId: lawyer,
        dueIn: 'P1D',
        workspaceId: '{{payload.workspaceId}}',
        payload: { destinataire: 'Préfecture du Rhône' },
      }),
      workspaceId,
      'rg-1',
    );
    const request = await pendingOf(runId);
    expect(request).toMatchObject({
      action: 'request_validation',
      autonomy: 'ORANGE',
      status: 'PENDING',
      instructions: 'Vérifier le fondement invoqué.',
      preparedParams: { title: 'Valider le recours gracieux — rg-1' },
    });
    expect(String(request.assigneeId)).toBe(lawyer);
    expect(String(request.workspaceId)).toBe(workspaceId);
    const due = (request.dueAt as Date).getTime() - before;
    expect(due).toBeGreaterThan(23 * 3_600_000);
    expect(due).toBeLessThan(25 * 3_600_000 + 60_000);

    await until(
      async () => (await models.Event.countDocuments({ tenantId, type: 'ai:validation_required' })) === 1,
      5_000,
      'announcement',
    );
    const announced = await models.Event.findOne({ tenantId, type: 'ai:validation_required' }).lean();
    expect(announced?.payload).toMatchObject({
      validationId: request.key,
      runId,
      action: 'request_validation',
      summary: 'Valider le recours gracieux — rg-1',
      assignedTo: lawyer,
      workspaceId,
    });
    expect(announced?.causation).toEqual([eventId]);

    expect(
      await app.engine.decide(tenantId, request.key, {
        decision: 'APPROVED',
        userId: lawyer,
        comment: 'Bon pour envoi',
      }),
    ).toBe('ok');
    const run = await ended(runId);
    expect(run?.error).toBeUndefined();
    expect(ports(run)).toEqual(['start:next', 'ask:approved', 'note:success']);
    expect(run?.state.nodes.ask.output).toMatchObject({
      validationId: request.key,
      status: 'APPROVED',
      decidedBy: lawyer,
      comment: 'Bon pour envoi',
      decidedAt: expect.any(String),
    });
    const timeline = await models.TimelineEvent.find({ tenantId, workspaceId, kind: 'validation' }).lean();
    expect(timeline.map((t) => t.title)).toEqual(['Validation approuvée : Valider le recours gracieux — rg-1']);
  });

  it('the case manager is the assignee when none is named; a rejection follows the rejected port', async () => {
    const tenantId = await createTenantFixture(db.connection);
    const workspaceId = await caseOf(tenantId, lawyer);
    const { runId } = await start(
      tenantId,
      humanTask('Validation rejetée', { title: 'Valider', workspaceId: '{{payload.workspaceId}}' }),
      workspaceId,
      'rg-2',
    );
    const request = await pendingOf(runId);
    expect(String(request.assigneeId)).toBe(lawyer);
    expect(request.dueAt).toBeUndefined();
    await app.engine.decide(tenantId, request.key, { decision: 'REJECTED', userId: lawyer, comment: 'Hors délai' });
    expect(ports(await ended(runId))).toEqual(['start:next', 'ask:rejected', 'refused:success']);
  });

  it('past its due date the task follows the timeout port (an Agenda wake) and the request expires', async () => {
    const tenantId = await createTenantFixture(db.connection);
    const workspaceId = await caseOf(tenantId);
    const dueAt = new Date(Date.now() + 1_500).toISOString();
    const { runId } = await start(
      tenantId,
      humanTask('Validation expirée', { title: 'Valider vite', dueAt }),
      workspaceId,
      'rg-3',
    );
    const request = await pendingOf(runId);
    expect((request.dueAt as Date).toISOString()).toBe(dueAt);
    const run = await ended(runId);
    expect(ports(run)).toEqual(['start:next', 'ask:timeout', 'late:success']);
    await until(
      async () => (await models.ValidationRequest.findById(request._id).lean())?.status === 'EXPIRED',
      5_000,
      'expired',
    );
  });
});

/** A run parked at a gated note, and a workflow that auto-approves every request announced. */
async function autoApproval(policy: Record<string, unknown>, autonomy: 'ORANGE' | 'RED', confidence = 0.97) {
  const tenantId = await createTenantFixture(db.connection, { autonomy: { orangeAutoApprove: policy } });
  const workspaceId = await caseOf(tenantId);
  const approver = await publishFixture(db.connection, tenantId, {
    schemaVersion: 1,
    name: 'Approbation automatique',
    nodes: [
      { id: 'start', kind: 'trigger', event: 'ai:validation_required' },
      {
        id: 'auto',
        kind: 'action',
        action: 'auto_approve',
        params: {
          validationId: '{{payload.validationId}}',
          confidence,
          reason: 'Note de suivi standard ({{payload.action}})',
        },
      },
    ],
    edges: [{ id: 'a', source: 'start', target: 'auto' }],
  } as unknown as Workflow);
  const { runId } = await start(
    tenantId,
    {
      schemaVersion: 1,
      name: `Note ${autonomy}`,
      nodes: [
        { id: 'start', kind: 'trigger', event: 'dossier:created' },
        {
          id: 'gated',
          kind: 'action',
          action: 'create_note',
          autonomy,
          params: { workspaceId: '{{payload.workspaceId}}', text: 'Suivi' },
        },
      ],
      edges: [{ id: 'a', source: 'start', target: 'gated' }],
    } as unknown as Workflow,
    workspaceId,
    `auto-${autonomy}`,
  );
  const request = await pendingOf(runId);
  await until(
    async () => (await models.Run.countDocuments({ tenantId, workflowId: approver })) === 1,
    10_000,
    'approver',
  );
  const approverRun = await models.Run.findOne({ tenantId, workflowId: approver }).lean();
  const approved = await ended(String(approverRun?._id));
  return { tenantId, runId, request, approved };
}

describe('auto_approve', () => {
  it('approves an ORANGE request where the firm allows it and the confidence reaches the threshold', async () => {
    const { tenantId, runId, request, approved } = await autoApproval({ enabled: true, minConfidence: 0.9 }, 'ORANGE');
    expect(approved?.state.nodes.auto.output).toEqual({
      validationId: request.key,
      status: 'AUTO_APPROVED',
      reason: 'Note de suivi standard (create_note)',
    });
    const run = await ended(runId);
    expect(ports(run)).toEqual(['start:next', 'gated:approved']);
    expect(run?.state.steps[1]?.validation).toMatchObject({
      status: 'AUTO_APPROVED',
      decidedBy: String(approved?._id),
    });
    const stored = await models.ValidationRequest.findById(request._id).lean();
    expect(stored).toMatchObject({ status: 'AUTO_APPROVED', comment: expect.stringContaining('0.97 ≥ 0.9') });
    await until(
      async () => (await models.Event.countDocuments({ tenantId, type: 'validation:approved' })) === 1,
      5_000,
      'approved event',
    );
    expect((await models.Event.findOne({ tenantId, type: 'validation:approved' }).lean())?.payload).toMatchObject({
      status: 'AUTO_APPROVED',
    });
    const timeline = await models.TimelineEvent.find({
      tenantId,
      workspaceId: request.workspaceId,
      kind: 'validation',
    });
    expect(timeline.map((t) => t.title)).toEqual(['Validation approuvée automatiquement (create_note)']);
  });

  it('never approves a RED request, whatever the policy and the confidence: it stays PENDING for a person', async () => {
    const { runId, request, approved } = await autoApproval({ enabled: true, minConfidence: 0.5 }, 'RED', 1);
    expect(approved?.state.nodes.auto.output).toMatchObject({
      status: 'PENDING',
      reason: expect.stringContaining('ROUGE'),
    });
    expect((await models.ValidationRequest.findById(request._id).lean())?.status).toBe('PENDING');
    expect((await models.Run.findById(runId).lean())?.status).toBe('awaiting_validation');
    // A person can still decide.
    expect(
      await app.engine.decide(String(request.tenantId), request.key, { decision: 'APPROVED', userId: lawyer }),
    ).toBe('ok');
    expect((await ended(runId))?.status).toBe('succeeded');
  });

  it('leaves the request PENDING when the firm does not allow it, or below its threshold', async () => {
    const off = await autoApproval({ enabled: false }, 'ORANGE');
    expect(off.approved?.state.nodes.auto.output).toMatchObject({
      status: 'PENDING',
      reason: expect.stringContaining("n'autorise pas"),
    });
    const low = await autoApproval({ enabled: true, minConfidence: 0.99 }, 'ORANGE', 0.97);
    expect(low.approved?.state.nodes.auto.output).toMatchObject({
      status: 'PENDING',
      reason: expect.stringContaining('0.99'),
    });
    for (const { request } of [off, low]) {
      expect((await models.ValidationRequest.findById(request._id).lean())?.status).toBe('PENDING');
    }
  });

  it('run twice with one key, decides once and reports its first result', async () => {
    const { tenantId, runId, request, approved } = await autoApproval({ enabled: true, minConfidence: 0.99 }, 'ORANGE');
    expect(approved?.state.nodes.auto.output).toMatchObject({ status: 'PENDING' });
    // What the engine hands a handler: a decision in the name of the firm's policy.
    const decide = (key: string, d: { comment: string }) =>
      app.engine.decide(tenantId, key, { decision: 'AUTO_APPROVED', userId: runId, comment: d.comment });
    const params = { validationId: String(request._id), confidence: 0.995, reason: 'Relance standard' };
    const first = await handlers.auto_approve?.perform(params, handlerContext(db, tenantId, 'aa-twice', { decide }));
    const second = await handlers.auto_approve?.perform(params, handlerContext(db, tenantId, 'aa-twice', { decide }));
    expect(first).toEqual({ validationId: String(request._id), status: 'AUTO_APPROVED', reason: 'Relance standard' });
    expect(second).toEqual(first);
    expect((await ended(runId))?.status).toBe('succeeded');
    await until(
      async () => (await models.Event.countDocuments({ tenantId, type: 'validation:approved' })) === 1,
      5_000,
      'one approval',
    );
  });

  it('a run started before the firm allowed it stays with a person', async () => {
    const { tenantId, request } = await autoApproval({ enabled: false }, 'ORANGE');
    await models.Tenant.updateOne(
      { _id: tenantId },
      { $set: { 'config.autonomy.orangeAutoApprove': { enabled: true, minConfidence: 0.9 } } },
    );
    const out = await handlers.auto_approve?.perform(
      { validationId: request.key, confidence: 0.99, reason: 'Relance standard' },
      handlerContext(db, tenantId, 'aa-late'),
    );
    expect(out).toMatchObject({ status: 'PENDING', reason: expect.stringContaining("début de l'exécution") });
    expect((await models.ValidationRequest.findById(request._id).lean())?.status).toBe('PENDING');
  });

  it('refuses a request of another firm, naming /validationId', async () => {
    const { request } = await autoApproval({ enabled: false }, 'ORANGE');
    const other = await createTenantFixture(db.connection, { autonomy: { orangeAutoApprove: { enabled: true } } });
    await expect(
      handlers.auto_approve?.perform(
        { validationId: request.key, confidence: 1, reason: 'x' },
        handlerContext(db, other, 'aa-1'),
      ),
    ).rejects.toMatchObject({ code: 'validation.not-found', message: expect.stringMatching(/^\/validationId /) });
  });
});
