import { listRules, loadChecklists } from '@iapm/presets';
import { attachChecklist, checklistItemId, getDocument } from '@iapm/runtime';
import { getModels } from '@iapm/runtime/db';
import { until } from '@iapm/runtime/engine-kit';
import mongoose, { type Connection } from 'mongoose';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TenantRepository } from '../db/tenant-repository.ts';
import type { Principal } from '../http/auth.ts';
import { DossierService } from '../services/dossier.service.ts';
import { createFirm, signIn, startTestServer, type TestServer } from '../test-kit.ts';

let server: TestServer;
let firm: Awaited<ReturnType<typeof createFirm>>;
let workspaceId: string;
let otherWorkspaceId: string;
let clientCookie: string;
const ids: Record<string, string> = {};

const PDF = Buffer.from('%PDF-1.4\n1 0 obj << >> endobj\ntrailer << >>\n%%EOF\n');

beforeAll(async () => {
  server = await startTestServer(import.meta.url, {
    runtime: true,
    ceseda: { rules: listRules(), checklists: loadChecklists() },
  });
  firm = await createFirm(server, 'Cabinet Actions', 'actions@cabinet.example');
  const m = server.models;
  const tenantId = firm.tenantId;
  const client = await m.Client.create({ tenantId, firstName: 'Awa', lastName: 'Traoré' });
  const ws = await m.Workspace.create({
    tenantId,
    clientId: client._id,
    title: 'OQTF Traoré',
    procedureType: 'OQTF',
    deadlineDate: new Date('2026-12-01T22:59:00Z'),
  });
  workspaceId = String(ws._id);
  otherWorkspaceId = String(
    (await m.Workspace.create({ tenantId, clientId: client._id, title: 'Voisin', procedureType: 'ASILE' }))._id,
  );
  const [passport, photo] = await m.ChecklistItem.create([
    { tenantId, workspaceId: ws._id, key: 'passeport', label: 'Passeport', order: 0, required: true },
    { tenantId, workspaceId: ws._id, key: 'photo', label: 'Photo', order: 1, required: false },
  ]);
  ids.passport = String(passport?._id);
  ids.photo = String(photo?._id);
  const alert = await m.Alert.create({ tenantId, workspaceId: ws._id, level: 'critical', title: 'Délai de 48 heures' });
  ids.alert = String(alert._id);
  const [recours, memoire] = await m.Deadline.create([
    { tenantId, workspaceId: ws._id, label: 'Recours TA', dueAt: new Date('2026-12-01T22:59:00Z') },
    { tenantId, workspaceId: ws._id, label: 'Mémoire', dueAt: new Date('2026-12-20T22:59:00Z') },
  ]);
  ids.recours = String(recours?._id);
  ids.memoire = String(memoire?._id);
  await request(server.app)
    .post('/api/users')
    .set('cookie', firm.cookie)
    .send({ email: 'awa@example.org', name: 'Awa Traoré', role: 'CLIENT', workspaceId, password: 'awa-secret-long' })
    .expect(201);
  clientCookie = await signIn(server.app, 'awa@example.org', 'awa-secret-long');
}, 60_000);

const timeline = async () =>
  (await request(server.app).get(`/api/workspaces/${workspaceId}`).set('cookie', firm.cookie).expect(200)).body;

