import request from 'supertest';
import { beforeAll, describe, expect, it } from 'vitest';
import { createFirm, signIn, startTestServer, type TestServer } from '../test-kit.ts';

let server: TestServer;
let firm: Awaited<ReturnType<typeof createFirm>>;
let other: Awaited<ReturnType<typeof createFirm>>;

beforeAll(async () => {
  server = await startTestServer(import.meta.url);
  firm = await createFirm(server, 'Cabinet Moreau', 'moreau@cabinet-moreau.example');
  other = await createFirm(server, 'Cabinet Petit', 'petit@cabinet-petit.example');
}, 60_000);

const admin = () => ({ cookie: firm.cookie });

async function workspaceOf(tenantId: string, title: string) {
  const client = await server.models.Client.create({ tenantId, firstName: 'Awa', lastName: 'Traoré' });
  const ws = await server.models.Workspace.create({ tenantId, clientId: client._id, title, procedureType: 'OQTF' });
  return String(ws._id);
}

describe('firm users (ADMIN)', () => {
  it('creates a person with a generated password shown once, and lists people without secrets', async () => {
    const res = await request(server.app)
      .post('/api/users')
      .set(admin())
      .send({ email: 'Assistante@Cabinet-Moreau.example', name: 'Assistante', role: 'ADMIN' })
      .expect(201);
    expect(res.body.user).toMatchObject({ email: 'assistante@cabinet-moreau.example', role: 'ADMIN', disabled: false });
    expect(res.body.password).toMatch(/^[\w]{5}(-[\w]{5}){3}$/);
    await signIn(server.app, 'assistante@cabinet-moreau.example', res.body.password);
    const list = await request(server.app).get('/api/users').set(admin()).expect(200);
    expect(list.body.items.map((u: { email: string }) => u.email).sort()).toEqual([
      'assistante@cabinet-moreau.example',
      'moreau@cabinet-moreau.example',
    ]);
    expect(JSON.stringify(list.body)).not.toMatch(/passwordHash|scrypt|totpSecret/);
    const again = await request(server.app)
      .post('/api/users')
      .set(admin())
      .send({ email: 'assistante@cabinet-moreau.example', name: 'Double', role: 'ADMIN' })
      .expect(409);
    expect(again.body.code).toBe('email-taken');
  });

  it('ties a CLIENT to a workspace of the firm only', async () => {
    const missing = await request(server.app)
      .post('/api/users')
      .set(admin())
      .send({ email: 'client@example.org', name: 'Client', role: 'CLIENT' })
      .expect(400);
    expect(missing.body.issues[0]).toMatchObject({ pointer: '/workspaceId', code: 'schema.required' });
    const foreign = await workspaceOf(other.tenantId, 'Dossier du cabinet Petit');
    const elsewhere = await request(server.app)
      .post('/api/users')
      .set(admin())
      .send({ email: 'client@example.org', name: 'Client', role: 'CLIENT', workspaceId: foreign })
      .expect(400);
    expect(elsewhere.body.issues[0]).toMatchObject({ pointer: '/workspaceId', code: 'api.reference-not-found' });
    const own = await workspaceOf(firm.tenantId, 'Dossier Traoré');
    const res = await request(server.app)
      .post('/api/users')
      .set(admin())
      .send({
        email: 'client@example.org',
        name: 'Client',
        role: 'CLIENT',
        workspaceId: own,
        password: 'client-secret-42',
      })
      .expect(201);
    expect(res.body).not.toHaveProperty('password');
    expect(res.body.user).toMatchObject({ role: 'CLIENT', workspaceId: own });
  });

  it('disables a person: their sessions are refused at once; the last ADMIN stays', async () => {
    const created = await request(server.app)
      .post('/api/users')
      .set(admin())
      .send({ email: 'parti@cabinet-moreau.example', name: 'Parti', role: 'ADMIN', password: 'mot de passe long' })
      .expect(201);
    const cookie = await signIn(server.app, 'parti@cabinet-moreau.example', 'mot de passe long');
    await request(server.app).get('/api/workflows').set('cookie', cookie).expect(200);
    await request(server.app)
      .patch(`/api/users/${created.body.user.id}`)
      .set(admin())
      .send({ disabled: true })
      .expect(200);
    await request(server.app).get('/api/workflows').set('cookie', cookie).expect(401);
    await request(server.app)
      .post('/api/auth/login')
      .send({ email: 'parti@cabinet-moreau.example', password: 'mot de passe long' })
      .expect(401);

    const me = (await request(server.app).get('/api/auth/me').set(admin()).expect(200)).body.user.id;
    // Disable the other ADMIN, then the last one cannot be demoted or disabled.
    const others = (await request(server.app).get('/api/users').set(admin())).body.items.filter(
      (u: { id: string; role: string; disabled: boolean }) => u.role === 'ADMIN' && !u.disabled && u.id !== me,
    );
    for (const u of others)
      await request(server.app).patch(`/api/users/${u.id}`).set(admin()).send({ disabled: true }).expect(200);
    expect(
      (await request(server.app).patch(`/api/users/${me}`).set(admin()).send({ disabled: true }).expect(409)).body.code,
    ).toBe('last-admin');
    await request(server.app).patch(`/api/users/${me}`).set(admin()).send({ role: 'CLIENT' }).expect(409);
    await request(server.app).patch(`/api/users/${me}`).set(admin()).send({}).expect(400);
  });

  it('resets a password: shown once, sessions closed', async () => {
    const created = await request(server.app)
      .post('/api/users')
      .set(admin())
      .send({ email: 'oubli@cabinet-moreau.example', name: 'Oubli', role: 'ADMIN', password: 'ancien mot de passe' })
      .expect(201);
    const cookie = await signIn(server.app, 'oubli@cabinet-moreau.example', 'ancien mot de passe');
    const res = await request(server.app)
      .post(`/api/users/${created.body.user.id}/reset-password`)
      .set(admin())
      .expect(200);
    await request(server.app).get('/api/auth/me').set('cookie', cookie).expect(401);
    await signIn(server.app, 'oubli@cabinet-moreau.example', res.body.password);
  });

  it('stops at the plan’s user limit (403 plan-limit)', async () => {
    const active = await server.models.User.countDocuments({
      tenantId: other.tenantId,
      disabledAt: { $exists: false },
    });
    for (let i = active; i < 5; i++)
      await request(server.app)
        .post('/api/users')
        .set('cookie', other.cookie)
        .send({ email: `p${i}@cabinet-petit.example`, name: `P${i}`, role: 'ADMIN', password: 'mot de passe long' })
        .expect(201);
    const res = await request(server.app)
      .post('/api/users')
      .set('cookie', other.cookie)
      .send({ email: 'p6@cabinet-petit.example', name: 'P6', role: 'ADMIN', password: 'mot de passe long' })
      .expect(403);
    expect(res.body).toMatchObject({ code: 'plan-limit', plan: 'Basic', limit: 'maxUsers', max: 5 });
  });
});

