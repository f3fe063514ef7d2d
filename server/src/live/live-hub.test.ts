import { once } from 'node:events';
import { createServer } from 'node:http';
import { InProcessLiveChannel, NotificationDelivery } from '@iapm/runtime';
import { getModels } from '@iapm/runtime/db';
import { recordingHandlers, until } from '@iapm/runtime/engine-kit';
import { useTestDatabase } from '@iapm/runtime/testing';
import { validateWith } from '@iapm/schemas';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { apiRef } from '../http/validate.ts';
import { type RunningServer, startServer } from '../lifecycle.ts';
import { createTenant } from '../services/tenant.service.ts';
import { clientCreated, signIn } from '../test-kit.ts';
import { CLOSE, LiveHub } from './live-hub.ts';

type Message = { type: string; [k: string]: unknown };

/** A live socket that keeps every message it receives. */
async function connect(base: string, cookie: string | undefined, headers: Record<string, string> = {}) {
  const ws = new WebSocket(`${base.replace('http', 'ws')}/api/ws`, {
    headers: { ...(cookie ? { cookie } : {}), ...headers },
  });
  const messages: Message[] = [];
  ws.on('message', (data) => messages.push(JSON.parse(String(data))));
  await new Promise<void>((resolve, reject) => {
    ws.once('open', () => resolve());
    ws.once('unexpected-response', (_req, res) =>
      reject(Object.assign(new Error('refused'), { status: res.statusCode })),
    );
    ws.once('error', reject);
  });
  await until(async () => messages.some((m) => m.type === 'hello'), 5000, 'hello');
  return { ws, messages };
}

const db = await useTestDatabase(import.meta.url);
const models = getModels(db.connection);
const live = new InProcessLiveChannel();
let running: RunningServer;
let base: string;
const firms: Record<'a' | 'b', { tenantId: string; apiKey: string; admin: string; cookie: string }> = {} as never;
let clientCookie: string;
let clientUserId: string;

beforeAll(async () => {
  running = await startServer({
    connection: db.connection,
    models,
    databaseKind: db.kind,
    // The node `echec` fails for good (not retryable): a failed run.
    handlers: recordingHandlers(db.connection, { failFirst: new Set(['echec']) }),
    live,
    port: 0,
    host: '127.0.0.1',
    runtime: { processEvery: 100 },
  });
  base = `http://127.0.0.1:${running.port}`;
  for (const key of ['a', 'b'] as const) {
    const created = await createTenant(models, {
      name: `Cabinet ${key}`,
      adminEmail: `admin-${key}@live.example`,
      adminPassword: `mot-de-passe-${key}-live`,
    });
    const admin = String((await models.User.findOne({ email: created.adminEmail }).lean())?._id);
    firms[key] = { ...created, admin, cookie: await signIn(base as never, created.adminEmail, created.adminPassword) };
  }
  const ws = await models.Workspace.create({
    tenantId: firms.a.tenantId,
    clientId: firms.a.tenantId,
    title: 'Dossier',
    procedureType: 'OQTF',
  });
  const client = await request(base)
    .post('/api/users')
    .set('cookie', firms.a.cookie)
    .send({
      email: 'client@live.example',
      name: 'Client',
      role: 'CLIENT',
      workspaceId: String(ws._id),
      password: 'client-live-secret',
    })
    .expect(201);
  clientUserId = client.body.user.id;
  clientCookie = await signIn(base as never, 'client@live.example', 'client-live-secret');
}, 90_000);

afterAll(async () => {
  await running?.stop();
});

const gated = {
  schemaVersion: 1,
  name: 'Courrier à valider',
  nodes: [
    { id: 'start', kind: 'trigger', event: 'client:created' },
    {
      id: 'courrier',
      kind: 'action',
      action: 'generate_document',
      autonomy: 'RED',
      params: { template: 'recours', workspaceId: 'ws-1' },
    },
    { id: 'note', kind: 'action', action: 'create_note', params: { workspaceId: 'ws-1', text: 'fait' } },
  ],
  edges: [
    { id: 'e1', source: 'start', target: 'courrier' },
    { id: 'e2', source: 'courrier', target: 'note' },
  ],
};

