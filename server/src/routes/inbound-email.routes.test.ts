import { createHash } from 'node:crypto';
import { getDocument } from '@iapm/runtime';
import request from 'supertest';
import { beforeAll, describe, expect, it } from 'vitest';
import { createFirm, startTestServer, type TestServer } from '../test-kit.ts';

let server: TestServer;
let firm: Awaited<ReturnType<typeof createFirm>>;
let other: Awaited<ReturnType<typeof createFirm>>;
let workflowId: string;

const PDF = Buffer.from('%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n');

/** A multipart message with a text body and a PDF attachment. */
function message(messageId: string, from = 'Awa Traoré <awa.traore@example.org>') {
  return Buffer.from(
    [
      `From: ${from}`,
      'To: Cabinet <contact@cabinet.example>',
      'Cc: copie@example.org',
      'Subject: =?utf-8?q?OQTF_re=C3=A7ue_hier?=',
      `Message-ID: ${messageId}`,
      'Date: Mon, 09 Mar 2026 10:15:00 +0100',
      'MIME-Version: 1.0',
      'Content-Type: multipart/mixed; boundary="b1"',
      '',
      '--b1',
      'Content-Type: text/plain; charset=utf-8',
      'Content-Transfer-Encoding: 8bit',
      '',
      "Bonjour Maître, j'ai reçu une OQTF hier. Je joins la décision.",
      '--b1',
      'Content-Type: application/pdf; name="decision.pdf"',
      'Content-Disposition: attachment; filename="decision.pdf"',
      'Content-Transfer-Encoding: base64',
      '',
      PDF.toString('base64'),
      '--b1--',
      '',
    ].join('\r\n'),
  );
}

const post = (raw: Buffer, key: string, query = '') =>
  request(server.app)
    .post(`/api/v1/inbound/email${query}`)
    .set('authorization', `Bearer ${key}`)
    .set('content-type', 'message/rfc822')
    .send(raw);

beforeAll(async () => {
  server = await startTestServer(import.meta.url, { runtime: true });
  firm = await createFirm(server, 'Cabinet Courrier', 'courrier@cabinet.example');
  other = await createFirm(server, 'Cabinet Tiers', 'tiers@cabinet.example');
  const wf = await request(server.app)
    .post('/api/workflows')
    .set('cookie', firm.cookie)
    .send({
      name: 'E-mails entrants',
      document: {
        schemaVersion: 1,
        name: 'E-mails entrants',
        nodes: [
          { id: 'start', kind: 'trigger', event: 'email:received' },
          { id: 'log', kind: 'action', action: 'log_event', params: { level: 'info', message: '{{payload.subject}}' } },
        ],
        edges: [{ id: 'e1', source: 'start', target: 'log' }],
      },
    })
    .expect(201);
  workflowId = wf.body.id;
  await request(server.app).post(`/api/workflows/${workflowId}/publish`).set('cookie', firm.cookie).expect(201);
}, 90_000);

