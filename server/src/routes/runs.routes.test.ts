import { recordingHandlers, until } from '@iapm/runtime/engine-kit';
import request from 'supertest';
import { beforeAll, describe, expect, it } from 'vitest';
import { clientCreated, createFirm, noteWorkflow, startTestServer, type TestServer } from '../test-kit.ts';

let server: TestServer;
let firm: Awaited<ReturnType<typeof createFirm>>;
/** Node ids whose first attempt fails (not retryable), to leave a run failed. */
const failFirst = new Set<string>();

beforeAll(async () => {
  server = await startTestServer(import.meta.url, {
    runtime: true,
    handlers: (db) => recordingHandlers(db.connection, { failFirst }),
  });
  firm = await createFirm(server, 'Cabinet Garnier', 'garnier@cabinet-garnier.example');
  await server.models.Tenant.updateOne({ _id: firm.tenantId }, { $set: { plan: 'Enterprise' } });
}, 60_000);

const as = () => ({ cookie: firm.cookie });
const post = (path: string, body: unknown = {}) =>
  request(server.app)
    .post(path)
    .set(as())
    .send(body as object);
const get = (path: string) => request(server.app).get(path).set(as());

/** Creates and publishes a workflow through the API; returns its id. */
async function published(document: object): Promise<string> {
  const wf = await post('/api/workflows', { name: (document as { name: string }).name, document }).expect(201);
  await post(`/api/workflows/${wf.body.id}/publish`).expect(201);
  return wf.body.id;
}

/** Posts `client:created` with the firm's key and returns the runs it started. */
async function fire(clientId: string): Promise<{ runId: string; workflowId: string }[]> {
  const res = await request(server.app)
    .post('/api/v1/events')
    .set('authorization', `Bearer ${firm.apiKey}`)
    .send({ type: 'client:created', payload: clientCreated(clientId) })
    .expect(202);
  return res.body.runs;
}

const statusOf = async (runId: string) => (await server.models.Run.findById(runId).lean())?.status;
const settled = (runId: string, status: string) =>
  until(async () => (await statusOf(runId)) === status, 15_000, `run ${runId} ${status}`);

const gated = (name: string) => ({
  schemaVersion: 1,
  name,
  nodes: [
    { id: 'start', kind: 'trigger', event: 'client:created', filter: { '==': [{ var: 'payload.firstName' }, name] } },
    {
      id: 'courrier',
      kind: 'action',
      action: 'generate_document',
      autonomy: 'RED',
      params: { template: 'accueil', workspaceId: 'ws-1', title: 'Lettre pour {{payload.lastName}}' },
    },
    { id: 'suivi', kind: 'action', action: 'create_note', params: { workspaceId: 'ws-1', text: 'Lettre partie' } },
  ],
  edges: [
    { id: 'e1', source: 'start', target: 'courrier' },
    { id: 'e2', source: 'courrier', target: 'suivi', port: 'approved' },
  ],
});

