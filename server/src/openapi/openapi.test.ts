import { Ajv2020 } from 'ajv/dist/2020.js';
import request from 'supertest';
import { beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../test-kit.ts';
import { OPERATIONS } from './operations.ts';

let server: TestServer;
let doc: {
  openapi: string;
  paths: Record<string, Record<string, { operationId: string; parameters?: { name: string; in: string }[] }>>;
  components: { schemas: Record<string, unknown> };
};

beforeAll(async () => {
  server = await startTestServer(import.meta.url, { runtime: true });
  doc = (await request(server.app).get('/api/openapi.json').expect(200)).body;
}, 60_000);

/** Every `method path` the app serves, as Express declares it. */
function servedRoutes(): string[] {
  const served: string[] = [];
  type Layer = { route?: { path: string; methods: Record<string, boolean> }; handle?: { stack?: Layer[] } };
  const walk = (stack: Layer[]) => {
    for (const layer of stack) {
      if (layer.route)
        for (const method of Object.keys(layer.route.methods)) served.push(`${method} ${layer.route.path}`);
      else if (layer.handle?.stack) walk(layer.handle.stack);
    }
  };
  walk((server.app as unknown as { router: { stack: Layer[] } }).router.stack);
  return served.filter((r) => / \/(api|metrics)/.test(r));
}

function refs(node: unknown, out: string[] = []): string[] {
  if (Array.isArray(node)) for (const n of node) refs(n, out);
  else if (node && typeof node === 'object')
    for (const [k, v] of Object.entries(node)) {
      if (k === '$ref' && typeof v === 'string') out.push(v);
      else refs(v, out);
    }
  return out;
}

describe('OpenAPI 3.1 document', () => {
  it('describes exactly the routes the app serves', () => {
    const described = OPERATIONS.map((o) => `${o.method} ${o.path}`);
    const served = servedRoutes();
    expect(served.filter((r) => !described.includes(r))).toEqual([]);
    expect(described.filter((r) => !served.includes(r))).toEqual([]);
    expect(Object.values(doc.paths).reduce((n, methods) => n + Object.keys(methods).length, 0)).toBe(OPERATIONS.length);
    expect(doc.openapi).toBe('3.1.0');
  });

  it('has unique operation ids, declared path parameters, and every reference resolving to a component', () => {
    const ids = Object.values(doc.paths).flatMap((m) => Object.values(m).map((o) => o.operationId));
    expect(new Set(ids).size).toBe(ids.length);
    for (const [path, methods] of Object.entries(doc.paths)) {
      const inPath = [...path.matchAll(/\{(\w+)\}/g)].map((m) => m[1]);
      for (const o of Object.values(methods))
        expect((o.parameters ?? []).filter((p) => p.in === 'path').map((p) => p.name)).toEqual(inPath);
    }
    const all = refs(doc);
    expect(all.length).toBeGreaterThan(100);
    const missing = all.filter(
      (r) => !r.startsWith('#/components/schemas/') || !(r.slice(21) in doc.components.schemas),
    );
    expect(missing).toEqual([]);
    const text = JSON.stringify(doc.components);
    expect(text).not.toMatch(/"\$(id|defs|schema)"/);
  });

  it('holds schemas that compile (JSON Schema 2020-12) and that accept and refuse what the API does', () => {
    const ajv = new Ajv2020({ strict: false, validateFormats: false });
    const bundle = JSON.parse(
      JSON.stringify({ $defs: doc.components.schemas }).replace(/#\/components\/schemas\//g, '#/$defs/'),
    );
    ajv.addSchema({ $id: 'openapi', ...bundle });
    for (const name of Object.keys(doc.components.schemas))
      expect(() => ajv.getSchema(`openapi#/$defs/${name}`)).not.toThrow();
    const envelope = ajv.getSchema('openapi#/$defs/EventEnvelope');
    const payload = {
      clientId: 'c-1',
      firstName: 'Moussa',
      lastName: 'Diallo',
      status: 'prospect',
      source: 'api',
      createdAt: '2026-11-20T09:00:00Z',
    };
    expect(envelope?.({ type: 'client:created', payload })).toBe(true);
    expect(envelope?.({ type: 'client:created', payload: { ...payload, status: 'nope' } })).toBe(false);
    expect(envelope?.({ type: 'unknown:event', payload })).toBe(false);
  });

  it('is rendered as a readable reference page with no script and no outside resource', async () => {
    const res = await request(server.app)
      .get('/api/docs')
      .expect(200)
      .expect('content-type', /text\/html/);
    for (const path of Object.keys(doc.paths)) expect(res.text).toContain(`<code>${path}</code>`);
    expect(res.text).toContain('Envoyer un événement');
    expect(res.text).not.toMatch(/<script|https?:\/\/(?!schemas\.iapm\.fr|iapm\.fr|json-schema\.org)[a-z]/i);
  });
});
