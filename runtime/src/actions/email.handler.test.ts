import { once } from 'node:events';
import type { AddressInfo } from 'node:net';
import { type ParsedMail, simpleParser } from 'mailparser';
import { SMTPServer } from 'smtp-server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { getModels, type Models } from '../db/models/index.ts';
import { putDocument } from '../documents/document-store.ts';
import { createTenantFixture, startEngine } from '../engine/engine-kit.ts';
import { type TestDatabase, useTestDatabase } from '../testing/test-database.ts';
import { chain, handlerContext, runThrough } from './action-test-kit.ts';
import { createActionHandlers } from './index.ts';

let db: TestDatabase;
let models: Models;
let tenantId: string;
let smtp: SMTPServer;
let smtpPort: number;
/** What the SMTP server received: the envelope and the parsed message. */
const inbox: { from: string; rcpt: string[]; mail: ParsedMail }[] = [];
let withSmtp: Awaited<ReturnType<typeof startEngine>>;

const TEMPLATE = {
  id: 'pieces-oqtf',
  name: 'Pièces pour le recours',
  subject: 'Votre dossier {{payload.changes.reference}} — pièces à transmettre',
  body: 'Madame,\n\nPour le recours contre l’OQTF notifiée le {{payload.changes.notifiedAt}}, merci de nous transmettre votre passeport.\n\nMe Martin',
};

beforeAll(async () => {
  db = await useTestDatabase(import.meta.url);
  models = getModels(db.connection);
  tenantId = await createTenantFixture(db.connection, {
    email: { from: 'Cabinet Martin <contact@cabinet-martin.example>', templates: [TEMPLATE] },
  });
  smtp = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    logger: false,
    onRcptTo(address, _session, callback) {
      if (address.address.startsWith('inconnu@')) return callback(new Error('550 mailbox unavailable'));
      callback();
    },
    onData(stream, session, callback) {
      simpleParser(stream)
        .then((mail) => {
          inbox.push({
            from: session.envelope.mailFrom ? session.envelope.mailFrom.address : '',
            rcpt: session.envelope.rcptTo.map((r) => r.address),
            mail,
          });
          callback();
        })
        .catch(callback);
    },
  });
  smtp.listen(0, '127.0.0.1');
  await once(smtp.server, 'listening');
  smtpPort = (smtp.server.address() as AddressInfo).port;
  withSmtp = await startEngine(db.connection, {
    handlers: createActionHandlers({
      smtp: { host: '127.0.0.1', port: smtpPort, secure: false, from: 'IAPM <no-reply@iapm.example>' },
    }),
  });
}, 60_000);
afterAll(async () => {
  await withSmtp.stop();
  await new Promise<void>((resolve) => smtp.close(() => resolve()));
});

const event = (workspaceId: string) => ({
  type: 'workspace:updated',
  payload: {
    workspaceId,
    changes: { reference: '2026-0142', notifiedAt: '2 mars 2026' },
    updatedAt: '2026-03-02T11:00:00+01:00',
  },
});

async function newCase() {
  const client = await models.Client.create({ tenantId, firstName: 'Amina', lastName: 'Diallo' });
  const ws = await models.Workspace.create({ tenantId, clientId: client._id, title: 'OQTF', procedureType: 'OQTF' });
  return String(ws._id);
}