describe('runs', () => {
  let noteId: string;
  const runIds: string[] = [];

  beforeAll(async () => {
    noteId = await published(noteWorkflow('Notes'));
    for (let i = 0; i < 5; i++) {
      const [run] = await fire(`c-list-${i}`);
      runIds.push((run as { runId: string }).runId);
    }
    for (const id of runIds) await settled(id, 'succeeded');
  }, 60_000);

  it('lists runs newest first, with filters and cursor pagination that neither repeats nor skips', async () => {
    const seen: string[] = [];
    let cursor: string | null = null;
    let pages = 0;
    do {
      const res: request.Response = await get(
        `/api/runs?workflowId=${noteId}&limit=2${cursor ? `&cursor=${cursor}` : ''}`,
      ).expect(200);
      seen.push(...res.body.items.map((r: { id: string }) => r.id));
      cursor = res.body.nextCursor;
      pages += 1;
    } while (cursor && pages < 10);
    expect(pages).toBe(3);
    expect(seen).toEqual([...runIds].reverse());
    const first = (await get(`/api/runs?workflowId=${noteId}&limit=1`).expect(200)).body.items[0];
    expect(first).toMatchObject({
      workflowId: noteId,
      workflowName: 'Notes',
      version: 1,
      status: 'succeeded',
      trigger: { type: 'client:created' },
    });
    expect((await get(`/api/runs?workflowId=${noteId}&status=failed,cancelled`).expect(200)).body.items).toEqual([]);
    const future = new Date(Date.now() + 3600_000).toISOString();
    expect((await get(`/api/runs?workflowId=${noteId}&from=${future}`).expect(200)).body.items).toEqual([]);
    expect((await get(`/api/runs?workflowId=${noteId}&to=${future}`).expect(200)).body.items).toHaveLength(5);
    const bad = await get('/api/runs?status=done&cursor=%%%').expect(400);
    expect(bad.body.issues.map((i: { pointer: string }) => i.pointer).sort()).toEqual(['/cursor', '/status']);
    await get('/api/runs?cursor=bm9wZQ').expect(400);
  });

  it('shows a run with every step’s input and output', async () => {
    const res = await get(`/api/runs/${runIds[0]}`).expect(200);
    expect(res.body.event).toMatchObject({ type: 'client:created', payload: { clientId: 'c-list-0' } });
    expect(res.body.steps.map((s: { nodeId: string; status: string }) => [s.nodeId, s.status])).toEqual([
      ['start', 'succeeded'],
      ['note', 'succeeded'],
    ]);
    expect(res.body.steps[1]).toMatchObject({
      input: { workspaceId: 'ws-1', text: 'Client Diallo' },
      output: { recorded: expect.any(String) },
      validation: { status: 'AUTO_APPROVED' },
    });
    await get('/api/runs/000000000000000000000000').expect(404);
    await get('/api/runs/pas-un-id').expect(404);
  });

  it('finds runs that look stuck', async () => {
    // A run whose worker died while working on it: its lease was never released and has expired.
    await server.db.connection
      .collection<{ _id: string; owner: string; gen: number; expiresAt: Date }>('run_leases')
      .insertOne({ _id: runIds[1] as string, owner: 'dead-worker', gen: 1, expiresAt: new Date(Date.now() - 60_000) });
    const res = await get('/api/runs/stuck').expect(200);
    expect(res.body.items).toEqual([
      expect.objectContaining({ runId: runIds[1], reason: 'worker-lost', workflowId: noteId, workflowName: 'Notes' }),
    ]);
    await server.db.connection.collection<{ _id: string }>('run_leases').deleteOne({ _id: runIds[1] as string });
  });

  it('cancels a waiting run; a finished run cannot be cancelled', async () => {
    const waiting = {
      schemaVersion: 1,
      name: 'Attente',
      nodes: [
        {
          id: 'start',
          kind: 'trigger',
          event: 'client:created',
          filter: { '==': [{ var: 'payload.firstName' }, 'Attente'] },
        },
        { id: 'pause', kind: 'wait', for: 'P2D' },
        { id: 'note', kind: 'action', action: 'create_note', params: { workspaceId: 'ws-1', text: 'après' } },
      ],
      edges: [
        { id: 'e1', source: 'start', target: 'pause' },
        { id: 'e2', source: 'pause', target: 'note' },
      ],
    };
    const id = await published(waiting);
    const res = await request(server.app)
      .post('/api/v1/events')
      .set('authorization', `Bearer ${firm.apiKey}`)
      .send({ type: 'client:created', payload: { ...clientCreated('c-wait'), firstName: 'Attente' } })
      .expect(202);
    const run = res.body.runs.find((r: { workflowId: string }) => r.workflowId === id);
    await settled(run.runId, 'waiting');
    const cancel = await post(`/api/runs/${run.runId}/cancel`).expect(202);
    expect(cancel.body).toMatchObject({ runId: run.runId, requested: 'cancel' });
    await settled(run.runId, 'cancelled');
    expect((await post(`/api/runs/${run.runId}/cancel`).expect(409)).body.code).toBe('run-finished');
    await post(`/api/runs/${runIds[0]}/retry`).expect(409);
  });

  it('retries a failed run from its failed step', async () => {
    const doc = noteWorkflow('Fragile');
    doc.nodes[0] = { ...doc.nodes[0], filter: { '==': [{ var: 'payload.firstName' }, 'Fragile'] } } as never;
    doc.nodes[1] = { ...doc.nodes[1], id: 'fragile' } as never;
    doc.edges[0] = { ...doc.edges[0], target: 'fragile' } as never;
    const id = await published(doc);
    failFirst.add('fragile');
    const res = await request(server.app)
      .post('/api/v1/events')
      .set('authorization', `Bearer ${firm.apiKey}`)
      .send({ type: 'client:created', payload: { ...clientCreated('c-fail'), firstName: 'Fragile' } })
      .expect(202);
    const run = res.body.runs.find((r: { workflowId: string }) => r.workflowId === id);
    await settled(run.runId, 'failed');
    const failed = await get(`/api/runs/${run.runId}`).expect(200);
    expect(failed.body.error).toMatchObject({ code: 'test.failure' });
    await post(`/api/runs/${run.runId}/retry`).expect(202);
    await settled(run.runId, 'succeeded');
    const after = await get(`/api/runs/${run.runId}`).expect(200);
    expect(after.body.steps.filter((s: { nodeId: string }) => s.nodeId === 'fragile').at(-1)).toMatchObject({
      status: 'succeeded',
    });
  });
});

