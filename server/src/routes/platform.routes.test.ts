import request from 'supertest';
import { beforeAll, describe, expect, it } from 'vitest';
import { createSuperAdmin } from '../services/tenant.service.ts';
import { createFirm, signIn, startTestServer, type TestServer } from '../test-kit.ts';

let server: TestServer;
let operator: string;
let firm: Awaited<ReturnType<typeof createFirm>>;

beforeAll(async () => {
  server = await startTestServer(import.meta.url);
  const sa = await createSuperAdmin(server.models, { email: 'ops@iapm.example', password: 'plateforme-secrète' });
  operator = await signIn(server.app, sa.email, sa.password);
  firm = await createFirm(server, 'Cabinet Roux', 'roux@cabinet-roux.example');
}, 60_000);

const op = () => ({ cookie: operator });

describe('platform (SUPER_ADMIN)', () => {
  it('creates a firm with its admin and first API key, shown once', async () => {
    const res = await request(server.app)
      .post('/api/platform/tenants')
      .set(op())
      .send({ name: 'Cabinet Blanc', adminEmail: 'blanc@cabinet-blanc.example', plan: 'Premium' })
      .expect(201);
    expect(res.body).toMatchObject({ adminEmail: 'blanc@cabinet-blanc.example' });
    expect(res.body.apiKey).toMatch(/^iapm_/);
    await signIn(server.app, 'blanc@cabinet-blanc.example', res.body.adminPassword);
    await request(server.app)
      .post('/api/platform/tenants')
      .set(op())
      .send({ name: 'Doublon', adminEmail: 'blanc@cabinet-blanc.example' })
      .expect(409);
    // Nothing half-created stays behind.
    expect(await server.models.Tenant.countDocuments({ name: 'Doublon' })).toBe(0);
  });

  it('lists firms with figures only — no case content', async () => {
    await server.models.Workflow.create({ tenantId: firm.tenantId, name: 'Secret du cabinet', draft: { nodes: [] } });
    const res = await request(server.app).get('/api/platform/tenants').set(op()).expect(200);
    const roux = res.body.items.find((t: { name: string }) => t.name === 'Cabinet Roux');
    expect(roux).toMatchObject({
      plan: 'Basic',
      status: 'active',
      figures: { activeUsers: 1, workflows: 1, runsLast30Days: 0, activeApiKeys: 1 },
    });
    expect(JSON.stringify(res.body)).not.toContain('Secret du cabinet');
    const stats = await request(server.app).get('/api/platform/stats').set(op()).expect(200);
    expect(stats.body.tenants.byPlan).toMatchObject({ Basic: 1, Premium: 1 });
    expect(stats.body.users.byRole).toMatchObject({ SUPER_ADMIN: 1, ADMIN: 2 });
    expect(JSON.stringify(stats.body)).not.toContain('Secret du cabinet');
  });

  it('changes plan limits for every firm on the plan', async () => {
    const bad = await request(server.app)
      .put('/api/platform/plans/Basic')
      .set(op())
      .send({ limits: { maxUsers: 0 } })
      .expect(400);
    expect(bad.body.issues.map((i: { pointer: string }) => i.pointer).sort()).toEqual([
      '/limits/maxApiKeys',
      '/limits/maxUsers',
      '/limits/maxWorkflows',
    ]);
    await request(server.app).put('/api/platform/plans/Gold').set(op()).send({ limits: {} }).expect(404);
    const res = await request(server.app)
      .put('/api/platform/plans/Basic')
      .set(op())
      .send({ limits: { maxUsers: 5, maxWorkflows: 1, maxApiKeys: 2 } })
      .expect(200);
    expect(res.body.limits.maxWorkflows).toBe(1);
    const plans = await request(server.app).get('/api/platform/plans').set(op()).expect(200);
    expect(plans.body.items.find((p: { name: string }) => p.name === 'Basic').limits.maxWorkflows).toBe(1);
    // The firm already has one workflow: a second is refused, until its plan changes.
    const refused = await request(server.app)
      .post('/api/workflows')
      .set('cookie', firm.cookie)
      .send({ name: 'De trop' })
      .expect(403);
    expect(refused.body).toMatchObject({ code: 'plan-limit', limit: 'maxWorkflows', max: 1 });
    await request(server.app)
      .patch(`/api/platform/tenants/${firm.tenantId}`)
      .set(op())
      .send({ plan: 'Premium' })
      .expect(200);
    await request(server.app).post('/api/workflows').set('cookie', firm.cookie).send({ name: 'Permis' }).expect(201);
  });

  it('suspends a firm: its sessions and API keys are refused until it is reactivated', async () => {
    await request(server.app)
      .patch(`/api/platform/tenants/${firm.tenantId}`)
      .set(op())
      .send({ status: 'suspended' })
      .expect(200);
    const bySession = await request(server.app).get('/api/workflows').set('cookie', firm.cookie).expect(403);
    expect(bySession.body.code).toBe('tenant-suspended');
    await request(server.app).get('/api/workflows').set('authorization', `Bearer ${firm.apiKey}`).expect(403);
    await request(server.app)
      .patch(`/api/platform/tenants/${firm.tenantId}`)
      .set(op())
      .send({ status: 'active' })
      .expect(200);
    await request(server.app).get('/api/workflows').set('cookie', firm.cookie).expect(200);
  });

  it('is the operator’s alone, and the operator reaches no firm’s data', async () => {
    await request(server.app).get('/api/platform/tenants').set('cookie', firm.cookie).expect(403);
    await request(server.app).get('/api/platform/tenants').set('authorization', `Bearer ${firm.apiKey}`).expect(403);
    await request(server.app).get('/api/platform/tenants').expect(401);
    await request(server.app).get('/api/workflows').set(op()).expect(403);
    await request(server.app).get('/api/runs').set(op()).expect(403);
    await request(server.app)
      .patch('/api/platform/tenants/000000000000000000000000')
      .set(op())
      .send({ plan: 'Basic' })
      .expect(404);
  });
  it('creates firms whose names make short or empty slugs', async () => {
    for (const [name, email, slug] of <[string, string, string][]>[
      ['0', 'zero@cabinet.example', 'cabinet-0'],
      ['É', 'e@cabinet.example', 'cabinet-e'],
      ['—', 'tiret@cabinet.example', 'cabinet'],
      [`${'a'.repeat(49)} b`, 'long@cabinet.example', 'a'.repeat(49)],
    ]) {
      const res = await request(server.app).post('/api/platform/tenants').set(op()).send({ name, adminEmail: email });
      expect(res.status).toBe(201);
      const tenant = await server.models.Tenant.findById(res.body.tenantId).lean();
      expect(tenant?.slug.startsWith(slug as string)).toBe(true);
    }
  });
  it('refuses a blank firm name at /name, on creation and on renaming, and writes nothing', async () => {
    for (const name of ['\f', '   ', '\t\n']) {
      const res = await request(server.app)
        .post('/api/platform/tenants')
        .set(op())
        .send({ name, adminEmail: 'vide@cabinet.example' })
        .expect(400);
      expect(res.type).toBe('application/problem+json');
      expect(res.body.issues).toEqual([expect.objectContaining({ pointer: '/name' })]);
    }
    expect(await server.models.User.countDocuments({ email: 'vide@cabinet.example' })).toBe(0);
    const renamed = await request(server.app)
      .patch(`/api/platform/tenants/${firm.tenantId}`)
      .set(op())
      .send({ name: ' \f ' })
      .expect(400);
    expect(renamed.body.issues[0].pointer).toBe('/name');
    expect((await server.models.Tenant.findById(firm.tenantId).lean())?.name).toBe('Cabinet Roux');
    const trimmed = await request(server.app)
      .post('/api/platform/tenants')
      .set(op())
      .send({ name: '  Cabinet Espacé  ', adminEmail: 'espace@cabinet.example' })
      .expect(201);
    expect((await server.models.Tenant.findById(trimmed.body.tenantId).lean())?.name).toBe('Cabinet Espacé');
  });
});