describe('live WebSocket /api/ws', () => {
  it('refuses an upgrade without a session, from another origin, or on another path', async () => {
    await expect(connect(base, undefined)).rejects.toMatchObject({ status: 401 });
    await expect(connect(base, firms.a.cookie, { origin: 'https://evil.example' })).rejects.toMatchObject({
      status: 403,
    });
    const wrong = new WebSocket(`${base.replace('http', 'ws')}/api/other`, { headers: { cookie: firms.a.cookie } });
    const [, res] = (await once(wrong, 'unexpected-response')) as [unknown, { statusCode: number }];
    expect(res.statusCode).toBe(404);
    // An API key is a system, not a studio: no socket for it.
    await expect(connect(base, undefined, { authorization: `Bearer ${firms.a.apiKey}` })).rejects.toMatchObject({
      status: 401,
    });
  });

  it('pushes run, step and gate messages to the firm’s ADMINs only, each valid against its schema', async () => {
    const adminA = await connect(base, firms.a.cookie, { origin: base });
    const adminB = await connect(base, firms.b.cookie);
    const client = await connect(base, clientCookie);
    const wf = await request(base)
      .post('/api/workflows')
      .set('cookie', firms.a.cookie)
      .send({ name: gated.name, document: gated });
    await request(base).post(`/api/workflows/${wf.body.id}/publish`).set('cookie', firms.a.cookie).expect(201);
    const event = await request(base)
      .post('/api/v1/events')
      .set('authorization', `Bearer ${firms.a.apiKey}`)
      .send({ type: 'client:created', payload: clientCreated('c-live') })
      .expect(202);
    const runId = event.body.runs[0].runId;
    const has = (list: Message[], type: string, extra: (m: Message) => boolean = () => true) =>
      list.some((m) => m.type === type && m.runId === runId && extra(m));
    await until(async () => has(adminA.messages, 'validation.created'), 15_000, 'validation.created');
    expect(has(adminA.messages, 'run.updated', (m) => m.status === 'awaiting_validation')).toBe(true);
    expect(has(adminA.messages, 'run.step', (m) => (m.step as { nodeId: string }).nodeId === 'courrier')).toBe(true);
    const gate = adminA.messages.find((m) => m.type === 'validation.created');
    expect(gate).toMatchObject({
      nodeId: 'courrier',
      action: 'generate_document',
      autonomy: 'RED',
      workflowId: wf.body.id,
    });

    await until(async () => (await models.ValidationRequest.countDocuments({ runId })) === 1, 10_000);
    const request_ = await models.ValidationRequest.findOne({ runId }).lean();
    await request(base)
      .post(`/api/validations/${request_?._id}/decision`)
      .set('cookie', firms.a.cookie)
      .send({ decision: 'APPROVED' })
      .expect(200);
    await until(async () => has(adminA.messages, 'run.updated', (m) => m.status === 'succeeded'), 15_000, 'succeeded');
    expect(has(adminA.messages, 'validation.decided', (m) => m.status === 'APPROVED')).toBe(true);
    const steps = adminA.messages.filter((m) => m.type === 'run.step' && m.runId === runId);
    expect(steps.some((m) => (m.step as { nodeId: string; status: string }).nodeId === 'note')).toBe(true);

    for (const m of adminA.messages) expect(validateWith(apiRef('LiveMessage'), m).ok, JSON.stringify(m)).toBe(true);
    expect(adminB.messages.map((m) => m.type)).toEqual(['hello']);
    expect(client.messages.map((m) => m.type)).toEqual(['hello']);
    for (const s of [adminA, adminB, client]) s.ws.close();
  }, 60_000);

  it('tells a run that failed, with its error, valid against the schema', async () => {
    const adminA = await connect(base, firms.a.cookie);
    const failing = {
      schemaVersion: 1,
      name: 'Échoue',
      nodes: [
        { id: 'start', kind: 'trigger', event: 'client:created' },
        { id: 'echec', kind: 'action', action: 'create_note', params: { workspaceId: 'ws-1', text: 'échec' } },
      ],
      edges: [{ id: 'e1', source: 'start', target: 'echec' }],
    };
    const wf = await request(base)
      .post('/api/workflows')
      .set('cookie', firms.a.cookie)
      .send({ name: 'Échoue', document: failing });
    await request(base).post(`/api/workflows/${wf.body.id}/publish`).set('cookie', firms.a.cookie).expect(201);
    const event = await request(base)
      .post('/api/v1/events')
      .set('authorization', `Bearer ${firms.a.apiKey}`)
      .send({ type: 'client:created', payload: clientCreated('c-echec') })
      .expect(202);
    const runs = event.body.runs.filter((r: { workflowId: string }) => r.workflowId === wf.body.id);
    const runId = runs[0].runId;
    await until(
      async () => adminA.messages.some((m) => m.type === 'run.updated' && m.runId === runId && m.status === 'failed'),
      15_000,
      'run.updated failed',
    );
    const failed = adminA.messages.find((m) => m.type === 'run.updated' && m.runId === runId && m.status === 'failed');
    expect(failed?.error).toMatchObject({ nodeId: 'echec', code: 'test.failure' });
    for (const m of adminA.messages) expect(validateWith(apiRef('LiveMessage'), m).ok, JSON.stringify(m)).toBe(true);
    adminA.ws.close();
  }, 60_000);

  it('tells of a run that ends in its first state (a trigger straight to its end)', async () => {
    const adminA = await connect(base, firms.a.cookie);
    const straight = {
      schemaVersion: 1,
      name: 'Accusé direct',
      nodes: [
        { id: 'start', kind: 'trigger', event: 'client:created' },
        { id: 'fin', kind: 'end' },
      ],
      edges: [{ id: 'e1', source: 'start', target: 'fin' }],
    };
    const wf = await request(base)
      .post('/api/workflows')
      .set('cookie', firms.a.cookie)
      .send({ name: straight.name, document: straight })
      .expect(201);
    await request(base).post(`/api/workflows/${wf.body.id}/publish`).set('cookie', firms.a.cookie).expect(201);
    const event = await request(base)
      .post('/api/v1/events')
      .set('authorization', `Bearer ${firms.a.apiKey}`)
      .send({ type: 'client:created', payload: clientCreated('c-straight') })
      .expect(202);
    const runId = event.body.runs.find((r: { workflowId: string }) => r.workflowId === wf.body.id).runId;
    await until(
      async () =>
        adminA.messages.some((m) => m.type === 'run.updated' && m.runId === runId && m.status === 'succeeded'),
      15_000,
      'run.updated succeeded',
    );
    await request(base).post(`/api/workflows/${wf.body.id}/disable`).set('cookie', firms.a.cookie).expect(200);
    adminA.ws.close();
  }, 60_000);

  it('sends a notification to its addressee only', async () => {
    const adminA = await connect(base, firms.a.cookie);
    const client = await connect(base, clientCookie);
    const notification = await models.Notification.create({
      tenantId: firms.a.tenantId,
      userId: clientUserId,
      title: 'Pièce reçue',
      priority: 'high',
      deliverAt: new Date(),
    });
    await new NotificationDelivery(db.connection, { live }).deliver(notification.toObject() as never);
    await until(async () => client.messages.some((m) => m.type === 'notification.created'), 5000, 'notification');
    expect(client.messages.find((m) => m.type === 'notification.created')).toMatchObject({
      notification: { id: String(notification._id), userId: clientUserId, title: 'Pièce reçue', priority: 'high' },
    });
    await new Promise((r) => setTimeout(r, 200));
    expect(adminA.messages.map((m) => m.type)).toEqual(['hello']);
    adminA.ws.close();
    client.ws.close();
  });
});

