import request from 'supertest';
import { beforeAll, describe, expect, it } from 'vitest';
import { base32Decode, totp } from '../services/totp.ts';
import { createFirm, signIn, startTestServer, type TestServer } from '../test-kit.ts';

let server: TestServer;
let firm: Awaited<ReturnType<typeof createFirm>>;

beforeAll(async () => {
  server = await startTestServer(import.meta.url);
  firm = await createFirm(server, 'Cabinet Durand', 'durand@cabinet-durand.example');
  // More people than the Basic plan allows are added below.
  await server.models.Tenant.updateOne({ _id: firm.tenantId }, { $set: { plan: 'Enterprise' } });
}, 60_000);

const login = (email: string, password: string) =>
  request(server.app).post('/api/auth/login').send({ email, password });
const cookieOf = (res: request.Response) => String(res.headers['set-cookie']).split(';')[0] as string;

/** Adds a person to the firm through the API and returns their generated password. */
async function addPerson(email: string, role: 'ADMIN' | 'CLIENT' = 'ADMIN') {
  const res = await request(server.app)
    .post('/api/users')
    .set('cookie', firm.cookie)
    .send({ email, name: email.split('@')[0], role })
    .expect(201);
  return { id: res.body.user.id as string, password: res.body.password as string };
}

describe('sessions', () => {
  it('opens a session in MongoDB behind an httpOnly SameSite cookie and closes it on logout', async () => {
    const res = await login(firm.adminEmail, firm.adminPassword).expect(200);
    expect(res.body).toMatchObject({ secondFactor: 'done', user: { email: firm.adminEmail, role: 'ADMIN' } });
    expect(res.body.user).not.toHaveProperty('passwordHash');
    const setCookie = String(res.headers['set-cookie']);
    expect(setCookie).toMatch(/HttpOnly/);
    expect(setCookie).toMatch(/SameSite=Strict/);
    const cookie = cookieOf(res);
    const token = decodeURIComponent(cookie.split('=')[1] as string);
    // Only the token's hash is stored.
    expect(await server.models.Session.countDocuments({ tokenHash: token })).toBe(0);
    await request(server.app).get('/api/auth/me').set('cookie', cookie).expect(200);
    await request(server.app).post('/api/auth/logout').set('cookie', cookie).expect(204);
    await request(server.app).get('/api/auth/me').set('cookie', cookie).expect(401);
    await request(server.app).get('/api/workflows').set('cookie', cookie).expect(401);
  });

  it('limits failed logins per address and e-mail (429 with Retry-After), even for the right password', async () => {
    const { password } = await addPerson('limite@cabinet-durand.example');
    for (let i = 0; i < 10; i++) await login('limite@cabinet-durand.example', 'faux').expect(401);
    const res = await login('limite@cabinet-durand.example', password).expect(429);
    expect(Number(res.headers['retry-after'])).toBeGreaterThan(0);
    expect(res.body.code).toBe('too-many-attempts');
  });

  it('refuses an expired session', async () => {
    const cookie = await signIn(server.app, firm.adminEmail, firm.adminPassword);
    const token = decodeURIComponent(cookie.split('=')[1] as string);
    const { sha256 } = await import('../services/tokens.ts');
    await server.models.Session.updateOne(
      { tokenHash: sha256(token) },
      { $set: { expiresAt: new Date(Date.now() - 1000) } },
    );
    await request(server.app).get('/api/auth/me').set('cookie', cookie).expect(401);
    // Signing in again clears the person's expired sessions.
    await signIn(server.app, firm.adminEmail, firm.adminPassword);
    expect(await server.models.Session.countDocuments({ tokenHash: sha256(token) })).toBe(0);
  });

  it('changes one’s password: the current one is checked, other sessions are closed', async () => {
    const { password } = await addPerson('mdp@cabinet-durand.example');
    const a = await signIn(server.app, 'mdp@cabinet-durand.example', password);
    const b = await signIn(server.app, 'mdp@cabinet-durand.example', password);
    const wrong = await request(server.app)
      .post('/api/auth/password')
      .set('cookie', a)
      .send({ currentPassword: 'faux', newPassword: 'un nouveau mot de passe' })
      .expect(400);
    expect(wrong.body.issues[0]).toMatchObject({ pointer: '/currentPassword', code: 'auth.bad-password' });
    const short = await request(server.app)
      .post('/api/auth/password')
      .set('cookie', a)
      .send({ currentPassword: password, newPassword: 'court' })
      .expect(400);
    expect(short.body.issues[0].pointer).toBe('/newPassword');
    await request(server.app)
      .post('/api/auth/password')
      .set('cookie', a)
      .send({ currentPassword: password, newPassword: 'un nouveau mot de passe' })
      .expect(204);
    await request(server.app).get('/api/auth/me').set('cookie', a).expect(200);
    await request(server.app).get('/api/auth/me').set('cookie', b).expect(401);
    await login('mdp@cabinet-durand.example', password).expect(401);
    await login('mdp@cabinet-durand.example', 'un nouveau mot de passe').expect(200);
  });
});

