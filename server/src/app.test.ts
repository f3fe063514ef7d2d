import { getModels } from '@iapm/runtime/db';
import { type TestDatabase, useTestDatabase } from '@iapm/runtime/testing';
import request from 'supertest';
import { beforeAll, describe, expect, it } from 'vitest';
import { createApp } from './app.ts';
import { createTenant } from './services/tenant.service.ts';

let db: TestDatabase;
let app: ReturnType<typeof createApp>;
let admin: { adminEmail: string; adminPassword: string };

beforeAll(async () => {
  db = await useTestDatabase(import.meta.url);
  const models = getModels(db.connection);
  app = createApp({ connection: db.connection, models, databaseKind: db.kind });
  admin = await createTenant(models, {
    name: 'Cabinet Martin',
    adminEmail: 'martin@cabinet.example',
    adminPassword: 'correct horse battery',
  });
}, 60_000);

describe('server basics', () => {
  it('GET /api/health says the database is up', async () => {
    const res = await request(app).get('/api/health').expect(200);
    expect(res.body).toMatchObject({ status: 'ok', database: { status: 'up', kind: db.kind } });
    expect(res.headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('GET /api/catalog lists 36 events, 31 actions, 15 operators', async () => {
    const res = await request(app).get('/api/catalog').expect(200);
    expect(res.body.events).toHaveLength(36);
    expect(res.body.actions).toHaveLength(31);
    expect(res.body.operators).toHaveLength(15);
  });

  it('answers unknown API paths with problem+json 404', async () => {
    const res = await request(app).get('/api/nope').expect(404);
    expect(res.headers['content-type']).toMatch(/application\/problem\+json/);
    expect(res.body).toMatchObject({ status: 404, code: 'not-found', message: { fr: 'Introuvable.' } });
  });

  it('refuses unreadable JSON with a 400 problem, without a stack trace', async () => {
    const res = await request(app)
      .post('/api/auth/login')
      .set('content-type', 'application/json')
      .send('{"email":')
      .expect(400);
    expect(res.body.code).toBe('bad-json');
    expect(JSON.stringify(res.body)).not.toMatch(/at .*\.ts/);
  });

  it('logs in with the right password and sets an httpOnly SameSite cookie; refuses a wrong one', async () => {
    await request(app).post('/api/auth/login').send({ email: admin.adminEmail, password: 'wrong' }).expect(401);
    const res = await request(app)
      .post('/api/auth/login')
      .send({ email: admin.adminEmail, password: admin.adminPassword })
      .expect(200);
    const cookie = String(res.headers['set-cookie']);
    expect(cookie).toMatch(/iapm_session=/);
    expect(cookie).toMatch(/HttpOnly/);
    expect(cookie).toMatch(/SameSite=Strict/);
    const me = await request(app)
      .get('/api/auth/me')
      .set('cookie', cookie.split(';')[0] as string)
      .expect(200);
    expect(me.body.user).toMatchObject({ email: admin.adminEmail, role: 'ADMIN' });
  });

  it('rejects a login body with missing fields, with pointers', async () => {
    const res = await request(app).post('/api/auth/login').send({}).expect(400);
    expect(res.body.issues.map((i: { pointer: string }) => i.pointer)).toEqual(['/email', '/password']);
  });
});
