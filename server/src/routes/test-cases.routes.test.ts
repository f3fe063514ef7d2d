import request from 'supertest';
import { beforeAll, describe, expect, it } from 'vitest';
import { compareToExpectation } from '../services/test-case.service.ts';
import { clientCreated, createFirm, startTestServer, type TestServer } from '../test-kit.ts';

let server: TestServer;
let firm: Awaited<ReturnType<typeof createFirm>>;

beforeAll(async () => {
  server = await startTestServer(import.meta.url);
  firm = await createFirm(server, 'Cabinet Roussel', 'roussel@cabinet-roussel.example');
}, 60_000);

const as = () => ({ cookie: firm.cookie });
const send = (method: 'post' | 'put' | 'delete', path: string, body?: unknown) =>
  request(server.app)
    [method](path)
    .set(as())
    .send(body as object);
const get = (path: string) => request(server.app).get(path).set(as());

/*
 *   start (client:created) ──► courrier (RED) ──Approuvé──► note
 *                                            └─Rejeté───► relance
 */
const gated = {
  schemaVersion: 1,
  name: 'Courrier au client',
  nodes: [
    { id: 'start', kind: 'trigger', event: 'client:created' },
    {
      id: 'courrier',
      kind: 'action',
      action: 'generate_document',
      autonomy: 'RED',
      params: { template: 'recours-oqtf', workspaceId: 'ws-1' },
    },
    { id: 'note', kind: 'action', action: 'create_note', params: { workspaceId: 'ws-1', text: 'Envoyé' } },
    { id: 'relance', kind: 'action', action: 'create_note', params: { workspaceId: 'ws-1', text: 'À reprendre' } },
  ],
  edges: [
    { id: 'e1', source: 'start', target: 'courrier' },
    { id: 'e2', source: 'courrier', port: 'approved', target: 'note' },
    { id: 'e3', source: 'courrier', port: 'rejected', target: 'relance' },
  ],
};

const event = { type: 'client:created', payload: clientCreated('c-case') };

async function newWorkflow(name: string) {
  const res = await send('post', '/api/workflows', { name, document: { ...gated, name } }).expect(201);
  return res.body.id as string;
}