describe('workspace.updated', () => {
  it('a case’s timeline growing is told to its firm’s lawyers, and to nobody else', async () => {
    const adminA = await connect(base, firms.a.cookie);
    const adminB = await connect(base, firms.b.cookie);
    const client = await connect(base, clientCookie);
    const workspaceId = '6b0500000000000000000aaa';
    // Whoever writes the entry (an action, the checklist reaction, a lawyer's tick) goes through the model.
    await models.TimelineEvent.create({
      tenantId: firms.a.tenantId,
      workspaceId,
      at: new Date('2026-11-24T09:00:00Z'),
      kind: 'checklist.item',
      title: 'Passeport reçu',
    });
    await until(async () => adminA.messages.some((m) => m.type === 'workspace.updated'), 5000, 'workspace.updated');
    const message = adminA.messages.find((m) => m.type === 'workspace.updated');
    expect(message).toEqual({
      type: 'workspace.updated',
      workspaceId,
      kind: 'checklist.item',
      at: '2026-11-24T09:00:00.000Z',
    });
    expect(validateWith(apiRef('LiveMessage'), message).ok).toBe(true);
    await new Promise((r) => setTimeout(r, 200));
    expect(adminB.messages.map((m) => m.type)).toEqual(['hello']);
    expect(client.messages.map((m) => m.type)).toEqual(['hello']);
    for (const socket of [adminA, adminB, client]) socket.ws.close();
  });
});

