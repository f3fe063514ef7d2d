import request from 'supertest';
import { beforeAll, describe, expect, it } from 'vitest';
import { clientCreated, createFirm, noteWorkflow, startTestServer, type TestServer } from '../test-kit.ts';

let server: TestServer;
let firm: Awaited<ReturnType<typeof createFirm>>;

beforeAll(async () => {
  server = await startTestServer(import.meta.url);
  firm = await createFirm(server, 'Cabinet Laurent', 'laurent@cabinet-laurent.example');
}, 60_000);

const as = () => ({ cookie: firm.cookie });
const post = (path: string, body: unknown = {}) =>
  request(server.app)
    .post(path)
    .set(as())
    .send(body as object);
const get = (path: string) => request(server.app).get(path).set(as());

async function newWorkflow(name: string, document: object = noteWorkflow(name)) {
  const res = await post('/api/workflows', { name, document }).expect(201);
  return res.body as { id: string; revision: number; draft: Record<string, unknown> };
}

describe('workflow drafts', () => {
  it('creates a draft workflow and reads it back with the draft’s issues', async () => {
    const res = await post('/api/workflows', { name: 'Relance pièces', procedure: 'REFUS_TITRE' }).expect(201);
    expect(res.body).toMatchObject({
      name: 'Relance pièces',
      procedure: 'REFUS_TITRE',
      status: 'draft',
      enabled: false,
      revision: 1,
      publishedVersion: null,
      draft: { schemaVersion: 1, name: 'Relance pièces', nodes: [], edges: [] },
    });
    // An empty draft is saved, and its issues say why it cannot be published yet.
    expect(res.body.issues.map((i: { pointer: string }) => i.pointer)).toContain('/nodes');
    const read = await get(`/api/workflows/${res.body.id}`).expect(200);
    expect(read.body.draft).toEqual(res.body.draft);
  });

  it('refuses a bad body with pointers and bilingual messages', async () => {
    const res = await post('/api/workflows', { name: '', extra: true }).expect(400);
    expect(res.headers['content-type']).toMatch(/problem\+json/);
    expect(res.body.issues.map((i: { pointer: string }) => i.pointer).sort()).toEqual(['/extra', '/name']);
    expect(res.body.issues[0].message).toEqual({ fr: expect.any(String), en: expect.any(String) });
  });

  it('two saves of the same revision: the second gets 409 with both versions, and nothing is lost', async () => {
    const wf = await newWorkflow('Accueil');
    const mine = { ...noteWorkflow('Accueil'), description: 'version de Maître A' };
    const theirs = { ...noteWorkflow('Accueil'), description: 'version de Maître B' };
    const first = await request(server.app)
      .put(`/api/workflows/${wf.id}/draft`)
      .set(as())
      .send({ revision: 1, document: mine })
      .expect(200);
    expect(first.body.revision).toBe(2);
    const second = await request(server.app)
      .put(`/api/workflows/${wf.id}/draft`)
      .set(as())
      .send({ revision: 1, document: theirs })
      .expect(409);
    expect(second.headers['content-type']).toMatch(/problem\+json/);
    expect(second.body).toMatchObject({
      code: 'draft-conflict',
      current: { revision: 2, document: { description: 'version de Maître A' } },
      yours: { revision: 1, document: { description: 'version de Maître B' } },
    });
    const stored = await get(`/api/workflows/${wf.id}`).expect(200);
    expect(stored.body.revision).toBe(2);
    expect(stored.body.draft.description).toBe('version de Maître A');
    // Saving again on the revision the conflict named goes through.
    await request(server.app)
      .put(`/api/workflows/${wf.id}/draft`)
      .set(as())
      .send({ revision: 2, document: theirs })
      .expect(200);
  });

  it('refuses field names the database cannot store, with their pointer, instead of failing', async () => {
    const wf = await newWorkflow('Clés');
    const doc = { ...noteWorkflow('Clés'), nodes: [{ id: 'a', kind: 'trigger', $where: '1', 'x.y': 2 }] };
    const res = await request(server.app)
      .put(`/api/workflows/${wf.id}/draft`)
      .set(as())
      .send({ revision: 1, document: doc })
      .expect(400);
    expect(res.body.issues.map((i: { pointer: string; code: string }) => [i.pointer, i.code])).toEqual([
      ['/document/nodes/0/$where', 'schema.propertyNames'],
      ['/document/nodes/0/x.y', 'schema.propertyNames'],
    ]);
    expect((await get(`/api/workflows/${wf.id}`).expect(200)).body.revision).toBe(1);
  });

  it('mirrors the draft’s name in the list, and searches by name', async () => {
    const wf = await newWorkflow('Ancien nom');
    await request(server.app)
      .put(`/api/workflows/${wf.id}/draft`)
      .set(as())
      .send({ revision: 1, document: noteWorkflow('Nom (tout) nouveau') })
      .expect(200);
    const res = await get(`/api/workflows?q=${encodeURIComponent('(tout)')}`).expect(200);
    expect(res.body.items.map((w: { name: string }) => w.name)).toEqual(['Nom (tout) nouveau']);
  });
});