describe('saved test cases', () => {
  it('saves, lists, replaces and deletes the cases of a workflow', async () => {
    const id = await newWorkflow('Cas CRUD');
    const created = await send('post', `/api/workflows/${id}/test-cases`, {
      name: 'Approuvé : note envoyée',
      event,
      at: '2026-11-20T09:00:00+01:00',
      decisions: { courrier: 'APPROVED' },
      expect: { status: 'succeeded', steps: ['courrier:approved', 'note'] },
    }).expect(201);
    expect(created.body).toMatchObject({
      id: expect.stringMatching(/^[0-9a-f]{24}$/),
      workflowId: id,
      name: 'Approuvé : note envoyée',
      decisions: { courrier: 'APPROVED' },
      expect: { status: 'succeeded', steps: ['courrier:approved', 'note'] },
    });
    const stored = await server.models.TestCase.findById(created.body.id).lean();
    expect(String(stored?.tenantId)).toBe(firm.tenantId);

    await send('post', `/api/workflows/${id}/test-cases`, {
      name: 'Sans réponse',
      event,
      expect: { status: 'awaiting_validation' },
    }).expect(201);
    const list = await get(`/api/workflows/${id}/test-cases`).expect(200);
    expect(list.body.items.map((c: { name: string }) => c.name)).toEqual(['Approuvé : note envoyée', 'Sans réponse']);

    // Replacing drops what the new body leaves out.
    const replaced = await send('put', `/api/workflows/${id}/test-cases/${created.body.id}`, {
      name: 'Rejeté : relance',
      event,
      expect: { status: 'succeeded' },
      defaultDecision: 'REJECTED',
    }).expect(200);
    expect(replaced.body).toMatchObject({ name: 'Rejeté : relance', defaultDecision: 'REJECTED' });
    expect(replaced.body.decisions).toBeUndefined();
    expect(replaced.body.at).toBeUndefined();

    await send('delete', `/api/workflows/${id}/test-cases/${created.body.id}`).expect(204);
    await send('delete', `/api/workflows/${id}/test-cases/${created.body.id}`).expect(404);
    expect((await get(`/api/workflows/${id}/test-cases`).expect(200)).body.items).toHaveLength(1);
    // A case is reached through its own workflow only.
    const other = await newWorkflow('Autre workflow');
    const remaining = (await get(`/api/workflows/${id}/test-cases`)).body.items[0].id;
    await send('delete', `/api/workflows/${other}/test-cases/${remaining}`).expect(404);
    await send('put', `/api/workflows/${other}/test-cases/${remaining}`, {
      name: 'x',
      event,
      expect: { status: 'succeeded' },
    }).expect(404);
  });

  it('refuses a bad case with pointers: unknown event, payload off its schema, bad step, missing expectation', async () => {
    const id = await newWorkflow('Cas invalides');
    const path = `/api/workflows/${id}/test-cases`;
    const noExpect = await send('post', path, { name: 'x', event }).expect(400);
    expect(noExpect.headers['content-type']).toMatch(/problem\+json/);
    expect(noExpect.body.issues.map((i: { pointer: string }) => i.pointer)).toContain('/expect');
    const badStep = await send('post', path, {
      name: 'x',
      event,
      expect: { status: 'succeeded', steps: ['a.b'] },
    }).expect(400);
    expect(badStep.body.issues[0].pointer).toBe('/expect/steps/0');
    expect(badStep.body.issues[0].message).toEqual({ fr: expect.any(String), en: expect.any(String) });
    const payload = await send('post', path, {
      name: 'x',
      event: { type: 'client:created', payload: { clientId: 'c' } },
      expect: { status: 'succeeded' },
    }).expect(400);
    expect(payload.body.issues.map((i: { pointer: string }) => i.pointer)).toContain('/event/payload/status');
    const unknown = await send('post', path, {
      name: 'x',
      event: { type: 'nope:nope', payload: {} },
      expect: { status: 'succeeded' },
    }).expect(400);
    expect(unknown.body.issues[0]).toMatchObject({ pointer: '/event/type', code: 'catalog.unknown-event' });
    expect((await get(path).expect(200)).body.items).toEqual([]);
    await send('post', '/api/workflows/0123456789abcdef01234567/test-cases', {
      name: 'x',
      event,
      expect: { status: 'succeeded' },
    }).expect(404);
  });

  it('runs every case in the sandbox: pass or fail with the reason, the actual status and the trace', async () => {
    const id = await newWorkflow('Cas rejoués');
    const path = `/api/workflows/${id}/test-cases`;
    const ok = await send('post', path, {
      name: 'Approuvé',
      event,
      decisions: { courrier: 'APPROVED' },
      expect: { status: 'succeeded', steps: ['courrier:approved', 'note'] },
    }).expect(201);
    const wrongPath = await send('post', path, {
      name: 'Rejeté mais note attendue',
      event,
      decisions: { courrier: { decision: 'REJECTED', comment: 'À reprendre' } },
      expect: { status: 'succeeded', steps: ['note'] },
    }).expect(201);
    const wrongStatus = await send('post', path, {
      name: 'Attend une validation',
      event,
      expect: { status: 'succeeded' },
    }).expect(201);
    const runsBefore = await server.models.Run.countDocuments();

    const res = await send('post', `${path}/run`, {}).expect(200);
    expect(res.body).toMatchObject({ source: 'draft', passed: 1, failed: 2 });
    const byName = Object.fromEntries(res.body.results.map((r: { name: string }) => [r.name, r]));
    expect(byName.Approuvé).toMatchObject({
      caseId: ok.body.id,
      passed: true,
      reasons: [],
      actual: { status: 'succeeded', steps: ['start:next', 'courrier:approved', 'note:success'] },
    });
    expect(byName.Approuvé.trace.steps.map((s: { nodeId: string }) => s.nodeId)).toEqual(['start', 'courrier', 'note']);
    expect(byName['Rejeté mais note attendue']).toMatchObject({
      caseId: wrongPath.body.id,
      passed: false,
      actual: { status: 'succeeded', steps: ['start:next', 'courrier:rejected', 'relance:success'] },
    });
    expect(byName['Rejeté mais note attendue'].reasons[0].fr).toContain('« note » n’a pas été parcourue');
    expect(byName['Attend une validation']).toMatchObject({
      caseId: wrongStatus.body.id,
      passed: false,
      actual: { status: 'awaiting_validation' },
    });
    expect(byName['Attend une validation'].reasons[0].en).toBe(
      'Expected end status: succeeded; got: awaiting validation.',
    );
    // Nothing was written.
    expect(await server.models.Run.countDocuments()).toBe(runsBefore);

    // Some cases only; a case of another workflow is a 404.
    const some = await send('post', `${path}/run`, { caseIds: [ok.body.id] }).expect(200);
    expect(some.body.results.map((r: { name: string }) => r.name)).toEqual(['Approuvé']);
    const other = await newWorkflow('Autre');
    await send('post', `/api/workflows/${other}/test-cases/run`, { caseIds: [ok.body.id] }).expect(404);
  });

  it('runs against a published version, and a case that no longer fits the draft fails with its issues', async () => {
    const id = await newWorkflow('Cas et versions');
    const path = `/api/workflows/${id}/test-cases`;
    await send('post', path, {
      name: 'Approuvé',
      event,
      decisions: { courrier: 'APPROVED' },
      expect: { status: 'succeeded', steps: ['note'] },
    }).expect(201);
    await send('post', `/api/workflows/${id}/publish`).expect(201);
    // The draft now waits for another event: the case no longer fits it, but still fits version 1.
    const wf = (await get(`/api/workflows/${id}`).expect(200)).body;
    const draft = {
      ...wf.draft,
      nodes: wf.draft.nodes.map((n: { id: string }) => (n.id === 'start' ? { ...n, event: 'document:uploaded' } : n)),
    };
    await send('put', `/api/workflows/${id}/draft`, { revision: wf.revision, document: draft }).expect(200);
    const onDraft = await send('post', `${path}/run`, {}).expect(200);
    expect(onDraft.body).toMatchObject({ passed: 0, failed: 1 });
    expect(onDraft.body.results[0].issues[0]).toMatchObject({ pointer: '/event/type', code: 'api.trigger-mismatch' });
    const onVersion = await send('post', `${path}/run`, { source: 1 }).expect(200);
    expect(onVersion.body).toMatchObject({ source: 1, passed: 1, failed: 0 });
    await send('post', `${path}/run`, { source: 7 }).expect(404);
    await send('post', `${path}/run`, { source: 'v1' }).expect(400);
  });

  it('records saves and deletions in the audit log, not the sandbox runs', async () => {
    const id = await newWorkflow('Cas audités');
    const created = await send('post', `/api/workflows/${id}/test-cases`, {
      name: 'Audité',
      event,
      expect: { status: 'awaiting_validation' },
    }).expect(201);
    await send('post', `/api/workflows/${id}/test-cases/run`, {}).expect(200);
    await send('put', `/api/workflows/${id}/test-cases/${created.body.id}`, {
      name: 'Audité 2',
      event,
      expect: { status: 'awaiting_validation' },
    }).expect(200);
    await send('delete', `/api/workflows/${id}/test-cases/${created.body.id}`).expect(204);
    const entries = await server.models.AuditEntry.find({ tenantId: firm.tenantId, subjectId: id })
      .sort({ sequence: 1 })
      .lean();
    const actions = entries.map((e) => (e as { action: string }).action);
    expect(actions).toEqual(
      expect.arrayContaining(['workflow.test-cases', 'workflow.test-cases.replace', 'workflow.test-cases.delete']),
    );
    expect(actions.some((a) => a.includes('run'))).toBe(false);
  });
});