describe('LiveHub limits', () => {
  let hub: LiveHub;
  let url: string;
  const http = createServer((_req, res) => res.end());

  beforeAll(async () => {
    hub = new LiveHub({ models, heartbeatMs: 300, maxBufferedBytes: 64 * 1024 });
    hub.attach(http);
    http.listen(0, '127.0.0.1');
    await once(http, 'listening');
    url = `http://127.0.0.1:${(http.address() as { port: number }).port}`;
  });
  afterAll(async () => {
    await hub.close();
    http.close();
  });

  it('drops a consumer that stops reading instead of buffering for it', async () => {
    const slow = await connect(url, firms.a.cookie);
    const closed = once(slow.ws, 'close');
    (slow.ws as unknown as { _socket: { pause(): void } })._socket.pause();
    const text = 'x'.repeat(4000);
    let sent = 0;
    for (; sent < 5000 && hub.size > 0; sent++) {
      hub.publish(firms.a.tenantId, {
        type: 'run.updated',
        runId: 'r1',
        workflowId: `w-${text.slice(0, 40)}`,
        version: 1,
        status: 'running',
        at: new Date().toISOString(),
        error: { code: 'c', message: text },
      });
      if (sent % 50 === 0) await new Promise((r) => setImmediate(r));
    }
    expect(hub.size).toBe(0);
    // Far less than everything published was held for it: the buffer bound, not the message count, decided.
    expect(sent).toBeLessThan(5000);
    (slow.ws as unknown as { _socket: { resume(): void } })._socket.resume();
    const [code] = (await closed) as [number];
    expect([CLOSE.tryAgainLater, 1006]).toContain(code);
  });

  it('closes a socket that stops answering pings, and one whose session ended', async () => {
    const silent = await connect(url, firms.a.cookie);
    (silent.ws as unknown as { _socket: { pause(): void } })._socket.pause();
    await until(async () => hub.size === 0, 5000, 'heartbeat drop');

    const cookie = await signIn(base as never, 'admin-b@live.example', 'mot-de-passe-b-live');
    const socket = await connect(url, cookie);
    const closed = once(socket.ws, 'close');
    await request(base).post('/api/auth/logout').set('cookie', cookie).expect(204);
    const [code] = (await closed) as [number];
    expect(code).toBe(CLOSE.sessionEnded);
  });
});