describe('checklist items', () => {
  it('ticks an item with who and when, and a repeat changes nothing more', async () => {
    const res = await request(server.app)
      .post(`/api/checklist-items/${ids.passport}/check`)
      .set('cookie', firm.cookie)
      .send({ received: true })
      .expect(200);
    expect(res.body).toMatchObject({ key: 'passeport', status: 'received' });
    expect(res.body.checkedBy).toMatch(/^[0-9a-f]{24}$/);
    const at = res.body.checkedAt;
    expect(Date.now() - Date.parse(at)).toBeLessThan(60_000);
    const again = await request(server.app)
      .post(`/api/checklist-items/${ids.passport}/check`)
      .set('cookie', firm.cookie)
      .send({ received: true })
      .expect(200);
    expect(again.body.checkedAt).toBe(at);
    const ws = await timeline();
    expect(ws.timeline.filter((t: { title: string }) => t.title.startsWith('Pièce reçue : Passeport'))).toHaveLength(1);
    expect(ws.checklist.find((c: { key: string }) => c.key === 'passeport')).toMatchObject({ status: 'received' });
  });

  it('unticks a mandatory item only with a reason, which the timeline keeps; the item stays', async () => {
    const refused = await request(server.app)
      .post(`/api/checklist-items/${ids.passport}/check`)
      .set('cookie', firm.cookie)
      .send({ received: false })
      .expect(400);
    expect(refused.body.issues[0]).toMatchObject({ pointer: '/reason', code: 'schema.required' });
    expect(refused.body.issues[0].message.fr).toContain('obligatoire');
    expect((await server.models.ChecklistItem.findById(ids.passport).lean())?.status).toBe('received');
    await request(server.app)
      .post(`/api/checklist-items/${ids.passport}/check`)
      .set('cookie', firm.cookie)
      .send({ received: false, reason: 'Passeport expiré' })
      .expect(200);
    const ws = await timeline();
    expect(ws.checklist.map((c: { key: string; status: string }) => [c.key, c.status])).toEqual([
      ['passeport', 'missing'],
      ['photo', 'missing'],
    ]);
    expect(ws.timeline[0].title).toMatch(/^Pièce remise à manquante : Passeport .*— Passeport expiré$/);
    // An optional item is unticked without a reason.
    await request(server.app)
      .post(`/api/checklist-items/${ids.photo}/check`)
      .set('cookie', firm.cookie)
      .send({ received: true })
      .expect(200);
    await request(server.app)
      .post(`/api/checklist-items/${ids.photo}/check`)
      .set('cookie', firm.cookie)
      .send({ received: false })
      .expect(200);
  });

  it('refuses a bad body with pointers, a CLIENT, an API key, and an unknown id', async () => {
    const bad = await request(server.app)
      .post(`/api/checklist-items/${ids.photo}/check`)
      .set('cookie', firm.cookie)
      .send({ received: 'oui', extra: 1 })
      .expect(400);
    expect(bad.body.issues.map((i: { pointer: string }) => i.pointer).sort()).toEqual(['/extra', '/received']);
    await request(server.app)
      .post(`/api/checklist-items/${ids.photo}/check`)
      .set('cookie', clientCookie)
      .send({ received: true })
      .expect(403);
    await request(server.app)
      .post(`/api/checklist-items/${ids.photo}/check`)
      .set('authorization', `Bearer ${firm.apiKey}`)
      .send({ received: true })
      .expect(403);
    await request(server.app)
      .post('/api/checklist-items/0123456789abcdef01234567/check')
      .set('cookie', firm.cookie)
      .send({ received: true })
      .expect(404);
  });
});

describe('alerts', () => {
  it('acknowledges an alert once (who, when), in the timeline', async () => {
    const res = await request(server.app)
      .post(`/api/alerts/${ids.alert}/acknowledge`)
      .set('cookie', firm.cookie)
      .expect(200);
    expect(res.body.acknowledgedAt).not.toBeNull();
    expect(res.body.acknowledgedBy).toMatch(/^[0-9a-f]{24}$/);
    const again = await request(server.app)
      .post(`/api/alerts/${ids.alert}/acknowledge`)
      .set('cookie', firm.cookie)
      .expect(200);
    expect(again.body.acknowledgedAt).toBe(res.body.acknowledgedAt);
    const ws = await timeline();
    expect(ws.alerts[0]).toMatchObject({ title: 'Délai de 48 heures', acknowledgedAt: res.body.acknowledgedAt });
    expect(
      ws.timeline.filter((t: { title: string }) => t.title.startsWith('Alerte prise en compte : Délai de 48 heures')),
    ).toHaveLength(1);
    await request(server.app).post(`/api/alerts/${ids.alert}/acknowledge`).set('cookie', clientCookie).expect(403);
  });
});

