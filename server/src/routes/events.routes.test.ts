import { startRuntime } from '@iapm/runtime';
import { getModels, type Models } from '@iapm/runtime/db';
import { publishFixture, recordingHandlers, until } from '@iapm/runtime/engine-kit';
import { type TestDatabase, useTestDatabase } from '@iapm/runtime/testing';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../app.ts';
import { createTenant } from '../services/tenant.service.ts';

let db: TestDatabase;
let models: Models;
let runtime: Awaited<ReturnType<typeof startRuntime>>;
let app: ReturnType<typeof createApp>;
let firmA: Awaited<ReturnType<typeof createTenant>>;
let firmB: Awaited<ReturnType<typeof createTenant>>;

const created = (clientId: string) => ({
  type: 'client:created',
  payload: {
    clientId,
    firstName: 'Moussa',
    lastName: 'Diallo',
    status: 'prospect',
    source: 'api',
    createdAt: '2026-11-20T09:00:00Z',
  },
});

beforeAll(async () => {
  db = await useTestDatabase(import.meta.url);
  models = getModels(db.connection);
  runtime = await startRuntime(db.connection, recordingHandlers(db.connection), { processEvery: 100 });
  app = createApp({ connection: db.connection, models, databaseKind: db.kind, events: runtime.events });
  firmA = await createTenant(models, {
    name: 'Cabinet A',
    adminEmail: 'a@cabinet-a.example',
    adminPassword: 'motdepasse-a',
  });
  firmB = await createTenant(models, {
    name: 'Cabinet B',
    adminEmail: 'b@cabinet-b.example',
    adminPassword: 'motdepasse-b',
  });
  await publishFixture(db.connection, firmA.tenantId, {
    schemaVersion: 1,
    name: 'Nouveau client',
    nodes: [
      { id: 'start', kind: 'trigger', event: 'client:created' },
      {
        id: 'note',
        kind: 'action',
        action: 'create_note',
        params: { workspaceId: 'ws-a', text: 'Client {{payload.lastName}}' },
      },
    ],
    edges: [{ id: 'e', source: 'start', target: 'note' }],
  } as never);
}, 60_000);
afterAll(async () => {
  await runtime.stop();
});