describe('API keys (ADMIN)', () => {
  it('shows a key once, stores only its hash, and refuses it at once when revoked', async () => {
    const res = await request(server.app).post('/api/api-keys').set(admin()).send({ name: 'CRM' }).expect(201);
    const key = res.body.key as string;
    expect(key).toMatch(/^iapm_[0-9a-f]{8}_/);
    expect(res.body.apiKey).toMatchObject({ name: 'CRM', revokedAt: null });
    const list = await request(server.app).get('/api/api-keys').set(admin()).expect(200);
    expect(JSON.stringify(list.body)).not.toContain(key.split('_')[2]);
    expect(await server.models.ApiKey.countDocuments({ keyHash: key })).toBe(0);
    await request(server.app).get('/api/workflows').set('authorization', `Bearer ${key}`).expect(200);
    await request(server.app).post(`/api/api-keys/${res.body.apiKey.id}/revoke`).set(admin()).expect(200);
    const refused = await request(server.app).get('/api/workflows').set('authorization', `Bearer ${key}`).expect(401);
    expect(refused.body.code).toBe('api-key-invalid');
    // Keys manage nothing about people or keys.
    await request(server.app).get('/api/api-keys').set('authorization', `Bearer ${firm.apiKey}`).expect(403);
  });

  it('stops at the plan’s key limit', async () => {
    // Basic allows 2 active keys; the firm has its first one.
    await request(server.app).post('/api/api-keys').set('cookie', other.cookie).send({ name: 'Deux' }).expect(201);
    const res = await request(server.app)
      .post('/api/api-keys')
      .set('cookie', other.cookie)
      .send({ name: 'Trois' })
      .expect(403);
    expect(res.body.limit).toBe('maxApiKeys');
  });
});

describe('firm settings (ADMIN)', () => {
  it('reads the plan with its usage, and replaces the WorkflowConfig after checking it', async () => {
    const info = await request(server.app).get('/api/firm').set(admin()).expect(200);
    expect(info.body).toMatchObject({ name: 'Cabinet Moreau', plan: { name: 'Basic', limits: { maxUsers: 5 } } });
    const bad = await request(server.app)
      .put('/api/firm/config')
      .set(admin())
      .send({ security: { requireTwoFactor: 'oui' } })
      .expect(400);
    expect(bad.body.issues[0].pointer).toBe('/security/requireTwoFactor');
    const ok = await request(server.app)
      .put('/api/firm/config')
      .set(admin())
      .send({ performance: { retryAttempts: 5 } })
      .expect(200);
    expect(ok.body.config).toEqual({ performance: { retryAttempts: 5 } });
    expect(ok.body.effective.performance.retryAttempts).toBe(5);
    expect(ok.body.effective.security.requireTwoFactor).toBe(false);
  });
});