describe('publication and versions', () => {
  it('refuses to publish a draft with errors, with the checker’s pointers', async () => {
    const broken = noteWorkflow('Cassé');
    broken.edges = [{ id: 'e1', source: 'start', target: 'nowhere' }];
    const wf = await newWorkflow('Cassé', broken);
    const res = await post(`/api/workflows/${wf.id}/publish`).expect(400);
    expect(res.body.code).toBe('workflow-invalid');
    expect(res.body.issues).toContainEqual(expect.objectContaining({ pointer: '/edges/0/target' }));
    expect((await get(`/api/workflows/${wf.id}/versions`).expect(200)).body.items).toEqual([]);
  });

  it('publishes immutable versions with who and when, lists and reads them, and diffs them', async () => {
    const wf = await newWorkflow('Nouveau client');
    const v1 = await post(`/api/workflows/${wf.id}/publish`, { revision: 1, note: 'première' }).expect(201);
    expect(v1.body.workflow).toMatchObject({
      status: 'published',
      publishedVersion: 1,
      enabled: true,
      triggerEvent: 'client:created',
    });
    expect(v1.body.version).toMatchObject({
      version: 1,
      note: 'première',
      publishedBy: { kind: 'user', name: 'laurent' },
    });
    const changed = noteWorkflow('Nouveau client');
    changed.nodes[1] = { ...changed.nodes[1], params: { workspaceId: 'ws-1', text: 'Bienvenue' } } as never;
    await request(server.app)
      .put(`/api/workflows/${wf.id}/draft`)
      .set(as())
      .send({ revision: 1, document: changed })
      .expect(200);
    // Publishing names the revision it saw: a stale one is a conflict.
    await post(`/api/workflows/${wf.id}/publish`, { revision: 1 }).expect(409);
    // Through the API key: the version says it was a system.
    const v2 = await request(server.app)
      .post(`/api/workflows/${wf.id}/publish`)
      .set('authorization', `Bearer ${firm.apiKey}`)
      .send({ revision: 2 })
      .expect(201);
    expect(v2.body.version).toMatchObject({ version: 2, publishedBy: { kind: 'api-key', name: 'Clé initiale' } });
    const list = await get(`/api/workflows/${wf.id}/versions`).expect(200);
    expect(list.body.items.map((v: { version: number; current: boolean }) => [v.version, v.current])).toEqual([
      [2, true],
      [1, false],
    ]);
    const one = await get(`/api/workflows/${wf.id}/versions/1`).expect(200);
    expect(one.body.document.nodes[1].params.text).toBe('Client {{payload.lastName}}');
    expect(one.body.document.id).toBe(wf.id);
    await get(`/api/workflows/${wf.id}/versions/9`).expect(404);
    await get(`/api/workflows/${wf.id}/versions/abc`).expect(404);
    const diff = await get(`/api/workflows/${wf.id}/diff?from=1&to=2`).expect(200);
    expect(diff.body).toMatchObject({
      from: '1',
      to: '2',
      identical: false,
      params: { changed: [{ nodeId: 'note', key: 'text', before: 'Client {{payload.lastName}}', after: 'Bienvenue' }] },
    });
    expect((await get(`/api/workflows/${wf.id}/diff?from=2&to=draft`).expect(200)).body.identical).toBe(true);
    await get(`/api/workflows/${wf.id}/diff?from=1`).expect(400);
  });

  it('rolls back by publishing an old version again as a new one', async () => {
    const wf = await newWorkflow('Rollback');
    await post(`/api/workflows/${wf.id}/publish`).expect(201);
    const changed = { ...noteWorkflow('Rollback'), description: 'v2' };
    await request(server.app)
      .put(`/api/workflows/${wf.id}/draft`)
      .set(as())
      .send({ revision: 1, document: changed })
      .expect(200);
    await post(`/api/workflows/${wf.id}/publish`).expect(201);
    const back = await post(`/api/workflows/${wf.id}/rollback`, { version: 1, note: 'retour' }).expect(201);
    expect(back.body.version).toMatchObject({ version: 3, restoredFrom: 1, note: 'retour' });
    const v3 = await get(`/api/workflows/${wf.id}/versions/3`).expect(200);
    const v1 = await get(`/api/workflows/${wf.id}/versions/1`).expect(200);
    expect(v3.body.document).toEqual(v1.body.document);
    // The draft is left as it was (its edits are not lost).
    expect((await get(`/api/workflows/${wf.id}`).expect(200)).body.draft.description).toBe('v2');
    await post(`/api/workflows/${wf.id}/rollback`, { version: 7 }).expect(404);
  });
});