describe('deadlines', () => {
  it('asks for the filing date of an appeal and a reason to drop a deadline; refuses a date to come', async () => {
    const noDate = await request(server.app)
      .post(`/api/deadlines/${ids.recours}/close`)
      .set('cookie', firm.cookie)
      .send({ status: 'met' })
      .expect(400);
    expect(noDate.body.issues.map((i: { pointer: string }) => i.pointer)).toContain('/filedOn');
    const noReason = await request(server.app)
      .post(`/api/deadlines/${ids.recours}/close`)
      .set('cookie', firm.cookie)
      .send({ status: 'cancelled' })
      .expect(400);
    expect(noReason.body.issues.map((i: { pointer: string }) => i.pointer)).toContain('/reason');
    const future = await request(server.app)
      .post(`/api/deadlines/${ids.recours}/close`)
      .set('cookie', firm.cookie)
      .send({ status: 'met', filedOn: '2099-01-01' })
      .expect(400);
    expect(future.body.issues[0]).toMatchObject({ pointer: '/filedOn' });
    expect(future.body.issues[0].message.en).toContain('future');
    expect((await server.models.Deadline.findById(ids.recours).lean())?.status).toBe('open');
  });

  it('marks a deadline met: out of the open deadlines and of the watcher, the case’s next deadline moves', async () => {
    await server.db.connection
      .collection('deadline_watch')
      .insertOne({ _id: ids.recours as never, tenantId: firm.tenantId, nextAt: new Date(), done: [] });
    const res = await request(server.app)
      .post(`/api/deadlines/${ids.recours}/close`)
      .set('cookie', firm.cookie)
      .send({ status: 'met', filedOn: '2026-11-20', reference: 'TA Paris n° 2612345' })
      .expect(200);
    expect(res.body).toMatchObject({ status: 'met', filedOn: '2026-11-20', reference: 'TA Paris n° 2612345' });
    expect(await server.db.connection.collection('deadline_watch').countDocuments({ _id: ids.recours as never })).toBe(
      0,
    );
    const open = await request(server.app).get('/api/deadlines?before=2027-01-01').set('cookie', firm.cookie);
    expect(open.body.items.map((d: { label: string }) => d.label)).toEqual(['Mémoire']);
    const ws = await timeline();
    expect(ws.deadlineDate).toBe('2026-12-20T22:59:00.000Z');
    expect(ws.deadlines.find((d: { label: string }) => d.label === 'Recours TA')).toMatchObject({
      status: 'met',
      filedOn: '2026-11-20',
      reference: 'TA Paris n° 2612345',
    });
    expect(ws.timeline[0].title).toMatch(/^Recours déposé le 20\/11\/2026 \(réf\. TA Paris n° 2612345\) : Recours TA/);
    const twice = await request(server.app)
      .post(`/api/deadlines/${ids.recours}/close`)
      .set('cookie', firm.cookie)
      .send({ status: 'cancelled', reason: 'Erreur' })
      .expect(409);
    expect(twice.headers['content-type']).toMatch(/problem\+json/);
  });

  it('drops a deadline with its reason; the case then has no next deadline', async () => {
    await request(server.app)
      .post(`/api/deadlines/${ids.memoire}/close`)
      .set('cookie', firm.cookie)
      .send({ status: 'cancelled', reason: 'Désistement du client' })
      .expect(200);
    const ws = await timeline();
    expect(ws.deadlineDate).toBeNull();
    expect(ws.deadlines.find((d: { label: string }) => d.label === 'Mémoire')).toMatchObject({
      status: 'cancelled',
      closeReason: 'Désistement du client',
    });
    expect(ws.timeline[0].title).toContain('Échéance sans objet : Mémoire — Désistement du client');
  });
});

describe('several lawyers at once, in several server processes', () => {
  // Eight connections to the database stand for eight server processes (FerretDB v1 does not apply a
  // conditional update atomically across clients).
  const processes: Connection[] = [];
  let adminId = '';
  const lawyer = (): Principal => ({
    kind: 'user',
    id: adminId,
    role: 'ADMIN',
    tenantId: firm.tenantId,
    name: 'Me Actions',
  });
  beforeAll(async () => {
    adminId = String((await server.models.User.findOne({ tenantId: firm.tenantId, role: 'ADMIN' }).lean())?._id);
    for (let i = 0; i < 8; i++)
      processes.push(await mongoose.createConnection(server.db.uri, { dbName: server.db.dbName }).asPromise());
  });
  afterAll(async () => {
    await Promise.all(processes.map((c) => c.close()));
  });
  const inEach = <T>(act: (repo: TenantRepository, service: DossierService) => Promise<T>) =>
    Promise.allSettled(
      processes.map((c) => act(new TenantRepository(getModels(c), firm.tenantId), new DossierService())),
    );

  it('one alert acknowledged by eight at the same moment: one stands, answered to all, one timeline line', async () => {
    for (let round = 0; round < 5; round++) {
      const alert = await server.models.Alert.create({
        tenantId: firm.tenantId,
        workspaceId: otherWorkspaceId,
        level: 'warning',
        title: `Pièce manquante ${round}`,
      });
      const answers = await inEach((repo, service) => service.acknowledge(repo, lawyer(), String(alert._id)));
      const stored = await server.models.Alert.findById(alert._id).lean();
      expect(answers.map((a) => (a.status === 'fulfilled' ? a.value.acknowledgedAt : a.reason))).toEqual(
        Array(8).fill(stored?.acknowledgedAt),
      );
      const lines = await server.models.TimelineEvent.countDocuments({
        workspaceId: otherWorkspaceId,
        title: { $regex: `^Alerte prise en compte : Pièce manquante ${round} ` },
      });
      expect(lines).toBe(1);
    }
  });

  it('one deadline closed by eight at the same moment: one succeeds, the others are told it is closed', async () => {
    for (let round = 0; round < 5; round++) {
      const deadline = await server.models.Deadline.create({
        tenantId: firm.tenantId,
        workspaceId: otherWorkspaceId,
        label: `Recours CNDA ${round}`,
        dueAt: new Date('2026-12-15T22:59:00Z'),
      });
      const answers = await inEach((repo, service) =>
        service.closeDeadline(repo, lawyer(), String(deadline._id), { status: 'cancelled', reason: 'Désistement' }),
      );
      expect(answers.filter((a) => a.status === 'fulfilled')).toHaveLength(1);
      for (const a of answers)
        if (a.status === 'rejected') expect((a.reason as { code?: string }).code).toBe('deadline-closed');
      const lines = await server.models.TimelineEvent.countDocuments({
        workspaceId: otherWorkspaceId,
        title: { $regex: `^Échéance sans objet : Recours CNDA ${round} ` },
      });
      expect(lines).toBe(1);
    }
  });
});