describe('validation inbox and decisions', () => {
  it('lists pending requests first, most urgent first', async () => {
    const ordinary = await gatedRun('Ordinaire', 'c-o');
    const urgent = await gatedRun('Urgent', 'c-u');
    await settled(ordinary.runId, 'awaiting_validation');
    await settled(urgent.runId, 'awaiting_validation');
    // The urgent one is made more urgent (as a critical deadline would), once its request is written (the
    // request is written by an effect, just after the run's status).
    for (const run of [urgent, ordinary])
      await until(async () => (await server.models.ValidationRequest.countDocuments({ runId: run.runId })) === 1);
    await server.models.ValidationRequest.updateOne({ runId: urgent.runId }, { $set: { urgencyRank: 0 } });
    const res = await get('/api/validations').expect(200);
    const ids = res.body.items.map((v: { runId: string }) => v.runId);
    expect(ids.indexOf(urgent.runId)).toBeLessThan(ids.indexOf(ordinary.runId));
    expect(res.body.items[0].runId).toBe(urgent.runId);
    expect(res.body.items[0]).toMatchObject({
      status: 'PENDING',
      action: 'generate_document',
      actionLabel: { fr: expect.any(String), en: expect.any(String) },
      autonomy: 'RED',
      urgencyRank: 0,
      preparedParams: { title: 'Lettre pour Diallo' },
    });
    expect(res.body.pendingCount).toBeGreaterThanOrEqual(2);
  });

  it('APPROVED continues the run on its approved port', async () => {
    const run = await gatedRun('Approuve', 'c-a');
    await settled(run.runId, 'awaiting_validation');
    const request_ = await pendingOf(run.runId);
    const res = await post(`/api/validations/${request_.id}/decision`, { decision: 'APPROVED', comment: 'OK' }).expect(
      200,
    );
    expect(res.body).toMatchObject({ status: 'APPROVED', comment: 'OK', decidedBy: expect.any(String) });
    await settled(run.runId, 'succeeded');
    const detail = await get(`/api/runs/${run.runId}`).expect(200);
    expect(detail.body.steps.find((s: { nodeId: string }) => s.nodeId === 'courrier').validation).toMatchObject({
      status: 'APPROVED',
    });
    expect(detail.body.validations[0].status).toBe('APPROVED');
    // A second decision is a conflict.
    const again = await post(`/api/validations/${request_.id}/decision`, {
      decision: 'REJECTED',
      comment: 'non',
    }).expect(409);
    expect(again.body).toMatchObject({ code: 'already-decided', currentStatus: 'APPROVED' });
  });

  it('MODIFIED_APPROVED checks the edited params against the action’s schema', async () => {
    const run = await gatedRun('Modifie', 'c-m');
    await settled(run.runId, 'awaiting_validation');
    const v = await pendingOf(run.runId);
    const missing = await post(`/api/validations/${v.id}/decision`, { decision: 'MODIFIED_APPROVED' }).expect(400);
    expect(missing.body.issues[0].pointer).toBe('/params');
    const bad = await post(`/api/validations/${v.id}/decision`, {
      decision: 'MODIFIED_APPROVED',
      params: { template: 'accueil', format: 'exe' },
    }).expect(400);
    expect(bad.body.issues.map((i: { pointer: string }) => i.pointer)).toEqual(
      expect.arrayContaining(['/params/workspaceId', '/params/format']),
    );
    expect(bad.body.issues[0].message.fr).toBeTruthy();
    expect((await pendingOf(run.runId)).status).toBe('PENDING');
    const edited = { template: 'accueil', workspaceId: 'ws-1', title: 'Lettre corrigée' };
    const ok = await post(`/api/validations/${v.id}/decision`, {
      decision: 'MODIFIED_APPROVED',
      params: edited,
    }).expect(200);
    expect(ok.body).toMatchObject({ status: 'MODIFIED_APPROVED', finalParams: edited });
    await settled(run.runId, 'succeeded');
    const side = await server.db.connection
      .collection('side_effects')
      .findOne({ runId: run.runId, nodeId: 'courrier' });
    expect(side?.params).toMatchObject({ title: 'Lettre corrigée' });
  });

  it('REJECTED needs a comment and follows the rejected port', async () => {
    const run = await gatedRun('Rejete', 'c-r');
    await settled(run.runId, 'awaiting_validation');
    const v = await pendingOf(run.runId);
    const bare = await post(`/api/validations/${v.id}/decision`, { decision: 'REJECTED' }).expect(400);
    expect(bare.body.issues[0]).toMatchObject({ pointer: '/comment', code: 'schema.required' });
    await post(`/api/validations/${v.id}/decision`, { decision: 'REJECTED', comment: 'Pas ce modèle' }).expect(200);
    await until(async () => !['awaiting_validation', 'running'].includes(String(await statusOf(run.runId))), 15_000);
    const side = await server.db.connection
      .collection('side_effects')
      .findOne({ runId: run.runId, nodeId: 'courrier' });
    expect(side).toBeNull();
  });

  it('takes decisions from a person only: an API key may read the inbox, not decide', async () => {
    const run = await gatedRun('Cle', 'c-k');
    await settled(run.runId, 'awaiting_validation');
    const v = await pendingOf(run.runId);
    const key = { authorization: `Bearer ${firm.apiKey}` };
    await request(server.app).get('/api/validations').set(key).expect(200);
    await request(server.app)
      .post(`/api/validations/${v.id}/decision`)
      .set(key)
      .send({ decision: 'APPROVED' })
      .expect(403);
    expect((await pendingOf(run.runId)).status).toBe('PENDING');
  });
});

