import { putDocument } from '@iapm/runtime';
import { until } from '@iapm/runtime/engine-kit';
import type { Express } from 'express';
import request from 'supertest';
import { beforeAll, describe, expect, it } from 'vitest';
import { clientCreated, createFirm, noteWorkflow, signIn, startTestServer, type TestServer } from './test-kit.ts';

/**
 * The isolation matrix: every route of the API, called by firm B's session and firm B's API key with firm
 * A's resource ids, answers 404 or 403 and never firm A's data; firm A's CLIENT gets 403 everywhere but
 * their own session; a revoked key is refused at once; nothing answers without credentials. A last test
 * checks that the matrix lists every route the app serves, so that a new route cannot skip it.
 */

type Method = 'get' | 'post' | 'put' | 'patch' | 'delete';
interface Route {
  method: Method;
  path: string;
  body?: unknown;
  /** resource: names one of A's documents; firm: the caller's own firm (lists, creation); platform: operator only. */
  kind: 'resource' | 'firm' | 'platform';
  /** The served route pattern, when the path names a literal value where the pattern has a parameter. */
  pattern?: string;
  /** What firm A's CLIENT gets (default 403): the case reads show them their own workspace only. */
  client?: number[];
  /** A raw body (an upload) instead of JSON. */
  raw?: { type: string; bytes: Buffer };
}

/** `method /path/:id` as the app declares it. */
const served = (r: Route) => `${r.method} ${r.pattern ?? r.path.split('?')[0]?.replace(/:\w+/g, ':id')}`;

const CASE = '/api/workflows/:id/test-cases/:caseId';
/** A saved test case of the `noteWorkflow` documents (trigger `client:created`). */
const testCase = (name: string) => ({
  name,
  event: { type: 'client:created', payload: clientCreated('c-case') },
  expect: { status: 'succeeded' },
});