describe('duplicate, archive, enable, export and import', () => {
  it('duplicates as a new draft, never enabled', async () => {
    const wf = await newWorkflow('Modèle');
    await post(`/api/workflows/${wf.id}/publish`).expect(201);
    const copy = await post(`/api/workflows/${wf.id}/duplicate`).expect(201);
    expect(copy.body).toMatchObject({ name: 'Modèle (copie)', status: 'draft', enabled: false, revision: 1 });
    expect(copy.body.id).not.toBe(wf.id);
    expect(copy.body.draft.nodes).toEqual(noteWorkflow().nodes);
  });

  it('archives (runs and versions kept, hidden from the list), refuses to enable it, and restores it', async () => {
    const wf = await newWorkflow('Ancien');
    await post(`/api/workflows/${wf.id}/publish`).expect(201);
    const archived = await post(`/api/workflows/${wf.id}/archive`).expect(200);
    expect(archived.body).toMatchObject({ status: 'archived', enabled: false });
    expect((await get('/api/workflows').expect(200)).body.items.map((w: { id: string }) => w.id)).not.toContain(wf.id);
    expect(
      (await get('/api/workflows?status=archived').expect(200)).body.items.map((w: { id: string }) => w.id),
    ).toEqual([wf.id]);
    expect((await post(`/api/workflows/${wf.id}/enable`).expect(409)).body.code).toBe('workflow-archived');
    await request(server.app)
      .put(`/api/workflows/${wf.id}/draft`)
      .set(as())
      .send({ revision: 1, document: noteWorkflow() })
      .expect(409);
    expect((await get(`/api/workflows/${wf.id}/versions`).expect(200)).body.items).toHaveLength(1);
    const restored = await post(`/api/workflows/${wf.id}/restore`).expect(200);
    expect(restored.body).toMatchObject({ status: 'published', enabled: false });
    expect((await post(`/api/workflows/${wf.id}/enable`).expect(200)).body.enabled).toBe(true);
    expect((await post(`/api/workflows/${wf.id}/disable`).expect(200)).body.enabled).toBe(false);
  });

  it('refuses to enable a workflow never published', async () => {
    const wf = await newWorkflow('Jamais publié');
    expect((await post(`/api/workflows/${wf.id}/enable`).expect(409)).body.code).toBe('not-published');
  });

  it('exports a document that imports back as a new draft', async () => {
    const wf = await newWorkflow('À exporter');
    await post(`/api/workflows/${wf.id}/publish`).expect(201);
    const exported = await get(`/api/workflows/${wf.id}/export`).expect(200);
    expect(exported.headers['content-disposition']).toBe('attachment; filename="a-exporter.workflow.json"');
    expect(exported.headers['x-workflow-version']).toBe('1');
    expect(exported.body).toEqual(noteWorkflow('À exporter'));
    const imported = await post('/api/workflows/import', exported.body).expect(201);
    expect(imported.body).toMatchObject({ name: 'À exporter', status: 'draft', issues: [] });
    expect(imported.body.draft).toEqual(noteWorkflow('À exporter'));
    const draft = await get(`/api/workflows/${wf.id}/export?version=draft`).expect(200);
    expect(draft.headers['x-workflow-version']).toBe('draft');
  });

  it('refuses to import a document of the wrong shape, with pointers', async () => {
    const res = await post('/api/workflows/import', { schemaVersion: 1, name: 'x', nodes: [{ id: 'a' }] }).expect(400);
    expect(res.body.issues.map((i: { pointer: string }) => i.pointer)).toEqual(
      expect.arrayContaining(['/edges', '/nodes/0/kind']),
    );
  });
});

