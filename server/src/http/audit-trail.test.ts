import { stateHash } from '@iapm/runtime';
import request from 'supertest';
import { beforeAll, describe, expect, it } from 'vitest';
import { createSuperAdmin } from '../services/tenant.service.ts';
import { createFirm, noteWorkflow, signIn, startTestServer, type TestServer } from '../test-kit.ts';
import { subjectOf } from './audit-trail.ts';

let server: TestServer;
let firm: Awaited<ReturnType<typeof createFirm>>;
let other: Awaited<ReturnType<typeof createFirm>>;

beforeAll(async () => {
  server = await startTestServer(import.meta.url);
  firm = await createFirm(server, 'Cabinet Audit', 'audit@cabinet.example');
  other = await createFirm(server, 'Cabinet Autre', 'autre@cabinet.example');
}, 60_000);

const entries = async (cookie: string, query = '') =>
  (await request(server.app).get(`/api/audit${query}`).set('cookie', cookie).expect(200)).body.items as {
    sequence: number;
    action: string;
    actor: { kind: string; id: string };
    subject: { type: string; id: string | null };
    beforeHash: string | null;
    afterHash: string | null;
    details: Record<string, unknown>;
  }[];

describe('subjectOf', () => {
  it('names the subject and the action from the path', () => {
    expect(subjectOf('POST', '/api/workflows')).toMatchObject({ type: 'workflow', action: 'workflow.create' });
    expect(subjectOf('PUT', '/api/workflows/0123456789abcdef01234567/draft')).toMatchObject({
      type: 'workflow',
      id: '0123456789abcdef01234567',
      action: 'workflow.draft',
      model: 'Workflow',
    });
    expect(subjectOf('POST', '/api/api-keys/0123456789abcdef01234567/revoke')).toMatchObject({
      type: 'api-key',
      action: 'api-key.revoke',
    });
    expect(subjectOf('PUT', '/api/firm/config')).toMatchObject({
      type: 'tenant',
      action: 'tenant.config',
      self: 'tenant',
    });
    expect(subjectOf('POST', '/api/auth/password')).toMatchObject({
      type: 'user',
      action: 'user.password',
      self: 'user',
    });
    expect(subjectOf('PUT', '/api/platform/plans/Basic')).toMatchObject({
      type: 'plan',
      id: 'Basic',
      action: 'plan.replace',
    });
  });
});