describe('documents', () => {
  it('stores an uploaded PDF (SHA-256) and accepts document:uploaded for it', async () => {
    const res = await request(server.app)
      .post(`/api/workspaces/${workspaceId}/documents?filename=${encodeURIComponent('passeport scanné.pdf')}`)
      .set('cookie', firm.cookie)
      .set('content-type', 'application/pdf')
      .send(PDF)
      .expect(201);
    expect(res.body.document).toMatchObject({
      filename: 'passeport scanné.pdf',
      contentType: 'application/pdf',
      size: PDF.length,
      source: 'upload',
      uploadedBy: 'lawyer',
    });
    const { bytes, meta } = await getDocument(server.db.connection, firm.tenantId, res.body.document.id);
    expect(bytes.equals(PDF)).toBe(true);
    expect(meta.sha256).toBe(res.body.document.sha256);
    const event = await server.db.connection.collection('events').findOne({ type: 'document:uploaded' });
    expect(event?.payload).toMatchObject({
      documentId: res.body.document.id,
      workspaceId,
      filename: 'passeport scanné.pdf',
      uploadedBy: 'lawyer',
      sha256: res.body.document.sha256,
    });
    expect(res.body.eventId).toBe(String(event?._id));
    const ws = await timeline();
    expect(ws.documents.map((d: { id: string }) => d.id)).toContain(res.body.document.id);
    const titles = ws.timeline.map((t: { title: string }) => t.title);
    expect(titles.filter((t: string) => /^Document ajouté : passeport scanné\.pdf \(par .+\)$/.test(t))).toHaveLength(
      1,
    );
  });

  it('an upload repeated with its idempotency key adds nothing; the key cannot serve another file', async () => {
    const send = (key: string, body: Buffer, name = 'titre de séjour.pdf') =>
      request(server.app)
        .post(
          `/api/workspaces/${otherWorkspaceId}/documents?filename=${encodeURIComponent(name)}&idempotencyKey=${key}`,
        )
        .set('cookie', firm.cookie)
        .set('content-type', 'application/pdf')
        .send(body);
    const first = await send('envoi-42', PDF).expect(201);
    const again = await send('envoi-42', PDF).expect(201);
    expect(again.body).toEqual(first.body);
    const stored = await server.models.Document.countDocuments({ workspaceId: otherWorkspaceId });
    expect(stored).toBe(1);
    // The same key with other bytes (or another name, or case) is a mistake of the caller's.
    const other = Buffer.concat([PDF, Buffer.from('% autre\n')]);
    const reused = await send('envoi-42', other).expect(409);
    expect(reused.body.code).toBe('idempotency-key-reused');
    // Four at once with one key: one document; each answer is the document or "in progress, retry".
    const burst = await Promise.all(Array.from({ length: 4 }, () => send('envoi-43', other)));
    for (const res of burst) {
      expect([201, 409]).toContain(res.status);
      if (res.status === 409) expect(res.body.code).toBe('upload-in-progress');
    }
    expect(new Set(burst.filter((r) => r.status === 201).map((r) => r.body.document.id)).size).toBe(1);
    expect(await server.models.Document.countDocuments({ workspaceId: otherWorkspaceId })).toBe(2);
    // A file refused by its checks never takes the key: the right file can then be sent with it.
    await send('envoi-44', Buffer.from('pas un PDF')).expect(400);
    await send('envoi-44', Buffer.concat([PDF, Buffer.from('% troisième\n')])).expect(201);
  });

  it('ticks the checklist item the uploaded document satisfies (through document:uploaded)', async () => {
    const m = server.models;
    const client = await m.Client.create({ tenantId: firm.tenantId, firstName: 'Moussa', lastName: 'Diallo' });
    const ws = await m.Workspace.create({
      tenantId: firm.tenantId,
      clientId: client._id,
      title: 'OQTF Diallo',
      procedureType: 'OQTF',
    });
    await attachChecklist(m, firm.tenantId, ws, loadChecklists());
    const itemId = String(checklistItemId(firm.tenantId, String(ws._id), 'arrete_prefectoral'));
    expect((await m.ChecklistItem.findById(itemId).lean())?.status).toBe('missing');
    const res = await request(server.app)
      .post(`/api/workspaces/${ws._id}/documents?filename=arrete-prefectoral.pdf&documentType=arrete_prefectoral`)
      .set('cookie', firm.cookie)
      .set('content-type', 'application/pdf')
      .send(PDF)
      .expect(201);
    await until(async () => (await m.ChecklistItem.findById(itemId).lean())?.status === 'received', 10_000);
    const item = await m.ChecklistItem.findById(itemId).lean();
    expect(item?.documentIds).toEqual([res.body.document.id]);
  });

  it('refuses a type outside the list, a file whose bytes are not its type, an empty file, a missing name', async () => {
    const before = await server.models.Document.countDocuments({ tenantId: firm.tenantId });
    const url = `/api/workspaces/${workspaceId}/documents?filename=x.pdf`;
    const html = await request(server.app)
      .post(url)
      .set('cookie', firm.cookie)
      .set('content-type', 'text/html')
      .send('<script>alert(1)</script>')
      .expect(415);
    expect(html.body.message.fr).toContain('PDF');
    const fake = await request(server.app)
      .post(url)
      .set('cookie', firm.cookie)
      .set('content-type', 'application/pdf')
      .send(Buffer.from('MZ\x90\x00 not a pdf'))
      .expect(400);
    expect(fake.body.issues[0].message.fr).toContain('PDF');
    await request(server.app)
      .post(url)
      .set('cookie', firm.cookie)
      .set('content-type', 'application/pdf')
      .send(Buffer.alloc(0))
      .expect(400);
    const noName = await request(server.app)
      .post(`/api/workspaces/${workspaceId}/documents`)
      .set('cookie', firm.cookie)
      .set('content-type', 'application/pdf')
      .send(PDF)
      .expect(400);
    expect(noName.body.issues[0]).toMatchObject({ pointer: '/filename', code: 'schema.required' });
    expect(await server.models.Document.countDocuments({ tenantId: firm.tenantId })).toBe(before);
  });

  it('refuses a file over the size limit with 413', async () => {
    const big = Buffer.concat([Buffer.from('%PDF-1.4\n'), Buffer.alloc(20 * 1024 * 1024)]);
    const res = await request(server.app)
      .post(`/api/workspaces/${workspaceId}/documents?filename=gros.pdf`)
      .set('cookie', firm.cookie)
      .set('content-type', 'application/pdf')
      .send(big);
    expect(res.status).toBe(413);
    expect(res.headers['content-type']).toMatch(/problem\+json/);
  });

  it('lets a CLIENT add to their own workspace only', async () => {
    const own = await request(server.app)
      .post(`/api/workspaces/${workspaceId}/documents?filename=photo.png`)
      .set('cookie', clientCookie)
      .set('content-type', 'image/png')
      .send(Buffer.concat([Buffer.from('89504e470d0a1a0a', 'hex'), Buffer.alloc(16)]))
      .expect(201);
    expect(own.body.document.uploadedBy).toBe('client');
    const ws = await timeline();
    expect(ws.timeline.map((t: { title: string }) => t.title)).toContain(
      'Document ajouté : photo.png (par Awa Traoré)',
    );
    await request(server.app)
      .post(`/api/workspaces/${otherWorkspaceId}/documents?filename=photo.png`)
      .set('cookie', clientCookie)
      .set('content-type', 'image/png')
      .send(Buffer.concat([Buffer.from('89504e470d0a1a0a', 'hex'), Buffer.alloc(16)]))
      .expect(404);
  });

  it('records each action in the audit log', async () => {
    const audit = await request(server.app).get('/api/audit?limit=100').set('cookie', firm.cookie).expect(200);
    const actions = audit.body.items.map((e: { action: string }) => e.action);
    for (const action of ['checklist-item.check', 'alert.acknowledge', 'deadline.close', 'workspace.documents'])
      expect(actions).toContain(action);
  });
});
