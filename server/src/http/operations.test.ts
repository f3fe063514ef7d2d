import { Writable } from 'node:stream';
import request from 'supertest';
import { beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../app.ts';
import { newApiKey, sha256 } from '../services/tokens.ts';
import { createFirm, startTestServer, type TestServer } from '../test-kit.ts';
import { createLogger, maskText, redact } from './logging.ts';
import { Metrics } from './metrics.ts';

let server: TestServer;
let firm: Awaited<ReturnType<typeof createFirm>>;

beforeAll(async () => {
  server = await startTestServer(import.meta.url);
  firm = await createFirm(server, 'Cabinet Exploitation', 'ops@cabinet.example');
}, 60_000);

/** An app on the same database with the options under test. */
const appWith = (extra: Partial<Parameters<typeof createApp>[0]>) =>
  createApp({ connection: server.db.connection, models: server.models, databaseKind: server.db.kind, ...extra });

describe('headers and request ids', () => {
  it('sets the security headers and a request id on every answer, and keeps a well-formed incoming id', async () => {
    const res = await request(server.app).get('/api/health').expect(200);
    expect(res.headers).toMatchObject({
      'x-content-type-options': 'nosniff',
      'x-frame-options': 'DENY',
      'referrer-policy': 'same-origin',
      'cross-origin-opener-policy': 'same-origin',
      'cross-origin-resource-policy': 'same-origin',
    });
    expect(res.headers['content-security-policy']).toMatch(/default-src 'self'/);
    expect(res.headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);
    expect(res.headers['strict-transport-security']).toBeUndefined();
    const kept = await request(server.app).get('/api/nothing').set('x-request-id', 'proxy-abc.123').expect(404);
    expect(kept.headers['x-request-id']).toBe('proxy-abc.123');
    expect(kept.body.requestId).toBe('proxy-abc.123');
    const replaced = await request(server.app).get('/api/health').set('x-request-id', 'bad id <script>');
    expect(replaced.headers['x-request-id']).not.toContain('script');
    const https = await request(appWith({ secureCookies: true })).get('/api/health');
    expect(https.headers['strict-transport-security']).toMatch(/max-age=31536000/);
  });
});

describe('same origin by default', () => {
  it('refuses a change from another origin, lets reads through without CORS headers, and allows listed origins', async () => {
    const refused = await request(server.app)
      .post('/api/workflows')
      .set('cookie', firm.cookie)
      .set('origin', 'https://evil.example')
      .send({ name: 'x' })
      .expect(403);
    expect(refused.body.code).toBe('cross-origin');
    expect(await server.models.Workflow.countDocuments({ name: 'x' })).toBe(0);
    const read = await request(server.app).get('/api/catalog').set('origin', 'https://evil.example').expect(200);
    expect(read.headers['access-control-allow-origin']).toBeUndefined();
    const own = await request(server.app)
      .post('/api/workflows')
      .set('cookie', firm.cookie)
      .set('host', 'studio.example')
      .set('origin', 'http://studio.example')
      .send({ name: 'Même origine' });
    expect(own.status).toBe(201);
    const listed = appWith({ allowedOrigins: ['https://portail.example'] });
    const preflight = await request(listed)
      .options('/api/workflows')
      .set('origin', 'https://portail.example')
      .set('access-control-request-method', 'POST')
      .expect(204);
    expect(preflight.headers['access-control-allow-origin']).toBe('https://portail.example');
    expect(preflight.headers['access-control-allow-credentials']).toBe('true');
  });
});

describe('problem+json for every error', () => {
  it('answers oversized, unreadable and unknown requests with problem+json and no stack', async () => {
    const big = await request(server.app)
      .post('/api/workflows')
      .set('cookie', firm.cookie)
      .set('content-type', 'application/json')
      .send(`{"name":"${'x'.repeat(1_100_000)}"}`)
      .expect(413);
    expect(big.headers['content-type']).toMatch(/application\/problem\+json/);
    expect(big.body.code).toBe('too-large');
    const bad = await request(server.app)
      .post('/api/workflows')
      .set('cookie', firm.cookie)
      .set('content-type', 'application/json')
      .send('{"name":')
      .expect(400);
    expect(bad.body).toMatchObject({ code: 'bad-json', status: 400, message: { fr: 'JSON illisible.' } });
    expect(JSON.stringify(bad.body)).not.toMatch(/at .*\.ts:\d+/);
    const missing = await request(server.app).delete('/api/workflows').set('cookie', firm.cookie).expect(404);
    expect(missing.headers['content-type']).toMatch(/problem\+json/);
  });

  it('titles a problem in the caller’s language, French unless English is preferred; message has both', async () => {
    const ask = (language?: string) => {
      const req = request(server.app).get('/api/workflows/6b0500000000000000000000').set('cookie', firm.cookie);
      return (language ? req.set('accept-language', language) : req).expect(404);
    };
    const plain = await ask();
    expect(plain.body).toMatchObject({ title: 'Introuvable.', message: { fr: 'Introuvable.', en: 'Not found.' } });
    expect(plain.headers['content-language']).toBe('fr');
    const english = await ask('en-GB,en;q=0.9,fr;q=0.5');
    expect(english.body.title).toBe('Not found.');
    expect(english.headers['content-language']).toBe('en');
    expect((await ask('fr-FR,fr;q=0.9,en;q=0.8')).body.title).toBe('Introuvable.');
    expect((await ask('de-DE')).body.title).toBe('Introuvable.');
  });

  it('refuses payload field names the database cannot store with their pointer (never a 500)', async () => {
    const wf = await request(server.app)
      .post('/api/workflows')
      .set('cookie', firm.cookie)
      .send({ name: 'Clés', document: { schemaVersion: 1, name: 'Clés', nodes: [], edges: [], 'a.b': 1 } })
      .expect(400);
    expect(wf.body.issues[0]).toMatchObject({ pointer: '/document/a.b', code: 'schema.propertyNames' });
  });
});

describe('health, readiness and metrics', () => {
  it('answers /api/ready 200, then 503 while draining', async () => {
    let draining = false;
    const app = appWith({ draining: () => draining });
    const ready = await request(app).get('/api/ready').expect(200);
    expect(ready.body).toMatchObject({ status: 'ready', database: { status: 'up' }, scheduler: { status: 'absent' } });
    draining = true;
    const drain = await request(app).get('/api/ready').expect(503);
    expect(drain.body).toMatchObject({ status: 'not-ready', draining: true });
    expect(drain.headers.connection).toBe('close');
  });

  it('serves Prometheus metrics with request counts by route pattern, behind a token when one is set', async () => {
    const metrics = new Metrics();
    const app = appWith({ metrics });
    await request(app)
      .get(`/api/workflows/${'0'.repeat(24)}`)
      .set('cookie', firm.cookie)
      .expect(404);
    await request(app).get('/api/health').expect(200);
    const text = (
      await request(app)
        .get('/metrics')
        .expect(200)
        .expect('content-type', /text\/plain/)
    ).text;
    expect(text).toMatch(/iapm_http_requests_total\{method="GET",route="\/api\/workflows\/:id",status="404"\} 1/);
    expect(text).toMatch(/iapm_http_request_duration_seconds_bucket\{le="0.005",method="GET",route="\/api\/health"\}/);
    expect(text).toMatch(/iapm_process_resident_memory_bytes/);
    expect(text).not.toContain('0'.repeat(24));
    const guarded = appWith({ metrics: new Metrics({ defaults: false }), metricsToken: 'jeton-metriques' });
    await request(guarded).get('/metrics').expect(401);
    await request(guarded).get('/metrics').set('authorization', 'Bearer jeton-metriques').expect(200);
  });
});

describe('key and session lookups', () => {
  it('finds API keys and sessions by an id derived from their hash, and still finds those stored before', async () => {
    const stored = await server.models.ApiKey.findOne({ keyHash: sha256(firm.apiKey) }).lean();
    expect(String(stored?._id)).toBe(sha256(firm.apiKey).slice(0, 24));
    const token = decodeURIComponent(firm.cookie.split('=')[1] as string);
    const session = await server.models.Session.findOne({ tokenHash: sha256(token) }).lean();
    expect(String(session?._id)).toBe(sha256(token).slice(0, 24));
    // A key written with a random id (as before) is found by its hash; revoked, it is refused.
    const legacy = newApiKey();
    const doc = await server.models.ApiKey.create({
      tenantId: firm.tenantId,
      name: 'Ancienne clé',
      prefix: legacy.prefix,
      keyHash: legacy.hash,
    });
    expect(String(doc._id)).not.toBe(legacy.id);
    await request(server.app).get('/api/workflows').set('authorization', `Bearer ${legacy.key}`).expect(200);
    await server.models.ApiKey.updateOne({ _id: doc._id }, { $set: { revokedAt: new Date() } });
    await request(server.app).get('/api/workflows').set('authorization', `Bearer ${legacy.key}`).expect(401);
    // A made-up key names nothing.
    await request(server.app)
      .get('/api/workflows')
      .set('authorization', `Bearer iapm_00000000_${'x'.repeat(32)}`)
      .expect(401);
  });
});

describe('logs', () => {
  it('redacts secrets and personal data at any depth', () => {
    const out = redact({
      headers: { authorization: 'Bearer iapm_abcdef_123456', cookie: 'iapm_session=xyz' },
      body: { password: 'secret' },
      user: { email: 'awa@example.org', id: '0123' },
      err: new Error('duplicate key: { email: "awa@example.org" }'),
      note: 'sent to awa@example.org with key iapm_abcdef_123456',
    }) as Record<string, Record<string, unknown>>;
    expect(out.headers).toEqual({ authorization: '[redacted]', cookie: '[redacted]' });
    expect(out.body).toBe('[redacted]');
    expect(out.user).toEqual({ email: '[redacted]', id: '0123' });
    expect(JSON.stringify(out)).not.toMatch(/awa@example\.org|iapm_abcdef_123456|secret/);
    expect(maskText('x'.repeat(5000)).length).toBeLessThan(2100);
  });

  it('writes one JSON line per request, with the request id and the route, and none of the secrets', async () => {
    const lines: string[] = [];
    const sink = new Writable({
      write(chunk, _enc, done) {
        lines.push(...String(chunk).trim().split('\n'));
        done();
      },
    });
    const app = appWith({ logger: createLogger('info', sink) });
    await request(app)
      .post('/api/auth/login')
      .set('x-request-id', 'req-login-1')
      .send({ email: 'ops@cabinet.example', password: 'mauvais mot de passe' })
      .expect(401);
    await request(app).get(`/api/users?email=ops@cabinet.example`).set('authorization', `Bearer ${firm.apiKey}`);
    const records = lines.map((l) => JSON.parse(l));
    const login = records.find((r) => r.reqId === 'req-login-1');
    expect(login).toMatchObject({ method: 'POST', path: '/api/auth/login', route: '/api/auth/login', status: 401 });
    const text = lines.join('\n');
    expect(text).not.toContain('mauvais mot de passe');
    expect(text).not.toContain('ops@cabinet.example');
    expect(text).not.toContain(firm.apiKey);
  });
});