const ROUTES: Route[] = [
  { method: 'get', path: '/api/firm', kind: 'firm' },
  { method: 'get', path: '/api/firm/config', kind: 'firm' },
  { method: 'put', path: '/api/firm/config', kind: 'firm', body: { performance: { retryAttempts: 2 } } },
  { method: 'get', path: '/api/users', kind: 'firm' },
  {
    method: 'post',
    path: '/api/users',
    kind: 'firm',
    body: { email: 'b-new@b.example', name: 'B', role: 'ADMIN', password: 'mot de passe long' },
  },
  { method: 'get', path: '/api/users/:user', kind: 'resource' },
  { method: 'patch', path: '/api/users/:user', kind: 'resource', body: { disabled: true } },
  { method: 'post', path: '/api/users/:user/reset-password', kind: 'resource' },
  { method: 'post', path: '/api/users/:user/reset-two-factor', kind: 'resource' },
  { method: 'get', path: '/api/api-keys', kind: 'firm' },
  { method: 'post', path: '/api/api-keys', kind: 'firm', body: { name: 'B key' } },
  { method: 'post', path: '/api/api-keys/:key/revoke', kind: 'resource' },
  { method: 'get', path: '/api/platform/tenants', kind: 'platform' },
  { method: 'post', path: '/api/platform/tenants', kind: 'platform', body: { name: 'X', adminEmail: 'x@x.example' } },
  { method: 'patch', path: '/api/platform/tenants/:tenant', kind: 'platform', body: { status: 'suspended' } },
  { method: 'get', path: '/api/platform/plans', kind: 'platform' },
  {
    method: 'put',
    path: '/api/platform/plans/Basic',
    pattern: '/api/platform/plans/:name',
    kind: 'platform',
    body: { limits: { maxUsers: 1, maxWorkflows: 1, maxApiKeys: 1 } },
  },
  { method: 'get', path: '/api/platform/stats', kind: 'platform' },
  { method: 'get', path: '/api/workflows', kind: 'firm' },
  { method: 'post', path: '/api/workflows', kind: 'firm', body: { name: 'B workflow' } },
  { method: 'post', path: '/api/workflows/import', kind: 'firm', body: noteWorkflow('B import') },
  { method: 'get', path: '/api/workflows/:wf', kind: 'resource' },
  {
    method: 'put',
    path: '/api/workflows/:wf/draft',
    kind: 'resource',
    body: { revision: 1, document: noteWorkflow('pwned') },
  },
  { method: 'post', path: '/api/workflows/:wf/publish', kind: 'resource' },
  { method: 'get', path: '/api/workflows/:wf/versions', kind: 'resource' },
  {
    method: 'get',
    path: '/api/workflows/:wf/versions/1',
    pattern: '/api/workflows/:id/versions/:version',
    kind: 'resource',
  },
  { method: 'get', path: '/api/workflows/:wf/diff?from=1&to=draft', kind: 'resource' },
  { method: 'post', path: '/api/workflows/:wf/rollback', kind: 'resource', body: { version: 1 } },
  { method: 'post', path: '/api/workflows/:wf/duplicate', kind: 'resource' },
  { method: 'post', path: '/api/workflows/:wf/archive', kind: 'resource' },
  { method: 'post', path: '/api/workflows/:wf/restore', kind: 'resource' },
  { method: 'post', path: '/api/workflows/:wf/enable', kind: 'resource' },
  { method: 'post', path: '/api/workflows/:wf/disable', kind: 'resource' },
  { method: 'get', path: '/api/workflows/:wf/export', kind: 'resource' },
  {
    method: 'post',
    path: '/api/workflows/:wf/test-runs',
    kind: 'resource',
    body: { event: { type: 'client:created', payload: clientCreated('c-x') } },
  },
  { method: 'get', path: '/api/workflows/:wf/test-cases', kind: 'resource' },
  { method: 'post', path: '/api/workflows/:wf/test-cases', kind: 'resource', body: testCase('Cas de B') },
  { method: 'post', path: '/api/workflows/:wf/test-cases/run', kind: 'resource' },
  {
    method: 'post',
    path: '/api/workflows/:wf/test-cases/run',
    kind: 'resource',
    body: { caseIds: [':testCase'] },
  },
  {
    method: 'put',
    path: '/api/workflows/:wf/test-cases/:testCase',
    pattern: CASE,
    kind: 'resource',
    body: testCase('pwned'),
  },
  { method: 'delete', path: '/api/workflows/:wf/test-cases/:testCase', pattern: CASE, kind: 'resource' },
  // Firm B's own workflow does not reach firm A's case either.
  {
    method: 'put',
    path: '/api/workflows/:bWf/test-cases/:testCase',
    pattern: CASE,
    kind: 'resource',
    body: testCase('pwned'),
  },
  { method: 'delete', path: '/api/workflows/:bWf/test-cases/:testCase', pattern: CASE, kind: 'resource' },
  { method: 'get', path: '/api/runs', kind: 'firm' },
  { method: 'get', path: '/api/runs/stuck', kind: 'firm' },
  { method: 'get', path: '/api/runs/:run', kind: 'resource' },
  { method: 'post', path: '/api/runs/:gatedRun/cancel', kind: 'resource' },
  { method: 'post', path: '/api/runs/:run/retry', kind: 'resource' },
  { method: 'get', path: '/api/validations', kind: 'firm' },
  { method: 'get', path: '/api/validations/:validation', kind: 'resource' },
  { method: 'post', path: '/api/validations/:validation/decision', kind: 'resource', body: { decision: 'APPROVED' } },
  // Presets are platform data; installing one writes a draft into the caller's own firm.
  { method: 'get', path: '/api/presets', kind: 'firm' },
  { method: 'get', path: '/api/presets/oqtf-libre', pattern: '/api/presets/:id', kind: 'firm' },
  {
    method: 'post',
    path: '/api/presets/oqtf-libre/install',
    pattern: '/api/presets/:id/install',
    kind: 'firm',
    body: { name: 'Modèle installé par B' },
  },
  { method: 'get', path: '/api/workspaces', kind: 'firm', client: [200] },
  { method: 'get', path: '/api/workspaces/:ws', kind: 'resource', client: [200] },
  { method: 'get', path: '/api/deadlines?before=2030-01-01', kind: 'firm', client: [200] },
  { method: 'get', path: '/api/documents/:document/content', kind: 'resource', client: [200] },
  { method: 'get', path: '/api/notifications', kind: 'firm', client: [200] },
  { method: 'post', path: '/api/notifications/read-all', kind: 'firm', client: [200] },
  { method: 'post', path: '/api/notifications/:notification/read', kind: 'resource', client: [404] },
  {
    method: 'post',
    path: '/api/workspaces/:ws/documents?filename=b.pdf',
    kind: 'resource',
    raw: { type: 'application/pdf', bytes: Buffer.from('%PDF-1.4 B') },
    client: [201],
  },
  { method: 'post', path: '/api/checklist-items/:item/check', kind: 'resource', body: { received: true } },
  { method: 'post', path: '/api/alerts/:alert/acknowledge', kind: 'resource' },
  {
    method: 'post',
    path: '/api/deadlines/:deadline/close',
    kind: 'resource',
    body: { status: 'cancelled', reason: 'B' },
  },
  { method: 'get', path: '/api/outbox', kind: 'firm' },
  { method: 'get', path: '/api/audit', kind: 'firm' },
  { method: 'get', path: '/api/audit/verify', kind: 'firm' },
];

