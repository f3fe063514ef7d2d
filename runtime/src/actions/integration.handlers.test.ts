import { createHmac, timingSafeEqual } from 'node:crypto';
import { once } from 'node:events';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { putFirmSecret } from '../adapters/secrets.ts';
import { getModels } from '../db/models/index.ts';
import { createTenantFixture, startEngine } from '../engine/engine-kit.ts';
import { type TestDatabase, useTestDatabase } from '../testing/test-database.ts';
import { chain, handlerContext, runThrough } from './action-test-kit.ts';
import { createActionHandlers } from './index.ts';

const SECRET = 'whsec-test-4f1c0a2b';

let db: TestDatabase;
let app: Awaited<ReturnType<typeof startEngine>>;
let server: Server;
let port: number;
/** A second local server no firm lists: reaching it would be the SSRF. */
let internal: Server;
let internalPort: number;
let internalHits = 0;
let allowed: string;
let open: string;
/** What the local receiver saw, and whether the signature checked out. */
const received: { path: string; method: string; headers: IncomingMessage['headers']; body: string; valid: boolean }[] =
  [];

/** Checks X-IAPM-Signature as a receiver would: HMAC-SHA256 of `timestamp.body` with the shared secret. */
function signatureValid(headers: IncomingMessage['headers'], body: string): boolean {
  const timestamp = String(headers['x-iapm-timestamp'] ?? '');
  const given = Buffer.from(String(headers['x-iapm-signature'] ?? ''));
  const expected = Buffer.from(`sha256=${createHmac('sha256', SECRET).update(`${timestamp}.${body}`).digest('hex')}`);
  const fresh = Math.abs(Date.now() / 1000 - Number(timestamp)) < 300;
  return fresh && given.length === expected.length && timingSafeEqual(given, expected);
}