describe('compareToExpectation', () => {
  const step = (nodeId: string, port?: string, status = 'succeeded') =>
    ({ nodeId, status, ...(port ? { port } : {}) }) as never;
  it('accepts steps in order with others between, a bare node id matching any port', () => {
    const trace = { status: 'succeeded' as const, steps: [step('a'), step('b', 'true'), step('c'), step('d')] };
    expect(compareToExpectation({ status: 'succeeded', steps: ['a', 'b', 'd'] }, trace)).toEqual([]);
    expect(compareToExpectation({ status: 'succeeded', steps: ['b:true', 'c'] }, trace)).toEqual([]);
  });
  it('names a wrong port, a wrong order, a skipped step and a wrong status', () => {
    const trace = {
      status: 'failed' as const,
      steps: [step('a'), step('b', 'false'), step('c', undefined, 'skipped')],
    };
    const reasons = compareToExpectation({ status: 'succeeded', steps: ['b:true'] }, trace);
    expect(reasons.map((r) => r.en)).toEqual([
      'Expected end status: succeeded; got: failed.',
      'Step "b:true" was not visited.',
    ]);
    expect(compareToExpectation({ status: 'failed', steps: ['b', 'a'] }, trace)[0]?.en).toBe(
      'Step "a" was visited, but not in the expected order.',
    );
    expect(compareToExpectation({ status: 'failed', steps: ['c'] }, trace)[0]?.en).toBe(
      'Step "c" was visited, but not in the expected order.',
    );
  });
});