/** Routes outside the matrix, and why. */
const OUTSIDE = new Map([
  ['get /api/health', 'public: no firm data'],
  ['get /api/catalog', 'public: schema data only'],
  ['post /api/auth/login', 'opens a session; no resource'],
  ['post /api/auth/logout', 'closes the caller’s own session'],
  ['get /api/auth/me', 'the caller’s own identity (tested below)'],
  ['post /api/auth/totp/verify', 'the caller’s own second factor'],
  ['post /api/auth/totp/setup', 'the caller’s own second factor'],
  ['post /api/auth/totp/enable', 'the caller’s own second factor'],
  ['post /api/auth/totp/disable', 'the caller’s own second factor'],
  ['post /api/auth/password', 'the caller’s own password'],
  ['post /api/v1/events', 'API key only; firm B’s key reaching no firm A workflow is tested below'],
  ['post /api/v1/events/batch', 'API key only; same scoping as /api/v1/events'],
  ['post /api/v1/inbound/email', 'API key only; stored under the key’s firm (routes/inbound-email.routes.test.ts)'],
  ['get /api/ready', 'public: readiness, no firm data'],
  ['get /api/openapi.json', 'public: the API description'],
  ['get /api/docs', 'public: the API reference page'],
]);

let server: TestServer;
let app: Express;
let a: Awaited<ReturnType<typeof createFirm>>;
let b: Awaited<ReturnType<typeof createFirm>>;
const ids: Record<string, string> = {};
/** Strings that must never appear in an answer to firm B. */
const secrets: string[] = [];
let clientCookie: string;

/** Firm B's own documents (named in paths, never secrets). */
const own: Record<string, string> = {};
const expand = (path: string) => path.replace(/:(\w+)/g, (_, name: string) => ids[name] ?? own[name] ?? `:${name}`);

function call(route: Route, auth: Record<string, string>) {
  const req = request(app)[route.method](expand(route.path)).set(auth);
  if (route.raw) return req.set('content-type', route.raw.type).send(route.raw.bytes);
  return route.body === undefined ? req.send() : req.send(JSON.parse(expand(JSON.stringify(route.body))));
}

const gated = {
  schemaVersion: 1,
  name: 'Dossier secret A — validation',
  nodes: [
    { id: 'start', kind: 'trigger', event: 'client:created', filter: { '==': [{ var: 'payload.firstName' }, 'Gate'] } },
    {
      id: 'courrier',
      kind: 'action',
      action: 'generate_document',
      autonomy: 'RED',
      params: { template: 'recours', workspaceId: 'ws-a' },
    },
  ],
  edges: [{ id: 'e1', source: 'start', target: 'courrier' }],
};