describe('POST /api/v1/inbound/email', () => {
  it('parses the message into email:received, stores it and its attachments, and starts the firm’s runs', async () => {
    const client = await server.models.Client.create({
      tenantId: firm.tenantId,
      firstName: 'Awa',
      lastName: 'Traoré',
      email: 'awa.traore@example.org',
    });
    const ws = await server.models.Workspace.create({
      tenantId: firm.tenantId,
      clientId: client._id,
      title: 'OQTF Traoré',
      procedureType: 'OQTF',
    });
    const res = await post(message('<m1@example.org>'), firm.apiKey, '?mailbox=contact@cabinet.example').expect(202);
    expect(res.body).toMatchObject({ duplicate: false, runs: [{ workflowId, version: 1 }] });
    expect(res.body.attachments).toMatchObject([
      { filename: 'decision.pdf', contentType: 'application/pdf', size: PDF.length },
    ]);
    expect(res.body.attachments[0].sha256).toBe(createHash('sha256').update(PDF).digest('hex'));
    const stored = await getDocument(server.db.connection, firm.tenantId, res.body.attachments[0].documentId);
    expect(stored.bytes.equals(PDF)).toBe(true);
    expect(stored.meta.source).toBe('email');
    const original = await getDocument(server.db.connection, firm.tenantId, res.body.emailId);
    expect(original.meta.contentType).toBe('message/rfc822');
    expect(original.bytes.equals(message('<m1@example.org>'))).toBe(true);
    const event = await server.models.Event.findById(res.body.eventId).lean();
    expect(event).toMatchObject({ type: 'email:received', source: 'inbound-email' });
    expect(event?.payload).toMatchObject({
      emailId: res.body.emailId,
      messageId: '<m1@example.org>',
      mailbox: 'contact@cabinet.example',
      from: 'awa.traore@example.org',
      fromName: 'Awa Traoré',
      to: ['contact@cabinet.example'],
      cc: ['copie@example.org'],
      subject: 'OQTF reçue hier',
      attachmentCount: 1,
      clientId: String(client._id),
      workspaceId: String(ws._id),
    });
    expect((event?.payload as { text?: string } | undefined)?.text).toMatch(/reçu une OQTF hier/);
  });

  it('answers the same message twice with the first answer and stores nothing more', async () => {
    const before = await server.models.Document.countDocuments({ tenantId: firm.tenantId });
    const first = await post(message('<m2@example.org>'), firm.apiKey).expect(202);
    const again = await post(message('<m2@example.org>'), firm.apiKey).expect(202);
    expect(again.body).toMatchObject({
      duplicate: true,
      eventId: first.body.eventId,
      emailId: first.body.emailId,
      runs: first.body.runs,
      attachments: first.body.attachments,
    });
    expect(await server.models.Document.countDocuments({ tenantId: firm.tenantId })).toBe(before + 2);
    expect(await server.db.connection.collection('documents.files').countDocuments()).toBe(
      await server.models.Document.countDocuments(),
    );
  });

  it('files the message under the key’s firm only', async () => {
    const res = await post(message('<m3@example.org>'), other.apiKey).expect(202);
    expect(res.body.runs).toEqual([]);
    expect((await server.models.Document.findById(res.body.emailId).lean())?.tenantId.toString()).toBe(other.tenantId);
    await expect(getDocument(server.db.connection, firm.tenantId, res.body.emailId)).rejects.toMatchObject({
      code: 'document.not-found',
    });
  });

  it('refuses what it cannot take, with problem+json, and stores nothing', async () => {
    const count = await server.models.Document.countDocuments();
    const noKey = await request(server.app)
      .post('/api/v1/inbound/email')
      .set('content-type', 'message/rfc822')
      .send(message('<x@example.org>'))
      .expect(401);
    expect(noKey.headers['content-type']).toMatch(/problem\+json/);
    const session = await request(server.app)
      .post('/api/v1/inbound/email')
      .set('cookie', firm.cookie)
      .set('content-type', 'message/rfc822')
      .send(message('<x@example.org>'))
      .expect(401);
    expect(session.body.code).toBe('api-key-required');
    const json = await request(server.app)
      .post('/api/v1/inbound/email')
      .set('authorization', `Bearer ${firm.apiKey}`)
      .send({ raw: 'x' })
      .expect(415);
    expect(json.body.code).toBe('unsupported-media-type');
    const empty = await post(Buffer.alloc(0), firm.apiKey).expect(400);
    expect(empty.body.issues[0].code).toBe('eml.unreadable');
    const noSender = await post(message('<y@example.org>', 'pas une adresse'), firm.apiKey).expect(400);
    expect(noSender.body.issues[0]).toMatchObject({ pointer: '/from', code: 'schema.format' });
    const badMailbox = await post(message('<z@example.org>'), firm.apiKey, '?mailbox=nope').expect(400);
    expect(badMailbox.body.issues[0].pointer).toBe('/mailbox');
    const huge = Buffer.alloc(25 * 1024 * 1024 + 10, 'a');
    const tooLarge = await post(huge, firm.apiKey).expect(413);
    expect(tooLarge.body.code).toBe('too-large');
    expect(await server.models.Document.countDocuments()).toBe(count);
  });
});