describe('cron triggers', () => {
  it('schedules the cron of a published workflow, and removes it when disabled', async () => {
    const doc = {
      schemaVersion: 1,
      name: 'Chaque matin',
      nodes: [
        { id: 'start', kind: 'trigger', cron: { expression: '0 8 * * 1-5' } },
        { id: 'log', kind: 'action', action: 'log_event', params: { message: 'bonjour' } },
      ],
      edges: [{ id: 'e1', source: 'start', target: 'log' }],
    };
    const id = await published(doc);
    const jobs = () =>
      server.db.connection.collection('agenda_jobs').countDocuments({ name: 'workflow-cron', 'data.workflowId': id });
    expect(await jobs()).toBe(1);
    await post(`/api/workflows/${id}/disable`).expect(200);
    expect(await jobs()).toBe(0);
    await post(`/api/workflows/${id}/enable`).expect(200);
    expect(await jobs()).toBe(1);
    await post(`/api/workflows/${id}/archive`).expect(200);
    expect(await jobs()).toBe(0);
  });
});

/** Publishes a gated workflow for `firstName` and fires its event; returns that workflow's run. */
async function gatedRun(firstName: string, clientId: string): Promise<{ runId: string; workflowId: string }> {
  const workflowId = await published(gated(firstName));
  const res = await request(server.app)
    .post('/api/v1/events')
    .set('authorization', `Bearer ${firm.apiKey}`)
    .send({ type: 'client:created', payload: { ...clientCreated(clientId), firstName } })
    .expect(202);
  const run = (res.body.runs as { runId: string; workflowId: string }[]).find((r) => r.workflowId === workflowId);
  if (!run) throw new Error(`no run of ${firstName}`);
  return run;
}

