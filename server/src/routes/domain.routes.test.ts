import { putDocument } from '@iapm/runtime';
import { Types } from 'mongoose';
import request from 'supertest';
import { beforeAll, describe, expect, it } from 'vitest';
import { createFirm, startTestServer, type TestServer } from '../test-kit.ts';

let server: TestServer;
let firm: Awaited<ReturnType<typeof createFirm>>;
let workspaceId: string;
let adminId: string;

beforeAll(async () => {
  server = await startTestServer(import.meta.url);
  firm = await createFirm(server, 'Cabinet Dossiers', 'dossiers@cabinet.example');
  const m = server.models;
  const tenantId = firm.tenantId;
  adminId = String((await m.User.findOne({ email: 'dossiers@cabinet.example' }).lean())?._id);
  const client = await m.Client.create({ tenantId, firstName: 'Awa', lastName: 'Traoré', email: 'awa@example.org' });
  const ws = await m.Workspace.create({
    tenantId,
    clientId: client._id,
    title: 'OQTF Traoré',
    procedureType: 'OQTF',
    urgency: 'critique',
    deadlineDate: new Date('2026-12-01T22:59:00Z'),
  });
  workspaceId = String(ws._id);
  await m.Workspace.create({
    tenantId,
    clientId: client._id,
    title: 'Naturalisation',
    procedureType: 'NATURALISATION',
  });
  await m.Deadline.create([
    {
      tenantId,
      workspaceId: ws._id,
      label: 'Recours TA',
      dueAt: new Date('2026-12-01T22:59:00Z'),
      urgency: 'critique',
    },
    { tenantId, workspaceId: ws._id, label: 'Mémoire', dueAt: new Date('2026-12-20T22:59:00Z') },
    // 23:30 in Paris on 30 November: before "2026-12-01" (midnight in Paris), though it is 22:30 UTC.
    { tenantId, workspaceId: ws._id, label: 'Veille au soir', dueAt: new Date('2026-11-30T22:30:00Z') },
    { tenantId, workspaceId: ws._id, label: 'Déjà tenu', dueAt: new Date('2026-11-01T10:00:00Z'), status: 'met' },
  ]);
  await m.ChecklistItem.create([
    { tenantId, workspaceId: ws._id, key: 'decision', label: 'Décision OQTF', order: 1, status: 'received' },
    { tenantId, workspaceId: ws._id, key: 'passeport', label: 'Passeport', order: 0 },
  ]);
  await m.Alert.create({ tenantId, workspaceId: ws._id, level: 'critical', title: 'Délai de 48 heures' });
  await m.TimelineEvent.create({ tenantId, workspaceId: ws._id, at: new Date(), kind: 'email', title: 'E-mail reçu' });
  await m.Notification.create([
    { tenantId, userId: adminId, title: 'Validation à faire', deliverAt: new Date('2026-01-01T00:00:00Z') },
    { tenantId, userId: adminId, title: 'Échéance proche', deliverAt: new Date('2026-01-02T00:00:00Z') },
    // Held back by quiet hours: not shown before its time.
    { tenantId, userId: adminId, title: 'Plus tard', deliverAt: new Date(Date.now() + 3_600_000) },
  ]);
  await m.OutboxMessage.create([
    {
      tenantId,
      channel: 'email',
      to: ['awa@example.org'],
      subject: 'Pièces',
      idempotencyKey: 'k1',
      transport: 'outbox',
    },
    { tenantId, channel: 'sms', to: ['+33612345678'], text: 'RDV', idempotencyKey: 'k2', transport: 'outbox' },
  ]);
}, 60_000);