describe('audit trail', () => {
  it('records each mutation: who, what, the subject, and the hashes of its document before and after', async () => {
    const created = await request(server.app)
      .post('/api/workflows')
      .set('cookie', firm.cookie)
      .send({ name: 'Audité', document: noteWorkflow('Audité') })
      .expect(201);
    const id = created.body.id as string;
    const before = await server.models.Workflow.findById(id).lean();
    await request(server.app)
      .put(`/api/workflows/${id}/draft`)
      .set('cookie', firm.cookie)
      .send({ revision: 1, document: noteWorkflow('Audité v2') })
      .expect(200);
    const after = await server.models.Workflow.findById(id).lean();
    const log = await entries(firm.cookie);
    const admin = await server.models.User.findOne({ email: 'audit@cabinet.example' }).lean();
    const [draft, creation] = log;
    expect(creation).toMatchObject({
      action: 'workflow.create',
      actor: { kind: 'user', id: String(admin?._id) },
      subject: { type: 'workflow', id },
      beforeHash: null,
      details: { method: 'POST', route: '/api/workflows', status: 201 },
    });
    expect(draft).toMatchObject({ action: 'workflow.draft', subject: { type: 'workflow', id } });
    // The hashes are those of the stored documents: the log holds no content, yet proves what changed.
    expect(draft?.beforeHash).toBe(stateHash(before));
    expect(draft?.afterHash).toBe(stateHash(after));
    expect(JSON.stringify(log)).not.toContain('Audité');
  });

  it('hashes the state before and after of a change to the caller’s own firm or person', async () => {
    const before = await server.models.Tenant.findById(firm.tenantId).lean();
    await request(server.app)
      .put('/api/firm/config')
      .set('cookie', firm.cookie)
      .send({ performance: { retryAttempts: 2 } })
      .expect(200);
    const after = await server.models.Tenant.findById(firm.tenantId).lean();
    const [entry] = await entries(firm.cookie);
    expect(entry).toMatchObject({ action: 'tenant.config', subject: { type: 'tenant', id: firm.tenantId } });
    expect(entry?.beforeHash).toBe(stateHash(before));
    expect(entry?.afterHash).toBe(stateHash(after));
    expect(entry?.beforeHash).not.toBe(entry?.afterHash);
  });

  it('records sign-ins and changes made with an API key, and nothing for reads or refused requests', async () => {
    const start = (await entries(firm.cookie))[0]?.sequence ?? 0;
    await signIn(server.app, 'audit@cabinet.example', 'Cabinet Audit-mot-de-passe');
    await request(server.app).get('/api/workflows').set('cookie', firm.cookie).expect(200);
    await request(server.app).post('/api/workflows').set('cookie', firm.cookie).send({}).expect(400);
    await request(server.app)
      .post('/api/workflows')
      .set('authorization', `Bearer ${firm.apiKey}`)
      .send({ name: 'Par clé' })
      .expect(201);
    const log = (await entries(firm.cookie)).filter((e) => e.sequence > start);
    expect(log.map((e) => e.action)).toEqual(['workflow.create', 'user.login']);
    expect(log[0]?.actor.kind).toBe('api-key');
  });

  it('keeps each firm’s log apart, and the operator’s changes in the firm they touch or in the platform log', async () => {
    const otherLog = await entries(other.cookie);
    expect(otherLog.every((e) => e.action !== 'workflow.create')).toBe(true);
    await createSuperAdmin(server.models, { email: 'ops@plateforme.example', password: 'operateur-secret-1' });
    const operator = await signIn(server.app, 'ops@plateforme.example', 'operateur-secret-1');
    await request(server.app)
      .patch(`/api/platform/tenants/${other.tenantId}`)
      .set('cookie', operator)
      .send({ plan: 'Premium' })
      .expect(200);
    await request(server.app)
      .put('/api/platform/plans/Basic')
      .set('cookie', operator)
      .send({ limits: { maxUsers: 6, maxWorkflows: 20, maxApiKeys: 2 } })
      .expect(200);
    expect((await entries(other.cookie))[0]).toMatchObject({
      action: 'tenant.update',
      subject: { type: 'tenant', id: other.tenantId },
    });
    const platform = await entries(operator);
    expect(platform.map((e) => e.action)).toContain('plan.replace');
    expect(platform.map((e) => e.action)).not.toContain('tenant.update');
    expect((await request(server.app).get('/api/audit/verify').set('cookie', operator).expect(200)).body.ok).toBe(true);
  });

  it('verifies the chain, and names the entry that was altered', async () => {
    const ok = await request(server.app).get('/api/audit/verify').set('cookie', firm.cookie).expect(200);
    expect(ok.body).toMatchObject({ ok: true });
    expect(ok.body.entries).toBeGreaterThanOrEqual(4);
    const victim = await server.models.AuditEntry.findOne({ tenantId: firm.tenantId, sequence: 2 }).lean();
    await server.models.AuditEntry.updateOne({ _id: victim?._id }, { $set: { action: 'workflow.delete' } });
    const broken = await request(server.app).get('/api/audit/verify').set('cookie', firm.cookie).expect(200);
    expect(broken.body).toMatchObject({ ok: false, sequence: 2, reason: 'hash-mismatch' });
    expect(broken.body.message.fr).toMatch(/modifiée/);
  });

  it('pages newest first and filters by action; a CLIENT or an API key may not read the log', async () => {
    const page = await request(server.app).get('/api/audit?limit=2').set('cookie', firm.cookie).expect(200);
    expect(page.body.items).toHaveLength(2);
    const next = await request(server.app)
      .get(`/api/audit?limit=2&before=${page.body.next}`)
      .set('cookie', firm.cookie)
      .expect(200);
    expect(next.body.items[0].sequence).toBe(page.body.items[1].sequence - 1);
    const logins = await entries(firm.cookie, '?action=user.login');
    expect(logins.length).toBeGreaterThan(0);
    expect(logins.every((e) => e.action === 'user.login')).toBe(true);
    await request(server.app).get('/api/audit').set('authorization', `Bearer ${firm.apiKey}`).expect(403);
    await request(server.app).get('/api/audit?before=abc').set('cookie', firm.cookie).expect(400);
  });
});