async function pendingOf(runId: string): Promise<{ id: string; status: string }> {
  let found: { id: string; status: string } | undefined;
  await until(async () => {
    const all = (await get('/api/validations?status=all&limit=500').expect(200)).body.items;
    found = all.find((v: { runId: string }) => v.runId === runId);
    return Boolean(found);
  }, 10_000);
  return found as { id: string; status: string };
}

describe('validation inbox: the case in context', () => {
  it('names the case and its client for requests about a case of the firm, nothing of another firm', async () => {
    const client = await server.models.Client.create({
      tenantId: firm.tenantId,
      firstName: 'Karim',
      lastName: 'Benali',
    });
    const workspace = await server.models.Workspace.create({
      tenantId: firm.tenantId,
      clientId: client._id,
      title: 'OQTF — K. Benali',
      reference: 'GAR-2026-014',
      procedureType: 'OQTF',
    });
    const other = await createFirm(server, 'Cabinet Voisin', 'voisin@cabinet-voisin.example');
    const theirClient = await server.models.Client.create({
      tenantId: other.tenantId,
      firstName: 'Léa',
      lastName: 'Autre',
    });
    const theirs = await server.models.Workspace.create({
      tenantId: other.tenantId,
      clientId: theirClient._id,
      title: 'Dossier d’un autre cabinet',
      procedureType: 'ASILE',
    });
    const ours = await gatedRun('Contexte', 'c-ctx');
    const foreign = await gatedRun('Etranger', 'c-etr');
    for (const run of [ours, foreign]) {
      await settled(run.runId, 'awaiting_validation');
      await until(async () => (await server.models.ValidationRequest.countDocuments({ runId: run.runId })) === 1);
    }
    await server.models.ValidationRequest.updateOne({ runId: ours.runId }, { $set: { workspaceId: workspace._id } });
    await server.models.ValidationRequest.updateOne({ runId: foreign.runId }, { $set: { workspaceId: theirs._id } });

    const items = (await get('/api/validations').expect(200)).body.items as {
      runId: string;
      id: string;
      case: unknown;
    }[];
    const mine = items.find((v) => v.runId === ours.runId);
    expect(mine?.case).toEqual({
      title: 'OQTF — K. Benali',
      reference: 'GAR-2026-014',
      procedureType: 'OQTF',
      clientName: 'Karim Benali',
    });
    expect(items.find((v) => v.runId === foreign.runId)?.case).toBeNull();
    expect((await get(`/api/validations/${mine?.id}`).expect(200)).body.case).toMatchObject({
      clientName: 'Karim Benali',
    });
  });
});
