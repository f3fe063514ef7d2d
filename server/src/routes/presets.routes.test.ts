import { readPreset, scenarioRun } from '@iapm/presets';
import type { PresetScenario } from '@iapm/schemas';
import request from 'supertest';
import { beforeAll, describe, expect, it } from 'vitest';
import { createFirm, startTestServer, type TestServer } from '../test-kit.ts';

let server: TestServer;
let alpha: Awaited<ReturnType<typeof createFirm>>;
let beta: Awaited<ReturnType<typeof createFirm>>;

beforeAll(async () => {
  server = await startTestServer(import.meta.url);
  alpha = await createFirm(server, 'Cabinet Moreau', 'moreau@cabinet-moreau.example');
  beta = await createFirm(server, 'Cabinet Petit', 'petit@cabinet-petit.example');
}, 60_000);

const asAlpha = () => ({ cookie: alpha.cookie });
const asBeta = () => ({ cookie: beta.cookie });

describe('GET /api/presets', () => {
  it('lists the gallery for a firm’s lawyers and systems', async () => {
    const res = await request(server.app).get('/api/presets').set(asAlpha()).expect(200);
    const ids = res.body.items.map((p: { id: string }) => p.id);
    expect(ids.length).toBeGreaterThanOrEqual(12);
    expect(ids).toEqual(expect.arrayContaining(['accueil-email', 'oqtf-retention', 'naturalisation', 'document-recu']));
    const retention = res.body.items.find((p: { id: string }) => p.id === 'oqtf-retention');
    expect(retention).toMatchObject({
      category: 'procedure',
      procedure: 'OQTF',
      rules: ['OQTF-RETENTION'],
      trigger: { event: 'email:classified' },
      gates: { red: 1 },
      name: { fr: expect.stringContaining('48 heures'), en: expect.stringContaining('48-hour') },
    });
    expect(retention.workflow).toBeUndefined();
    const bySystem = await request(server.app)
      .get('/api/presets')
      .set('authorization', `Bearer ${alpha.apiKey}`)
      .expect(200);
    expect(bySystem.body.items).toHaveLength(ids.length);
  });

  it('needs a signed-in member of a firm', async () => {
    const res = await request(server.app).get('/api/presets').expect(401);
    expect(res.headers['content-type']).toMatch(/problem\+json/);
  });
});

describe('GET /api/presets/:id', () => {
  it('gives the workflow document, the sample events and the scenarios', async () => {
    const res = await request(server.app).get('/api/presets/oqtf-libre').set(asAlpha()).expect(200);
    expect(res.body.workflow).toEqual(readPreset('oqtf-libre').workflow);
    expect(res.body.samples.map((s: { file: string }) => s.file)).toContain('samples/oqtf-notifiee.json');
    const scenario = res.body.scenarios.find(
      (s: { file: string }) => s.file === 'scenarios/projet-valide-rappels.json',
    );
    expect(scenario.scenario.expect.status).toBe('succeeded');
  });

  it.each([
    ['an unknown preset', '/api/presets/oqtf-lune'],
    ['a path that leaves the presets folder', '/api/presets/..%2F..%2Fpackage.json'],
    ['the rule data folder', '/api/presets/ceseda'],
  ])('answers 404 for %s', async (_what, path) => {
    const res = await request(server.app).get(path).set(asAlpha()).expect(404);
    expect(res.headers['content-type']).toMatch(/problem\+json/);
    expect(res.body.code).toBe('not-found');
  });
});