beforeAll(async () => {
  db = await useTestDatabase(import.meta.url);
  server = createServer((req, res) => {
    let body = '';
    req.on('data', (c) => {
      body += c;
    });
    req.on('end', () => {
      received.push({
        path: req.url ?? '',
        method: req.method ?? '',
        headers: req.headers,
        body,
        valid: signatureValid(req.headers, body),
      });
      if (req.url?.startsWith('/redirect')) {
        res.writeHead(302, { location: `http://localhost:${internalPort}/admin` }).end();
        return;
      }
      if (req.url === '/down') {
        res.writeHead(503).end('maintenance');
        return;
      }
      res.setHeader('content-type', 'application/json');
      res.end(
        JSON.stringify({ ok: true, items: [{ date: '2026-12-01', room: 'B2' }], echo: body ? JSON.parse(body) : null }),
      );
    });
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  port = (server.address() as AddressInfo).port;
  internal = createServer((_req, res) => {
    internalHits++;
    res.end('secret');
  });
  internal.listen(0, '127.0.0.1');
  await once(internal, 'listening');
  internalPort = (internal.address() as AddressInfo).port;
  allowed = await createTenantFixture(db.connection, { integrations: { httpAllowlist: [`127.0.0.1:${port}`] } });
  open = await createTenantFixture(db.connection);
  await putFirmSecret(db.connection, allowed, 'AGENDA_WEBHOOK_SECRET', SECRET);
  app = await startEngine(db.connection, { handlers: createActionHandlers() });
}, 60_000);
afterAll(async () => {
  await app.stop();
  for (const s of [server, internal]) {
    s.closeAllConnections();
    s.close();
  }
});

describe('webhook_call and api_call through the engine', () => {
  it('posts a signed webhook and calls an API on an allowlisted local server, mapping the response', async () => {
    const before = received.length;
    const run = await runThrough(
      app,
      db,
      allowed,
      chain('Agenda', 'deadline:critical', [
        {
          id: 'hook',
          action: 'webhook_call',
          params: {
            url: `http://127.0.0.1:${port}/hooks`,
            event: 'deadline:critical',
            payload: { workspaceId: '{{payload.workspaceId}}', dueAt: '{{payload.dueAt}}' },
            secretRef: 'AGENDA_WEBHOOK_SECRET',
          },
        },
        {
          id: 'api',
          action: 'api_call',
          params: {
            method: 'POST',
            url: `http://127.0.0.1:${port}/api/audiences`,
            query: { dossier: '2026-0142' },
            body: { status: '{{nodes.hook.output.status}}' },
            responseMapping: { prochaineAudience: '/items/0/date', salle: '/items/0/room', absent: '/nope' },
          },
        },
      ]),
      {
        type: 'deadline:critical',
        payload: {
          deadlineId: 'd-1',
          workspaceId: '65f1b9e0a1b2c3d4e5f60718',
          dueAt: '2026-11-25T23:59:00+01:00',
          hoursLeft: 30,
          urgency: 'critique',
          label: 'Recours OQTF',
        },
      },
    );
    expect(run.error).toBeUndefined();
    expect(run.status).toBe('succeeded');
    const [hook, api] = received.slice(before);
    expect(hook?.valid).toBe(true);
    expect(hook?.headers['content-type']).toBe('application/json');
    expect(hook?.headers['idempotency-key']).toMatch(/^[a-f0-9]{32}$/);
    expect(JSON.parse(hook?.body ?? '')).toMatchObject({
      event: 'deadline:critical',
      payload: { workspaceId: '65f1b9e0a1b2c3d4e5f60718', dueAt: '2026-11-25T23:59:00+01:00' },
    });
    expect(run.state.nodes.hook.output).toMatchObject({ status: 200 });
    expect(api).toMatchObject({ method: 'POST', path: '/api/audiences?dossier=2026-0142' });
    expect(JSON.parse(api?.body ?? '')).toEqual({ status: 200 });
    expect(run.state.nodes.api.output).toMatchObject({
      status: 200,
      mapped: { prochaineAudience: '2026-12-01', salle: 'B2', absent: null },
      body: { ok: true },
    });
  });

  it('fails the step without the allowlist: the call never reaches the server', async () => {
    const before = received.length;
    const run = await runThrough(
      app,
      db,
      open,
      chain('Sans liste', 'deadline:critical', [
        {
          id: 'hook',
          action: 'webhook_call',
          retry: { attempts: 1 },
          params: { url: `http://127.0.0.1:${port}/hooks`, event: 'deadline:critical' },
        },
      ]),
      {
        type: 'deadline:critical',
        payload: {
          deadlineId: 'd-2',
          workspaceId: '65f1b9e0a1b2c3d4e5f60718',
          dueAt: '2026-11-25T23:59:00+01:00',
          hoursLeft: 30,
          urgency: 'critique',
          label: 'Recours OQTF',
        },
      },
    );
    expect(run.status).toBe('failed');
    expect(run.state.nodes.hook.error).toMatchObject({ code: 'http.forbidden-address' });
    expect(received.length).toBe(before);
  });
});

describe('the SSRF guard in the handlers', () => {
  const handlers = createActionHandlers();
  const targets = () => [
    `http://127.0.0.1:${port}/hooks`,
    'http://10.0.0.1/hooks',
    'http://169.254.169.254/latest/meta-data/',
    `http://[::1]:${port}/hooks`,
    `http://localhost:${port}/hooks`,
  ];

  it('refuses loopback, private, metadata, IPv6 loopback and a name resolving to loopback', async () => {
    const before = received.length;
    for (const [i, url] of targets().entries()) {
      await expect(
        handlers.api_call?.perform({ method: 'GET', url }, handlerContext(db, open, `ssrf-api-${i}`)),
      ).rejects.toMatchObject({ code: 'http.forbidden-address', retryable: false });
      await expect(
        handlers.webhook_call?.perform({ url, event: 'test:ping' }, handlerContext(db, open, `ssrf-hook-${i}`)),
      ).rejects.toMatchObject({ code: 'http.forbidden-address' });
    }
    expect(received.length).toBe(before);
  });

  it('refuses a redirect from an allowlisted server to a loopback name it does not list', async () => {
    const before = received.length;
    await expect(
      handlers.api_call?.perform(
        { method: 'GET', url: `http://127.0.0.1:${port}/redirect` },
        handlerContext(db, allowed, 'ssrf-redirect'),
      ),
    ).rejects.toMatchObject({ code: 'http.forbidden-address' });
    // The allowlisted server was asked once; the redirect target never was.
    expect(received.slice(before).map((r) => r.path)).toEqual(['/redirect']);
    expect(internalHits).toBe(0);
  });
});

describe('idempotency and failures', () => {
  const handlers = createActionHandlers();

  it('the same idempotency key delivers a webhook once and returns the first result', async () => {
    const before = received.length;
    const params = { url: `http://127.0.0.1:${port}/hooks`, event: 'test:once', secretRef: 'AGENDA_WEBHOOK_SECRET' };
    const first = await handlers.webhook_call?.perform(params, handlerContext(db, allowed, 'hook-once'));
    const second = await handlers.webhook_call?.perform(params, handlerContext(db, allowed, 'hook-once'));
    expect(second).toEqual(first);
    expect(received.length - before).toBe(1);
    expect(received.at(-1)?.valid).toBe(true);
  });

  it('a write call with the same key is sent once; one that may have left without an answer is not resent', async () => {
    const before = received.length;
    const params = { method: 'POST', url: `http://127.0.0.1:${port}/api/depot`, body: { piece: 'passeport' } };
    const first = await handlers.api_call?.perform(params, handlerContext(db, allowed, 'api-once'));
    const second = await handlers.api_call?.perform(params, handlerContext(db, allowed, 'api-once'));
    expect(second).toEqual(first);
    expect(received.length - before).toBe(1);
    expect(received.at(-1)?.headers['idempotency-key']).toMatch(/^[a-f0-9]{32}$/);
    // A first execution that claimed its key and died before recording the answer.
    await db.connection
      .collection<{ _id: string; owner: string; claimedAt: Date }>('claims')
      .insertOne({ _id: `effect:api:${allowed}:api-crashed`, owner: 'dead-worker', claimedAt: new Date() });
    await expect(handlers.api_call?.perform(params, handlerContext(db, allowed, 'api-crashed'))).rejects.toMatchObject({
      code: 'delivery.uncertain',
      retryable: false,
    });
    expect(received.length - before).toBe(1);
  });

  it('an API answering 503 is a retryable failure; a missing secret is not', async () => {
    await expect(
      handlers.api_call?.perform(
        { method: 'GET', url: `http://127.0.0.1:${port}/down` },
        handlerContext(db, allowed, 'api-down'),
      ),
    ).rejects.toMatchObject({ code: 'api.status', retryable: true });
    await expect(
      handlers.webhook_call?.perform(
        { url: `http://127.0.0.1:${port}/hooks`, event: 'test:x', secretRef: 'UNKNOWN_SECRET' },
        handlerContext(db, allowed, 'hook-nosecret'),
      ),
    ).rejects.toMatchObject({ code: 'secret.missing', retryable: false });
  });

  it("a firm's secret is not readable under another firm's id", async () => {
    await expect(
      handlers.webhook_call?.perform(
        { url: `http://127.0.0.1:${port}/hooks`, event: 'test:x', secretRef: 'AGENDA_WEBHOOK_SECRET' },
        handlerContext(db, open, 'hook-other-firm'),
      ),
    ).rejects.toMatchObject({ code: 'secret.missing' });
    expect(await getModels(db.connection).Tenant.countDocuments()).toBeGreaterThanOrEqual(2);
  });
});