describe('send_email over SMTP through the engine', () => {
  it('renders the firm template at the gate, attaches the stored documents and sends through SMTP', async () => {
    const workspaceId = await newCase();
    const pdf = Buffer.concat([
      Buffer.from('%PDF-1.7\n'),
      Buffer.from(Array.from({ length: 3000 }, (_, i) => i % 256)),
    ]);
    const doc = await putDocument(db.connection, tenantId, {
      filename: 'convocation.pdf',
      contentType: 'application/pdf',
      bytes: pdf,
      workspaceId,
    });
    const before = inbox.length;
    const run = await runThrough(
      withSmtp,
      db,
      tenantId,
      chain('Demande de pièces', 'workspace:updated', [
        {
          id: 'mail',
          action: 'send_email',
          params: {
            to: ['amina.diallo@example.org', 'inconnu@example.org'],
            cc: ['associe@cabinet-martin.example'],
            subject: 'sera remplacé par le modèle',
            template: 'pieces-oqtf',
            attachments: [{ documentId: doc.id }],
            workspaceId: '{{payload.workspaceId}}',
          },
        },
      ]),
      event(workspaceId),
    );
    expect(run.error).toBeUndefined();
    const step = run.state.steps.find((s: { nodeId: string }) => s.nodeId === 'mail');
    // The lawyer approved the rendered text.
    expect(step.validation.preparedParams).toMatchObject({
      subject: 'Votre dossier 2026-0142 — pièces à transmettre',
      text: expect.stringContaining('notifiée le 2 mars 2026'),
    });
    expect(step.validation.preparedParams.template).toBeUndefined();
    const received = inbox.slice(before);
    expect(received).toHaveLength(1);
    const [{ from, rcpt, mail }] = received as [(typeof inbox)[number]];
    expect(from).toBe('contact@cabinet-martin.example');
    expect(rcpt.sort()).toEqual(['amina.diallo@example.org', 'associe@cabinet-martin.example']);
    expect(mail.subject).toBe('Votre dossier 2026-0142 — pièces à transmettre');
    expect(mail.from?.value).toEqual([{ name: 'Cabinet Martin', address: 'contact@cabinet-martin.example' }]);
    expect(mail.text).toContain('merci de nous transmettre votre passeport');
    expect(mail.messageId).toMatch(/^<[a-f0-9]{32}@cabinet-martin\.example>$/);
    expect(mail.attachments).toHaveLength(1);
    expect(mail.attachments[0]?.filename).toBe('convocation.pdf');
    expect(mail.attachments[0]?.contentType).toBe('application/pdf');
    expect(Buffer.compare(mail.attachments[0]?.content as Buffer, pdf)).toBe(0);
    expect(run.state.nodes.mail.output).toMatchObject({
      transport: 'smtp',
      messageId: mail.messageId,
      accepted: expect.arrayContaining(['amina.diallo@example.org', 'associe@cabinet-martin.example']),
      rejected: ['inconnu@example.org'],
    });
    const record = await models.OutboxMessage.findOne({ tenantId, idempotencyKey: { $regex: String(run._id) } }).lean();
    expect(record).toMatchObject({ transport: 'smtp', status: 'sent', channel: 'email' });
    await expect(
      (async () => {
        for (let i = 0; i < 100; i++) {
          if (await models.Event.exists({ tenantId, type: 'message:sent' })) return true;
          await new Promise((r) => setTimeout(r, 50));
        }
        return false;
      })(),
    ).resolves.toBe(true);
    const timeline = await models.TimelineEvent.find({ tenantId, workspaceId }).lean();
    expect(timeline.map((t) => t.kind)).toEqual(['email']);
  });

  it('the same idempotency key sends once', async () => {
    const handlers = createActionHandlers({
      smtp: { host: '127.0.0.1', port: smtpPort, secure: false, from: 'IAPM <no-reply@iapm.example>' },
    });
    const before = inbox.length;
    const params = { to: ['client@example.org'], subject: 'Une fois', text: 'Bonjour' };
    const first = await handlers.send_email?.perform(params, handlerContext(db, tenantId, 'mail-once'));
    const second = await handlers.send_email?.perform(params, handlerContext(db, tenantId, 'mail-once'));
    expect(second).toEqual(first);
    expect(inbox.length - before).toBe(1);
  });

  it('a failure after the sending (recording, event) does not send the email again on retry', async () => {
    const handlers = createActionHandlers({
      smtp: { host: '127.0.0.1', port: smtpPort, secure: false, from: 'IAPM <no-reply@iapm.example>' },
    });
    const before = inbox.length;
    const params = { to: ['client@example.org'], subject: 'Pas deux fois', text: 'Bonjour' };
    const failingEmit = handlerContext(db, tenantId, 'mail-after', {
      emit: async () => {
        throw new Error('event store unavailable');
      },
    });
    await expect(handlers.send_email?.perform(params, failingEmit)).rejects.toThrow('event store unavailable');
    const retried = await handlers.send_email?.perform(params, handlerContext(db, tenantId, 'mail-after'));
    expect(retried).toMatchObject({ transport: 'smtp' });
    expect(inbox.length - before).toBe(1);
  });

  it('refuses a document of another firm, and an unknown template', async () => {
    const other = await createTenantFixture(db.connection);
    const foreign = await putDocument(db.connection, other, {
      filename: 'x.pdf',
      contentType: 'application/pdf',
      bytes: Buffer.from('%PDF'),
    });
    const handlers = createActionHandlers();
    await expect(
      handlers.send_email?.perform(
        { to: ['a@example.org'], subject: 's', text: 't', attachments: [{ documentId: foreign.id }] },
        handlerContext(db, tenantId, 'mail-foreign'),
      ),
    ).rejects.toMatchObject({ code: 'email.attachment-missing', retryable: false });
    await expect(
      handlers.send_email?.perform(
        { to: ['a@example.org'], subject: 's', template: 'absent' },
        handlerContext(db, tenantId, 'mail-tpl'),
      ),
    ).rejects.toMatchObject({ code: 'email.template-unknown' });
  });
});

describe('send_email without SMTP', () => {
  it('puts the message in the firm outbox, with its attachments listed', async () => {
    const handlers = createActionHandlers();
    const doc = await putDocument(db.connection, tenantId, {
      filename: 'recu.pdf',
      contentType: 'application/pdf',
      bytes: Buffer.from('%PDF-1.4'),
    });
    const before = inbox.length;
    const out = await handlers.send_email?.perform(
      {
        to: ['prefecture@example.gouv.fr'],
        bcc: ['archives@cabinet-martin.example'],
        subject: 'Demande de rendez-vous',
        html: '<p>Madame, Monsieur,</p>',
        attachments: [{ documentId: doc.id }],
      },
      handlerContext(db, tenantId, 'mail-outbox'),
    );
    expect(out).toMatchObject({ transport: 'outbox', accepted: [], rejected: [] });
    expect(inbox.length).toBe(before);
    const record = await models.OutboxMessage.findOne({ tenantId, idempotencyKey: 'mail-outbox' }).lean();
    expect(record).toMatchObject({
      channel: 'email',
      transport: 'outbox',
      status: 'queued',
      to: ['prefecture@example.gouv.fr'],
      bcc: ['archives@cabinet-martin.example'],
      html: '<p>Madame, Monsieur,</p>',
      attachments: [{ documentId: doc.id, filename: 'recu.pdf' }],
    });
  });
});