beforeAll(async () => {
  server = await startTestServer(import.meta.url, { runtime: true });
  app = server.app;
  a = await createFirm(server, 'Cabinet Alpha', 'alpha@cabinet-alpha.example');
  b = await createFirm(server, 'Cabinet Beta', 'beta@cabinet-beta.example');
  for (const firm of [a, b])
    await server.models.Tenant.updateOne({ _id: firm.tenantId }, { $set: { plan: 'Enterprise' } });
  const asA = { cookie: a.cookie };
  const wf = await request(app)
    .post('/api/workflows')
    .set(asA)
    .send({ name: 'Dossier secret A', document: noteWorkflow('Dossier secret A') })
    .expect(201);
  ids.wf = wf.body.id;
  const saved = await request(app)
    .post(`/api/workflows/${ids.wf}/test-cases`)
    .set(asA)
    .send(testCase('Cas secret A'))
    .expect(201);
  ids.testCase = saved.body.id;
  const bWf = await request(app)
    .post('/api/workflows')
    .set({ cookie: b.cookie })
    .send({ name: 'Workflow de B', document: noteWorkflow('Workflow de B') })
    .expect(201);
  own.bWf = bWf.body.id;
  await request(app).post(`/api/workflows/${ids.wf}/publish`).set(asA).expect(201);
  const g = await request(app).post('/api/workflows').set(asA).send({ name: gated.name, document: gated }).expect(201);
  await request(app).post(`/api/workflows/${g.body.id}/publish`).set(asA).expect(201);
  const event = await request(app)
    .post('/api/v1/events')
    .set('authorization', `Bearer ${a.apiKey}`)
    .send({ type: 'client:created', payload: { ...clientCreated('c-a'), firstName: 'Gate' } })
    .expect(202);
  ids.run = event.body.runs.find((r: { workflowId: string }) => r.workflowId === ids.wf).runId;
  ids.gatedRun = event.body.runs.find((r: { workflowId: string }) => r.workflowId === g.body.id).runId;
  await until(
    async () => (await server.models.ValidationRequest.countDocuments({ runId: ids.gatedRun })) === 1,
    15_000,
  );
  await until(async () => (await server.models.Run.findById(ids.run).lean())?.status === 'succeeded', 15_000);
  ids.validation = String((await server.models.ValidationRequest.findOne({ runId: ids.gatedRun }).lean())?._id);
  const clientRecord = await server.models.Client.create({
    tenantId: a.tenantId,
    firstName: 'Awa',
    lastName: 'Traoré',
  });
  const ws = await server.models.Workspace.create({
    tenantId: a.tenantId,
    clientId: clientRecord._id,
    title: 'Dossier Traoré',
    procedureType: 'OQTF',
  });
  const user = await request(app)
    .post('/api/users')
    .set(asA)
    .send({
      email: 'client-a@example.org',
      name: 'Awa Traoré',
      role: 'CLIENT',
      workspaceId: String(ws._id),
      password: 'client-a-secret',
    })
    .expect(201);
  ids.user = user.body.user.id;
  clientCookie = await signIn(app, 'client-a@example.org', 'client-a-secret');
  const key = await request(app).post('/api/api-keys').set(asA).send({ name: 'Clé secrète A' }).expect(201);
  ids.key = key.body.apiKey.id;
  ids.tenant = a.tenantId;
  ids.ws = String(ws._id);
  const otherWs = await server.models.Workspace.create({
    tenantId: a.tenantId,
    clientId: clientRecord._id,
    title: 'Dossier voisin A',
    procedureType: 'ASILE',
  });
  ids.otherWs = String(otherWs._id);
  const deadline = await server.models.Deadline.create({
    tenantId: a.tenantId,
    workspaceId: ws._id,
    label: 'Délai de recours secret A',
    dueAt: new Date('2029-03-01T23:59:00Z'),
  });
  ids.deadline = String(deadline._id);
  const item = await server.models.ChecklistItem.create({
    tenantId: a.tenantId,
    workspaceId: ws._id,
    key: 'passeport',
    label: 'Passeport secret A',
  });
  ids.item = String(item._id);
  const alert = await server.models.Alert.create({
    tenantId: a.tenantId,
    workspaceId: ws._id,
    level: 'critical',
    title: 'Alerte secrète A',
  });
  ids.alert = String(alert._id);
  await server.models.Deadline.create({
    tenantId: a.tenantId,
    workspaceId: otherWs._id,
    label: 'Délai du dossier voisin A',
    dueAt: new Date('2029-03-02T23:59:00Z'),
  });
  const document = await putDocument(server.db.connection, a.tenantId, {
    filename: 'decision.pdf',
    contentType: 'application/pdf',
    bytes: Buffer.from('%PDF-1.4 Décision secrète A'),
    workspaceId: String(ws._id),
  });
  ids.document = document.id;
  const neighbourDocument = await putDocument(server.db.connection, a.tenantId, {
    filename: 'voisin.pdf',
    contentType: 'application/pdf',
    bytes: Buffer.from('%PDF-1.4 voisin'),
    workspaceId: String(otherWs._id),
  });
  ids.neighbourDocument = neighbourDocument.id;
  const adminA = await server.models.User.findOne({ email: 'alpha@cabinet-alpha.example' }).lean();
  const notification = await server.models.Notification.create({
    tenantId: a.tenantId,
    userId: adminA?._id,
    title: 'Notification secrète A',
    deliverAt: new Date('2026-01-01T00:00:00Z'),
  });
  ids.notification = String(notification._id);
  await server.models.OutboxMessage.create({
    tenantId: a.tenantId,
    channel: 'email',
    to: ['destinataire-secret-a@example.org'],
    subject: 'Courrier secret A',
    idempotencyKey: 'outbox-a-1',
    transport: 'outbox',
  });
  secrets.push(
    ...Object.values(ids),
    'Dossier secret A',
    'Cas secret A',
    'Dossier Traoré',
    'Dossier voisin A',
    'Délai de recours secret A',
    'Passeport secret A',
    'Alerte secrète A',
    'Décision secrète A',
    'Notification secrète A',
    'Courrier secret A',
    'client-a@example.org',
    'Clé secrète A',
    'alpha@cabinet-alpha.example',
  );
}, 120_000);