describe('TOTP second factor', () => {
  it('enrols with a code from the app, then asks for a code at every sign-in, each code accepted once', async () => {
    const person = await addPerson('totp@cabinet-durand.example');
    const cookie = await signIn(server.app, 'totp@cabinet-durand.example', person.password);
    const setup = await request(server.app).post('/api/auth/totp/setup').set('cookie', cookie).expect(200);
    expect(setup.body.secret).toMatch(/^[A-Z2-7]{32}$/);
    expect(setup.body.otpauthUri).toContain(`secret=${setup.body.secret}`);
    const secret = base32Decode(setup.body.secret);
    const wrong = await request(server.app)
      .post('/api/auth/totp/enable')
      .set('cookie', cookie)
      .send({ secret: setup.body.secret, code: totp(secret, Date.now() - 10 * 60_000) })
      .expect(400);
    expect(wrong.body.issues[0]).toMatchObject({ pointer: '/code', code: 'auth.code-invalid' });
    const enabled = await request(server.app)
      .post('/api/auth/totp/enable')
      .set('cookie', cookie)
      .send({ secret: setup.body.secret, code: totp(secret, Date.now()) })
      .expect(200);
    expect(enabled.body.user.twoFactorEnabled).toBe(true);
    const stored = await server.models.User.findById(person.id).lean();
    expect(stored?.totpSecret).toBe(setup.body.secret);
    await request(server.app).post('/api/auth/totp/setup').set('cookie', cookie).expect(409);

    // A new sign-in: the session is held until the code is given.
    const res = await login('totp@cabinet-durand.example', person.password).expect(200);
    expect(res.body.secondFactor).toBe('required');
    const pending = cookieOf(res);
    const held = await request(server.app).get('/api/workflows').set('cookie', pending).expect(401);
    expect(held.body.code).toBe('second-factor-required');
    expect((await request(server.app).get('/api/auth/me').set('cookie', pending).expect(200)).body.secondFactor).toBe(
      'required',
    );
    // The code used to enable is refused (already used); the next step's code is accepted once.
    await request(server.app)
      .post('/api/auth/totp/verify')
      .set('cookie', pending)
      .send({ code: totp(secret, Date.now()) })
      .expect(401);
    const next = totp(secret, Date.now() + 30_000);
    await request(server.app).post('/api/auth/totp/verify').set('cookie', pending).send({ code: next }).expect(200);
    await request(server.app).get('/api/workflows').set('cookie', pending).expect(200);
    const again = cookieOf(await login('totp@cabinet-durand.example', person.password).expect(200));
    await request(server.app).post('/api/auth/totp/verify').set('cookie', again).send({ code: next }).expect(401);
    await request(server.app).get('/api/workflows').set('cookie', again).expect(401);

    // Turning it off takes a valid code.
    const previous = totp(secret, Date.now() - 30_000);
    await request(server.app)
      .post('/api/auth/totp/disable')
      .set('cookie', pending)
      .send({ code: previous })
      .expect(401);
    // An admin can remove a lost second factor; the person then signs in with the password alone.
    await request(server.app).post(`/api/users/${person.id}/reset-two-factor`).set('cookie', firm.cookie).expect(200);
    await request(server.app).get('/api/workflows').set('cookie', pending).expect(401);
    expect((await login('totp@cabinet-durand.example', person.password).expect(200)).body.secondFactor).toBe('done');
  });

  it('one code opens one session, even when two sign-ins send it at the same moment', async () => {
    const person = await addPerson('course@cabinet-durand.example');
    const cookie = await signIn(server.app, 'course@cabinet-durand.example', person.password);
    const setup = await request(server.app).post('/api/auth/totp/setup').set('cookie', cookie).expect(200);
    const secret = base32Decode(setup.body.secret);
    await request(server.app)
      .post('/api/auth/totp/enable')
      .set('cookie', cookie)
      .send({ secret: setup.body.secret, code: totp(secret, Date.now() - 30_000) })
      .expect(200);
    const pending = await Promise.all(
      Array.from({ length: 6 }, async () =>
        cookieOf(await login('course@cabinet-durand.example', person.password).expect(200)),
      ),
    );
    const code = totp(secret, Date.now());
    const answers = await Promise.all(
      pending.map((c) => request(server.app).post('/api/auth/totp/verify').set('cookie', c).send({ code })),
    );
    expect(answers.map((a) => a.status).sort()).toEqual([200, 401, 401, 401, 401, 401]);
  });

  it('when the firm requires it, a person without a second factor must enrol before anything else', async () => {
    const person = await addPerson('oblige@cabinet-durand.example');
    await request(server.app)
      .put('/api/firm/config')
      .set('cookie', firm.cookie)
      .send({ security: { requireTwoFactor: true } })
      .expect(200);
    try {
      const res = await login('oblige@cabinet-durand.example', person.password).expect(200);
      expect(res.body.secondFactor).toBe('enrolment-required');
      const cookie = cookieOf(res);
      const held = await request(server.app).get('/api/workflows').set('cookie', cookie).expect(401);
      expect(held.body.code).toBe('second-factor-enrolment-required');
      const setup = await request(server.app).post('/api/auth/totp/setup').set('cookie', cookie).expect(200);
      const secret = base32Decode(setup.body.secret);
      await request(server.app)
        .post('/api/auth/totp/enable')
        .set('cookie', cookie)
        .send({ secret: setup.body.secret, code: totp(secret, Date.now()) })
        .expect(200);
      await request(server.app).get('/api/workflows').set('cookie', cookie).expect(200);
      const off = await request(server.app)
        .post('/api/auth/totp/disable')
        .set('cookie', cookie)
        .send({ code: totp(secret, Date.now() + 30_000) })
        .expect(409);
      expect(off.body.code).toBe('two-factor-required-by-firm');
    } finally {
      await server.models.Tenant.updateOne({ _id: firm.tenantId }, { $set: { config: {} } });
    }
  });

  it('limits wrong codes per person', async () => {
    const person = await addPerson('codes@cabinet-durand.example');
    const cookie = await signIn(server.app, 'codes@cabinet-durand.example', person.password);
    const setup = await request(server.app).post('/api/auth/totp/setup').set('cookie', cookie).expect(200);
    for (let i = 0; i < 5; i++)
      await request(server.app)
        .post('/api/auth/totp/enable')
        .set('cookie', cookie)
        .send({ secret: setup.body.secret, code: '000000' })
        .expect((r) => expect([400]).toContain(r.status));
    const right = totp(base32Decode(setup.body.secret), Date.now());
    await request(server.app)
      .post('/api/auth/totp/enable')
      .set('cookie', cookie)
      .send({ secret: setup.body.secret, code: right })
      .expect(429);
  });
});