describe('POST /api/v1/events', () => {
  it('refuses a request without a key, or with an unknown one', async () => {
    await request(app).post('/api/v1/events').send(created('c-0')).expect(401);
    const res = await request(app)
      .post('/api/v1/events')
      .set('authorization', 'Bearer iapm_00000000_nope-nope-nope')
      .send(created('c-0'))
      .expect(401);
    expect(res.headers['content-type']).toMatch(/problem\+json/);
  });

  it('accepts an event (202), starts the firm’s runs, and answers a repeat with the first answer', async () => {
    const body = { ...created('c-1'), idempotencyKey: 'crm-1' };
    const first = await request(app)
      .post('/api/v1/events')
      .set('authorization', `Bearer ${firmA.apiKey}`)
      .send(body)
      .expect(202);
    expect(first.body).toMatchObject({ duplicate: false, runs: [{ version: 1 }] });
    const runId = first.body.runs[0].runId;
    await until(async () => (await models.Run.findById(runId).lean())?.status === 'succeeded', 10_000, 'run');
    const again = await request(app)
      .post('/api/v1/events')
      .set('authorization', `Bearer ${firmA.apiKey}`)
      .send(body)
      .expect(202);
    expect(again.body).toEqual({ eventId: first.body.eventId, duplicate: true, runs: first.body.runs });
  });

  it('starts nothing for another firm: firm B’s key does not reach firm A’s workflows', async () => {
    const res = await request(app)
      .post('/api/v1/events')
      .set('authorization', `Bearer ${firmB.apiKey}`)
      .send(created('c-2'))
      .expect(202);
    expect(res.body.runs).toEqual([]);
  });

  it('answers 400 with pointers for a bad payload, and stores nothing', async () => {
    const before = await models.Event.countDocuments();
    const res = await request(app)
      .post('/api/v1/events')
      .set('authorization', `Bearer ${firmA.apiKey}`)
      .send({ type: 'client:created', payload: { clientId: 'c-3', status: 'inconnu' }, extra: 1 })
      .expect(400);
    expect(res.body.issues.map((i: { pointer: string }) => i.pointer)).toEqual(['/extra']);
    const res2 = await request(app)
      .post('/api/v1/events')
      .set('authorization', `Bearer ${firmA.apiKey}`)
      .send({ type: 'client:created', payload: { clientId: 'c-3', status: 'inconnu' } })
      .expect(400);
    expect(res2.body.issues.map((i: { pointer: string }) => i.pointer)).toEqual(
      expect.arrayContaining(['/payload/status', '/payload/source']),
    );
    expect(res2.body.issues[0].message.fr).toBeTruthy();
    expect(await models.Event.countDocuments()).toBe(before);
  });

  it('batch: one bad event refuses the whole batch before anything starts', async () => {
    const before = await models.Event.countDocuments();
    const res = await request(app)
      .post('/api/v1/events/batch')
      .set('authorization', `Bearer ${firmA.apiKey}`)
      .send({ events: [created('c-4'), { type: 'client:created', payload: {} }] })
      .expect(400);
    expect(res.body.issues[0].pointer).toMatch(/^\/events\/1\/payload/);
    expect(await models.Event.countDocuments()).toBe(before);
    const ok = await request(app)
      .post('/api/v1/events/batch')
      .set('authorization', `Bearer ${firmA.apiKey}`)
      .send({ events: [created('c-5'), created('c-6')] })
      .expect(202);
    expect(ok.body.results).toHaveLength(2);
  });

  it('concurrent requests are stored together; each is answered once its event is stored; a repeated key says duplicate', async () => {
    const auth = { authorization: `Bearer ${firmA.apiKey}` };
    const key = 'crm-concurrent-1';
    const answers = await Promise.all(
      Array.from({ length: 10 }, (_, i) =>
        request(app)
          .post('/api/v1/events')
          .set(auth)
          .send(i % 2 ? { ...created('c-same'), idempotencyKey: key } : created(`c-many-${i}`))
          .expect(202),
      ),
    );
    const keyed = answers.filter((_, i) => i % 2).map((r) => r.body);
    expect(keyed.filter((b) => !b.duplicate)).toHaveLength(1);
    expect(new Set(keyed.map((b) => b.eventId)).size).toBe(1);
    expect(new Set(keyed.map((b) => b.runs[0]?.runId)).size).toBe(1);
    for (const r of answers) expect(await models.Event.exists({ _id: r.body.eventId })).toBeTruthy();
    // In a batch too, in the batch's order.
    const batch = await request(app)
      .post('/api/v1/events/batch')
      .set(auth)
      .send({
        events: [
          { ...created('c-b1'), idempotencyKey: 'crm-batch-1' },
          created('c-b2'),
          { ...created('c-b1'), idempotencyKey: 'crm-batch-1' },
        ],
      })
      .expect(202);
    const [first, second, third] = batch.body.results;
    expect([first.duplicate, second.duplicate, third.duplicate].filter(Boolean)).toHaveLength(1);
    expect(third.eventId).toBe(first.eventId);
    expect(second.eventId).not.toBe(first.eventId);
    const stored = await models.Event.findById(second.eventId).lean();
    expect(stored?.payload).toMatchObject({ clientId: 'c-b2' });
  });

  it('refuses payload field names and lists the database cannot store with their pointers (400, not 500)', async () => {
    const before = await models.Event.countDocuments();
    const res = await request(app)
      .post('/api/v1/events')
      .set('authorization', `Bearer ${firmA.apiKey}`)
      .send({
        type: 'system:error',
        payload: {
          source: 'api',
          code: 'X',
          message: 'm',
          severity: 'warning',
          details: { $where: 'sleep(1)', 'a.b': 1, list: [[1, 2]], ok: { nested: [{ $gt: 1 }] } },
        },
      })
      .expect(400);
    expect(res.headers['content-type']).toMatch(/problem\+json/);
    expect(res.body.issues.map((i: { pointer: string; code: string }) => `${i.pointer} ${i.code}`)).toEqual([
      '/payload/details/$where schema.propertyNames',
      '/payload/details/a.b schema.propertyNames',
      '/payload/details/list/0 schema.type',
      '/payload/details/ok/nested/0/$gt schema.propertyNames',
    ]);
    expect(await models.Event.countDocuments()).toBe(before);
  });

  it('refuses a revoked key at once', async () => {
    await models.ApiKey.updateMany({ tenantId: firmB.tenantId }, { $set: { revokedAt: new Date() } });
    await request(app)
      .post('/api/v1/events')
      .set('authorization', `Bearer ${firmB.apiKey}`)
      .send(created('c-7'))
      .expect(401);
  });
});