describe('isolation matrix', () => {
  for (const [who, auth] of [
    ['session', () => ({ cookie: b.cookie })],
    ['API key', () => ({ authorization: `Bearer ${b.apiKey}` })],
  ] as const) {
    it(`firm B’s ${who} gets 404 or 403 on firm A’s resources, and never their data`, async () => {
      const failures: string[] = [];
      for (const route of ROUTES) {
        const res = await call(route, auth());
        const text = JSON.stringify(res.body) + (res.text ?? '');
        const leaked = secrets.filter((s) => text.includes(s));
        const expected = route.kind === 'resource' ? [403, 404] : route.kind === 'platform' ? [403] : [200, 201, 403];
        if (!expected.includes(res.status) || leaked.length)
          failures.push(`${route.method} ${route.path} → ${res.status} ${leaked.length ? `leaks ${leaked}` : ''}`);
        if (res.status >= 400) expect(res.headers['content-type']).toMatch(/application\/problem\+json/);
      }
      expect(failures).toEqual([]);
    }, 120_000);
  }

  it('firm A’s resources are untouched by firm B’s attempts', async () => {
    const asA = { cookie: a.cookie };
    const wf = (await request(app).get(`/api/workflows/${ids.wf}`).set(asA).expect(200)).body;
    expect(wf).toMatchObject({
      name: 'Dossier secret A',
      status: 'published',
      enabled: true,
      revision: 1,
      publishedVersion: 1,
    });
    const cases = (await request(app).get(`/api/workflows/${ids.wf}/test-cases`).set(asA).expect(200)).body.items;
    expect(cases.map((c: { name: string }) => c.name)).toEqual(['Cas secret A']);
    expect((await request(app).get(`/api/validations/${ids.validation}`).set(asA).expect(200)).body.status).toBe(
      'PENDING',
    );
    expect((await request(app).get(`/api/users/${ids.user}`).set(asA).expect(200)).body.disabled).toBe(false);
    const keys = (await request(app).get('/api/api-keys').set(asA).expect(200)).body.items;
    expect(keys.find((k: { id: string }) => k.id === ids.key).revokedAt).toBeNull();
    expect((await request(app).get(`/api/runs/${ids.gatedRun}`).set(asA).expect(200)).body.status).toBe(
      'awaiting_validation',
    );
    expect((await request(app).get('/api/firm/config').set(asA).expect(200)).body.config).toEqual({});
    expect((await request(app).get('/api/workflows').set(asA).expect(200)).body.items).toHaveLength(2);
    const notifications = (await request(app).get('/api/notifications').set(asA).expect(200)).body;
    expect(notifications).toMatchObject({ unread: 1, items: [{ title: 'Notification secrète A', readAt: null }] });
    expect((await request(app).get('/api/workspaces').set(asA).expect(200)).body.items).toHaveLength(2);
    const own = (await request(app).get(`/api/workspaces/${ids.ws}`).set(asA).expect(200)).body;
    expect(own.checklist).toMatchObject([{ key: 'passeport', status: 'missing' }]);
    expect(own.alerts).toMatchObject([{ title: 'Alerte secrète A', acknowledgedAt: null }]);
    expect(own.deadlines).toMatchObject([{ label: 'Délai de recours secret A', status: 'open' }]);
    expect(own.documents.map((d: { filename: string }) => d.filename)).not.toContain('b.pdf');
    await signIn(app, 'client-a@example.org', 'client-a-secret');
  });

  it('firm B’s API key starts none of firm A’s workflows', async () => {
    const res = await request(app)
      .post('/api/v1/events')
      .set('authorization', `Bearer ${b.apiKey}`)
      .send({ type: 'client:created', payload: { ...clientCreated('c-b'), firstName: 'Gate' } })
      .expect(202);
    expect(res.body.runs).toEqual([]);
  });

  it('firm A’s CLIENT gets 403 on every route of the firm and of the platform, and only their own case', async () => {
    const failures: string[] = [];
    const neighbour = ['Dossier voisin A', 'Délai du dossier voisin A', 'Notification secrète A', 'Courrier secret A'];
    for (const route of ROUTES) {
      const res = await call(route, { cookie: clientCookie });
      const text = JSON.stringify(res.body);
      const leaked = neighbour
        .filter((s) => text.includes(s))
        .concat(text.includes(ids.otherWs as string) ? ['id'] : []);
      if (!(route.client ?? [403]).includes(res.status) || leaked.length)
        failures.push(`${route.method} ${route.path} → ${res.status} ${leaked.length ? `leaks ${leaked}` : ''}`);
    }
    expect(failures).toEqual([]);
    const own = await request(app).get(`/api/workspaces/${ids.ws}`).set('cookie', clientCookie).expect(200);
    expect(own.body).toMatchObject({ title: 'Dossier Traoré', client: null });
    expect(own.body.deadlines.map((d: { label: string }) => d.label)).toEqual(['Délai de recours secret A']);
    const list = await request(app).get('/api/workspaces').set('cookie', clientCookie).expect(200);
    expect(list.body.items.map((w: { id: string }) => w.id)).toEqual([ids.ws]);
    await request(app).get(`/api/workspaces/${ids.otherWs}`).set('cookie', clientCookie).expect(404);
    await request(app).get(`/api/documents/${ids.neighbourDocument}/content`).set('cookie', clientCookie).expect(404);
    const deadlines = await request(app)
      .get('/api/deadlines?before=2030-01-01')
      .set('cookie', clientCookie)
      .expect(200);
    expect(deadlines.body.items.map((d: { label: string }) => d.label)).toEqual(['Délai de recours secret A']);
    const me = await request(app).get('/api/auth/me').set('cookie', clientCookie).expect(200);
    expect(me.body.user).toMatchObject({ role: 'CLIENT', email: 'client-a@example.org' });
  });

  it('answers 401 without credentials, and 401 to a made-up key', async () => {
    const failures: string[] = [];
    for (const route of ROUTES) {
      const none: Record<string, string> = {};
      for (const auth of [none, { authorization: 'Bearer iapm_00000000_made-up-key-value' }]) {
        const res = await call(route, auth);
        if (res.status !== 401) failures.push(`${route.method} ${route.path} → ${res.status}`);
      }
    }
    expect(failures).toEqual([]);
  });

  it('refuses a revoked key at once, on every route', async () => {
    const created = await request(app)
      .post('/api/api-keys')
      .set('cookie', a.cookie)
      .send({ name: 'Éphémère' })
      .expect(201);
    const auth = { authorization: `Bearer ${created.body.key}` };
    await request(app).get('/api/workflows').set(auth).expect(200);
    await request(app).post(`/api/api-keys/${created.body.apiKey.id}/revoke`).set('cookie', a.cookie).expect(200);
    const failures: string[] = [];
    for (const route of ROUTES) {
      const res = await call(route, auth);
      if (res.status !== 401) failures.push(`${route.method} ${route.path} → ${res.status}`);
    }
    const event = await request(app)
      .post('/api/v1/events')
      .set(auth)
      .send({ type: 'client:created', payload: clientCreated('c-revoked') });
    if (event.status !== 401) failures.push(`post /api/v1/events → ${event.status}`);
    expect(failures).toEqual([]);
  });

  it('lists every route the app serves (a new route must join the matrix)', () => {
    const served_: string[] = [];
    type Layer = { route?: { path: string; methods: Record<string, boolean> }; handle?: { stack?: Layer[] } };
    const walk = (stack: Layer[]) => {
      for (const layer of stack) {
        if (layer.route)
          for (const method of Object.keys(layer.route.methods)) served_.push(`${method} ${layer.route.path}`);
        else if (layer.handle?.stack) walk(layer.handle.stack);
      }
    };
    walk((app as unknown as { router: { stack: Layer[] } }).router.stack);
    const inMatrix = new Set(ROUTES.map(served));
    expect(served_.filter((r) => r.includes(' /api/') && !OUTSIDE.has(r) && !inMatrix.has(r))).toEqual([]);
    // And the matrix names no route that does not exist.
    expect([...inMatrix].filter((r) => !served_.includes(r))).toEqual([]);
  });
});