describe('test runs in the sandbox', () => {
  it('runs the draft on a sample event and answers the trace, writing nothing', async () => {
    const wf = await newWorkflow('Sandbox');
    const runsBefore = await server.models.Run.countDocuments();
    const res = await post(`/api/workflows/${wf.id}/test-runs`, {
      event: { type: 'client:created', payload: clientCreated('c-1') },
      at: '2026-11-20T09:00:00+01:00',
    }).expect(200);
    expect(res.body.source).toBe('draft');
    expect(res.body.trace.status).toBe('succeeded');
    expect(res.body.trace.steps.map((s: { nodeId: string; status: string }) => [s.nodeId, s.status])).toEqual([
      ['start', 'succeeded'],
      ['note', 'succeeded'],
    ]);
    expect(res.body.trace.steps[1].input).toMatchObject({ text: 'Client Diallo' });
    expect(await server.models.Run.countDocuments()).toBe(runsBefore);
  });

  it('answers a gate from the script: a RED action waits unless told', async () => {
    const doc = {
      schemaVersion: 1,
      name: 'Recours',
      nodes: [
        { id: 'start', kind: 'trigger', event: 'client:created' },
        {
          id: 'draft',
          kind: 'action',
          action: 'generate_document',
          autonomy: 'RED',
          params: { template: 'recours-oqtf', workspaceId: 'ws-1' },
        },
      ],
      edges: [{ id: 'e1', source: 'start', target: 'draft' }],
    };
    const wf = await newWorkflow('Recours', doc);
    const event = { type: 'client:created', payload: clientCreated('c-2') };
    const open = await post(`/api/workflows/${wf.id}/test-runs`, { event }).expect(200);
    expect(open.body.trace.status).toBe('awaiting_validation');
    const approved = await post(`/api/workflows/${wf.id}/test-runs`, {
      event,
      decisions: { draft: 'APPROVED' },
    }).expect(200);
    expect(approved.body.trace.status).toBe('succeeded');
    expect(approved.body.trace.steps[1].validation.status).toBe('APPROVED');
    // The sandbox succeeds, but a real run would fail there: the firm has no template of that name.
    expect(approved.body.warnings).toEqual([
      expect.objectContaining({
        code: 'firm.template-unknown',
        nodeId: 'draft',
        pointer: '/nodes/1/params/template',
        severity: 'warning',
      }),
    ]);
    // A built-in template, or one the firm made, is known: no warning.
    const builtin = structuredClone(doc);
    (builtin.nodes[1] as { params: object }).params = { template: 'accuse-reception-dossier', workspaceId: 'ws-1' };
    await request(server.app)
      .put(`/api/workflows/${wf.id}/draft`)
      .set(as())
      .send({ revision: wf.revision, document: builtin })
      .expect(200);
    const known = await post(`/api/workflows/${wf.id}/test-runs`, { event, decisions: { draft: 'APPROVED' } });
    expect(known.body.warnings.filter((i: { code: string }) => i.code === 'firm.template-unknown')).toEqual([]);
  });

  it('refuses an event whose payload does not match its schema, or that the trigger does not wait for', async () => {
    const wf = await newWorkflow('Sandbox 2');
    const bad = await post(`/api/workflows/${wf.id}/test-runs`, {
      event: { type: 'client:created', payload: { clientId: 'c-3' } },
    }).expect(400);
    expect(bad.body.issues.map((i: { pointer: string }) => i.pointer)).toEqual(
      expect.arrayContaining(['/event/payload/status', '/event/payload/source']),
    );
    const other = await post(`/api/workflows/${wf.id}/test-runs`, {
      event: { type: 'document:uploaded', payload: {} },
    }).expect(400);
    expect(other.body.issues.map((i: { pointer: string }) => i.pointer)[0]).toMatch(/^\/event/);
    const unknown = await post(`/api/workflows/${wf.id}/test-runs`, {
      event: { type: 'nope:nope', payload: {} },
    }).expect(400);
    expect(unknown.body.issues).toEqual([
      expect.objectContaining({ pointer: '/event/type', code: 'catalog.unknown-event' }),
    ]);
  });

  it('refuses to test a draft with errors', async () => {
    const wf = await newWorkflow('Vide', { schemaVersion: 1, name: 'Vide', nodes: [], edges: [] });
    const res = await post(`/api/workflows/${wf.id}/test-runs`, {
      event: { type: 'client:created', payload: clientCreated('c-4') },
    }).expect(400);
    expect(res.body.code).toBe('workflow-invalid');
  });
});