describe('domain reads', () => {
  it('lists workspaces newest first with filters and a cursor', async () => {
    const all = await request(server.app).get('/api/workspaces').set('cookie', firm.cookie).expect(200);
    expect(all.body.items.map((w: { title: string }) => w.title)).toEqual(['Naturalisation', 'OQTF Traoré']);
    expect(all.body.items[1].client).toMatchObject({ firstName: 'Awa', lastName: 'Traoré' });
    const oqtf = await request(server.app)
      .get('/api/workspaces?procedureType=OQTF&urgency=critique')
      .set('cookie', firm.cookie)
      .expect(200);
    expect(oqtf.body.items).toHaveLength(1);
    const first = await request(server.app).get('/api/workspaces?limit=1').set('cookie', firm.cookie).expect(200);
    const second = await request(server.app)
      .get(`/api/workspaces?limit=1&cursor=${first.body.next}`)
      .set('cookie', firm.cookie)
      .expect(200);
    expect(second.body.items[0].title).toBe('OQTF Traoré');
    expect(second.body.next).toBeNull();
    const bad = await request(server.app)
      .get('/api/workspaces?procedureType=XYZ')
      .set('cookie', firm.cookie)
      .expect(400);
    expect(bad.body.issues[0].pointer).toBe('/procedureType');
  });

  it('reads a workspace with its deadlines, checklist, documents, alerts and timeline', async () => {
    const res = await request(server.app)
      .get(`/api/workspaces/${workspaceId}`)
      .set('authorization', `Bearer ${firm.apiKey}`)
      .expect(200);
    expect(res.body).toMatchObject({
      title: 'OQTF Traoré',
      procedureType: 'OQTF',
      client: { firstName: 'Awa', lastName: 'Traoré' },
      alerts: [{ level: 'critical', title: 'Délai de 48 heures' }],
      timeline: [{ kind: 'email', title: 'E-mail reçu' }],
      documents: [],
    });
    expect(res.body.deadlines.map((d: { label: string }) => d.label)).toEqual([
      'Déjà tenu',
      'Veille au soir',
      'Recours TA',
      'Mémoire',
    ]);
    expect(res.body.checklist.map((c: { key: string }) => c.key)).toEqual(['passeport', 'decision']);
    await request(server.app).get('/api/workspaces/0123456789abcdef01234567').set('cookie', firm.cookie).expect(404);
    await request(server.app).get('/api/workspaces/nope').set('cookie', firm.cookie).expect(404);
  });

  it('gives the open deadlines due before a date (a date is midnight in Paris), nearest first', async () => {
    const res = await request(server.app)
      .get('/api/deadlines?before=2026-12-01')
      .set('cookie', firm.cookie)
      .expect(200);
    expect(res.body.items.map((d: { label: string }) => d.label)).toEqual(['Veille au soir']);
    expect(res.body.items[0].workspace).toEqual({ title: 'OQTF Traoré', procedureType: 'OQTF' });
    const later = await request(server.app)
      .get('/api/deadlines?before=2026-12-02T00:00:00Z')
      .set('cookie', firm.cookie)
      .expect(200);
    expect(later.body.items.map((d: { label: string }) => d.label)).toEqual(['Veille au soir', 'Recours TA']);
    const all = await request(server.app)
      .get('/api/deadlines?before=2027-01-01&status=all')
      .set('cookie', firm.cookie)
      .expect(200);
    expect(all.body.items).toHaveLength(4);
    const missing = await request(server.app).get('/api/deadlines').set('cookie', firm.cookie).expect(400);
    expect(missing.headers['content-type']).toMatch(/problem\+json/);
    expect(missing.body.issues[0]).toMatchObject({ code: 'schema.required' });
  });

  it('shows a person their delivered notifications and marks them read, one or all', async () => {
    const list = await request(server.app).get('/api/notifications').set('cookie', firm.cookie).expect(200);
    expect(list.body.unread).toBe(2);
    expect(list.body.items.map((n: { title: string }) => n.title).sort()).toEqual([
      'Validation à faire',
      'Échéance proche',
    ]);
    const id = list.body.items[0].id;
    const read = await request(server.app).post(`/api/notifications/${id}/read`).set('cookie', firm.cookie).expect(200);
    expect(read.body.readAt).not.toBeNull();
    const unread = await request(server.app)
      .get('/api/notifications?unread=true')
      .set('cookie', firm.cookie)
      .expect(200);
    expect(unread.body.items).toHaveLength(1);
    const all = await request(server.app).post('/api/notifications/read-all').set('cookie', firm.cookie).expect(200);
    expect(all.body.updated).toBe(2);
    expect((await request(server.app).get('/api/notifications').set('cookie', firm.cookie)).body.unread).toBe(0);
    // An API key is no person: it has no notifications.
    await request(server.app).get('/api/notifications').set('authorization', `Bearer ${firm.apiKey}`).expect(403);
  });

  it('downloads a document as an attachment, checked against its SHA-256', async () => {
    const bytes = Buffer.from('<html><script>alert(1)</script></html>');
    const stored = await putDocument(server.db.connection, firm.tenantId, {
      filename: 'pièce jointe.html',
      contentType: 'text/html',
      bytes,
      workspaceId,
    });
    const res = await request(server.app)
      .get(`/api/documents/${stored.id}/content`)
      .set('cookie', firm.cookie)
      .buffer(true)
      .parse((r, done) => {
        const chunks: Buffer[] = [];
        r.on('data', (c: Buffer) => chunks.push(c));
        r.on('end', () => done(null, Buffer.concat(chunks)));
      })
      .expect(200);
    expect((res.body as Buffer).equals(bytes)).toBe(true);
    expect(res.headers['content-disposition']).toMatch(
      /^attachment; filename="piece jointe.html"; filename\*=UTF-8''pi%C3%A8ce%20jointe.html$/,
    );
    expect(res.headers['content-security-policy']).toMatch(/sandbox/);
    expect(res.headers['x-document-sha256']).toBe(stored.sha256);
    const listed = await request(server.app).get(`/api/workspaces/${workspaceId}`).set('cookie', firm.cookie);
    expect(listed.body.documents.map((d: { id: string }) => d.id)).toContain(stored.id);
    // Bytes altered in storage are refused rather than sent.
    const chunks = server.db.connection.collection('documents.chunks');
    const chunk = await chunks.findOne({ files_id: new Types.ObjectId(stored.fileId) });
    expect(chunk).not.toBeNull();
    const altered = Buffer.from(bytes);
    altered[7] = 'X'.charCodeAt(0);
    await chunks.updateOne({ _id: chunk?._id }, { $set: { data: altered } });
    const corrupt = await request(server.app)
      .get(`/api/documents/${stored.id}/content`)
      .set('cookie', firm.cookie)
      .expect(409);
    expect(corrupt.body.code).toBe('document-corrupt');
    await request(server.app)
      .get('/api/documents/0123456789abcdef01234567/content')
      .set('cookie', firm.cookie)
      .expect(404);
  });

  it('lists the outbox of mail and SMS for the firm’s ADMINs', async () => {
    const res = await request(server.app).get('/api/outbox').set('cookie', firm.cookie).expect(200);
    expect(res.body.items.map((m: { channel: string }) => m.channel)).toEqual(['sms', 'email']);
    const mail = await request(server.app).get('/api/outbox?channel=email').set('cookie', firm.cookie).expect(200);
    expect(mail.body.items).toMatchObject([{ subject: 'Pièces', to: ['awa@example.org'], status: 'queued' }]);
    await request(server.app).get('/api/outbox').set('authorization', `Bearer ${firm.apiKey}`).expect(403);
  });
});