describe('POST /api/presets/:id/install', () => {
  it('creates a draft in the caller’s firm only, which publishes and test-runs like the preset', async () => {
    const installed = await request(server.app)
      .post('/api/presets/oqtf-libre/install')
      .set(asAlpha())
      .send({})
      .expect(201);
    const preset = readPreset('oqtf-libre');
    expect(installed.body).toMatchObject({
      name: preset.card.name.fr,
      procedure: 'OQTF',
      status: 'draft',
      enabled: false,
      revision: 1,
      publishedVersion: null,
      presetId: 'oqtf-libre',
    });
    expect(installed.body.draft).toEqual(preset.workflow);
    expect(installed.body.issues.filter((i: { severity: string }) => i.severity === 'error')).toEqual([]);

    // Firm Alpha has it; firm Beta neither lists nor reads it.
    const alphaList = await request(server.app).get('/api/workflows').set(asAlpha()).expect(200);
    expect(alphaList.body.items.map((w: { id: string }) => w.id)).toContain(installed.body.id);
    const betaList = await request(server.app).get('/api/workflows').set(asBeta()).expect(200);
    expect(betaList.body.items.map((w: { id: string }) => w.id)).not.toContain(installed.body.id);
    await request(server.app).get(`/api/workflows/${installed.body.id}`).set(asBeta()).expect(404);
    const stored = await server.models.Workflow.findById(installed.body.id).lean();
    expect(String(stored?.tenantId)).toBe(alpha.tenantId);

    // The draft is a workflow like any other: the firm can test-run one of the preset's scenarios and publish it.
    const scenario = preset.scenarios.find((s) => s.file === 'scenarios/projet-valide-rappels.json')
      ?.scenario as PresetScenario;
    const run = scenarioRun(preset, scenario);
    const trace = await request(server.app)
      .post(`/api/workflows/${installed.body.id}/test-runs`)
      .set(asAlpha())
      .send({ event: run.event, decisions: run.options.decisions, outputs: run.options.outputs })
      .expect(200);
    expect(trace.body.trace.status).toBe('succeeded');
    expect(trace.body.trace.endedAt).toBe(scenario.expect.runEndedAt);
    await request(server.app).post(`/api/workflows/${installed.body.id}/publish`).set(asAlpha()).send({}).expect(201);
  });

  it('names the draft as asked, and installs the same preset again as another draft', async () => {
    const first = await request(server.app)
      .post('/api/presets/facture-impayee/install')
      .set(asBeta())
      .send({ name: 'Relances du cabinet Petit' })
      .expect(201);
    const second = await request(server.app).post('/api/presets/facture-impayee/install').set(asBeta()).expect(201);
    expect(first.body).toMatchObject({ name: 'Relances du cabinet Petit', presetId: 'facture-impayee' });
    expect(first.body.draft.name).toBe('Relances du cabinet Petit');
    expect(second.body.id).not.toBe(first.body.id);
    expect(second.body.name).toBe(readPreset('facture-impayee').card.name.fr);
  });

  it('refuses a bad body with its pointer, an unknown preset with 404, and a system’s API key with 403', async () => {
    const bad = await request(server.app)
      .post('/api/presets/oqtf-libre/install')
      .set(asAlpha())
      .send({ name: '', publish: true })
      .expect(400);
    expect(bad.body.issues.map((i: { pointer: string }) => i.pointer).sort()).toEqual(['/name', '/publish']);
    expect(bad.body.issues[0].message).toEqual({ fr: expect.any(String), en: expect.any(String) });
    await request(server.app).post('/api/presets/oqtf-lune/install').set(asAlpha()).send({}).expect(404);
    await request(server.app)
      .post('/api/presets/oqtf-libre/install')
      .set('authorization', `Bearer ${alpha.apiKey}`)
      .send({})
      .expect(403);
    const count = await server.models.Workflow.countDocuments({ tenantId: alpha.tenantId, presetId: 'oqtf-libre' });
    expect(count).toBe(1);
  });
});

describe('test runs with imposed outputs', () => {
  it('refuses an output for a node that is not an action, or that does not match the action’s output schema', async () => {
    const installed = await request(server.app)
      .post('/api/presets/oqtf-retention/install')
      .set(asAlpha())
      .send({})
      .expect(201);
    const sample = readPreset('oqtf-retention').samples[0]?.event;
    const res = await request(server.app)
      .post(`/api/workflows/${installed.body.id}/test-runs`)
      .set(asAlpha())
      .send({ event: sample, outputs: { parallele: {}, delai: { deadlineId: 'd-1', dueAt: 'dimanche soir' } } })
      .expect(400);
    expect(res.body.issues.map((i: { pointer: string; code: string }) => `${i.pointer} ${i.code}`).sort()).toEqual([
      '/outputs/delai/dueAt schema.format',
      '/outputs/parallele api.reference-not-found',
    ]);
  });
});
