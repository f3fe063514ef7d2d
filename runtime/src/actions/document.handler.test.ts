import { Types } from 'mongoose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { getModels, type Models } from '../db/models/index.ts';
import { getDocument, listDocumentVersions } from '../documents/document-store.ts';
import { docxText, pdfStructure, pdfText } from '../documents/read-back-kit.ts';
import { putDocumentTemplate } from '../documents/templates.ts';
import { createTenantFixture, startEngine } from '../engine/engine-kit.ts';
import { type TestDatabase, useTestDatabase } from '../testing/test-database.ts';
import { chain, handlerContext, runThrough } from './action-test-kit.ts';
import type { CompensableHandler } from './define.ts';
import { createActionHandlers } from './index.ts';

let db: TestDatabase;
let models: Models;
let firm: string;
let otherFirm: string;
let workspaceId: string;
let foreignWorkspaceId: string;
let app: Awaited<ReturnType<typeof startEngine>>;

const TEMPLATE = {
  id: 'convocation-rdv',
  name: 'Convocation à un rendez-vous',
  title: 'Convocation — {{client.fullName}}',
  filename: 'convocation-{{client.lastName}}',
  body: [
    '> {{firm.name}}',
    '> Le {{today}}',
    '',
    '# Objet : rendez-vous du {{dateRdv}}',
    '',
    'Madame {{client.lastName}}, nous vous attendons le {{dateRdv}} au cabinet pour préparer votre recours contre la décision du {{workspace.decisionDate}}.',
    '',
    'Pièces à apporter : {{pieces}}.',
  ].join('\n'),
};

beforeAll(async () => {
  db = await useTestDatabase(import.meta.url);
  models = getModels(db.connection);
  firm = await createTenantFixture(db.connection);
  otherFirm = await createTenantFixture(db.connection);
  await models.Tenant.updateOne({ _id: firm }, { $set: { name: 'Cabinet Martin & Associés' } });
  const client = await models.Client.create({ tenantId: firm, firstName: 'Amina', lastName: 'Benali' });
  const workspace = await models.Workspace.create({
    tenantId: firm,
    clientId: client._id,
    title: 'OQTF Benali',
    procedureType: 'OQTF',
    decisionDate: new Date('2026-03-05T10:00:00Z'),
  });
  workspaceId = String(workspace._id);
  const foreignClient = await models.Client.create({ tenantId: otherFirm, firstName: 'Karim', lastName: 'Haddad' });
  foreignWorkspaceId = String(
    (
      await models.Workspace.create({
        tenantId: otherFirm,
        clientId: foreignClient._id,
        title: 'Autre cabinet',
        procedureType: 'VISA',
      })
    )._id,
  );
  await putDocumentTemplate(db.connection, firm, TEMPLATE);
  app = await startEngine(db.connection, { handlers: createActionHandlers() });
}, 60_000);
afterAll(async () => {
  await app.stop();
});

const event = (id: string) => ({
  type: 'workspace:updated',
  payload: { workspaceId: id, changes: { status: 'rdv' }, updatedAt: '2026-03-10T09:00:00+01:00' },
});
const generateFlow = (name: string, params: Record<string, unknown>) =>
  chain(name, 'workspace:updated', [
    {
      id: 'doc',
      action: 'generate_document',
      params: { template: 'convocation-rdv', workspaceId: '{{payload.workspaceId}}', ...params },
    },
  ]);

describe('generate_document through the engine', () => {
  it('renders the firm template to a PDF that parses, with the text filled in, and stores it as version 1', async () => {
    const run = await runThrough(
      app,
      db,
      firm,
      generateFlow('Convocation PDF', { data: { dateRdv: '12 mars 2026', pieces: 'passeport, décision' } }),
      event(workspaceId),
    );
    expect(run.error).toBeUndefined();
    expect(run.status).toBe('succeeded');
    const output = run.state.nodes.doc.output;
    expect(output).toMatchObject({ version: 1, format: 'pdf', filename: 'convocation-Benali.pdf' });
    // The gate showed the lawyer the rendered text.
    const step = run.state.steps.find((s: { nodeId: string }) => s.nodeId === 'doc');
    expect(step.validation.status).toBe('APPROVED');

    const { meta, bytes } = await getDocument(db.connection, firm, output.documentId);
    expect(meta).toMatchObject({ contentType: 'application/pdf', source: 'generated', workspaceId, version: 1 });
    expect(meta.sha256).toBe(output.sha256);
    expect(bytes.length).toBe(output.size);
    expect(pdfStructure(bytes)).toEqual({ header: '%PDF-1.3', eof: true, xrefAtStartxref: true });
    const read = await pdfText(bytes);
    expect(read.pages).toBe(1);
    expect(read.title).toBe('Convocation — Amina Benali');
    const flat = read.text.replace(/\s+/g, ' ');
    expect(flat).toContain('Convocation — Amina Benali');
    expect(flat).toContain('Cabinet Martin & Associés');
    expect(flat).toContain('Objet : rendez-vous du 12 mars 2026');
    expect(flat).toContain('contre la décision du 5 mars 2026');
    expect(flat).toContain('Pièces à apporter : passeport, décision.');
    expect(flat).not.toContain('{{');
    // The case's timeline records it.
    const timeline = await models.TimelineEvent.findOne({ tenantId: firm, workspaceId, kind: 'document' }).lean();
    expect(timeline?.title).toBe('Document généré : convocation-Benali.pdf (version 1)');
  });

  it('adds version 2 of the same file name and leaves version 1 as it was', async () => {
    const documentKey = `generated:${workspaceId}:convocation-Benali.pdf`;
    const [first] = await listDocumentVersions(db.connection, firm, documentKey);
    if (!first) throw new Error('version 1 missing');
    const firstBytes = (await getDocument(db.connection, firm, first.id)).bytes;
    const run = await runThrough(
      app,
      db,
      firm,
      generateFlow('Convocation v2', { data: { dateRdv: '19 mars 2026', pieces: 'justificatif de domicile' } }),
      event(workspaceId),
    );
    expect(run.error).toBeUndefined();
    expect(run.state.nodes.doc.output.version).toBe(2);
    const versions = await listDocumentVersions(db.connection, firm, documentKey);
    expect(versions.map((v) => v.version)).toEqual([1, 2]);
    const again = await getDocument(db.connection, firm, first.id);
    expect(again.meta.sha256).toBe(first.sha256);
    expect(again.bytes.equals(firstBytes)).toBe(true);
    const second = await getDocument(db.connection, firm, run.state.nodes.doc.output.documentId);
    expect(second.meta.sha256).not.toBe(first.sha256);
    expect((await pdfText(second.bytes)).text.replace(/\s+/g, ' ')).toContain('rendez-vous du 19 mars 2026');
  });

  it('renders DOCX when asked, and a built-in template when the firm has none of that id', async () => {
    const run = await runThrough(
      app,
      db,
      firm,
      chain('Recours DOCX', 'workspace:updated', [
        {
          id: 'doc',
          action: 'generate_document',
          params: {
            template: 'recours-gracieux-refus-titre',
            workspaceId: '{{payload.workspaceId}}',
            format: 'docx',
            // What the refus-titre preset passes: the deadline step's due date and the procedure's id.
            data: { echeance: '2026-03-16T23:59:59+01:00', procedure: new Types.ObjectId().toHexString() },
          },
        },
      ]),
      event(workspaceId),
    );
    expect(run.error).toBeUndefined();
    const output = run.state.nodes.doc.output;
    expect(output).toMatchObject({ format: 'docx', filename: 'recours-gracieux-Benali.docx', version: 1 });
    const { meta, bytes } = await getDocument(db.connection, firm, output.documentId);
    expect(meta.contentType).toBe('application/vnd.openxmlformats-officedocument.wordprocessingml.document');
    const text = docxText(bytes);
    expect(text).toContain('Recours gracieux — refus de titre de séjour');
    expect(text).toContain('au nom de Amina BENALI, [à compléter : né(e) le');
    expect(text).toContain('délai de recours contentieux de deux mois, qui expire le 16 mars 2026.');
    expect(text).toContain('envoi du recours gracieux au plus tard le 16 mars 2026');
    expect(text).toContain('Cabinet Martin & Associés');
    expect(text).not.toContain('{{');
  });

  it('fails with the missing placeholders named, and stores nothing', async () => {
    const before = await models.Document.countDocuments({ tenantId: firm });
    const run = await runThrough(
      app,
      db,
      firm,
      generateFlow('Convocation incomplète', { data: { dateRdv: '12 mars 2026' } }),
      event(workspaceId),
    );
    expect(run.status).toBe('failed');
    expect(JSON.stringify(run.error ?? run.state)).toContain('document.placeholder-missing');
    const step = run.state.steps.find((s: { nodeId: string }) => s.nodeId === 'doc');
    expect(step.error.message).toContain('{{pieces}}');
    expect(step.error.message).toContain('Missing values for template "convocation-rdv"');
    expect(await models.Document.countDocuments({ tenantId: firm })).toBe(before);
  });

  it('fails on a deadline that is not a date, naming the placeholder, and stores nothing', async () => {
    const handler = createActionHandlers().generate_document as CompensableHandler;
    const before = await models.Document.countDocuments({ tenantId: firm });
    await expect(
      handler.perform(
        { template: 'requete-oqtf-ordinaire', workspaceId, data: { echeance: { dueAt: '2026-04-09' } } },
        handlerContext(db, firm, `doc-bad-date-${new Types.ObjectId()}`),
      ),
    ).rejects.toMatchObject({
      code: 'document.value-invalid',
      message: expect.stringContaining('{{echeance | date}}'),
    });
    expect(await models.Document.countDocuments({ tenantId: firm })).toBe(before);
  });

  it("refuses another firm's case and an unknown template", async () => {
    const handler = createActionHandlers().generate_document as CompensableHandler;
    const context = handlerContext(db, firm, `doc-foreign-${new Types.ObjectId()}`);
    await expect(
      handler.perform({ template: 'convocation-rdv', workspaceId: foreignWorkspaceId, data: {} }, context),
    ).rejects.toMatchObject({ code: 'document.workspace-unknown', retryable: false });
    await expect(handler.perform({ template: 'inexistant', workspaceId }, context)).rejects.toMatchObject({
      code: 'document.template-unknown',
    });
    // The other firm does not see this firm's template either.
    await expect(
      handler.perform(
        { template: 'convocation-rdv', workspaceId: foreignWorkspaceId },
        handlerContext(db, otherFirm, `doc-other-${new Types.ObjectId()}`),
      ),
    ).rejects.toMatchObject({ code: 'document.template-unknown' });
    await expect(
      handler.perform({ template: 'convocation-rdv', workspaceId, data: { client: 'x' } }, context),
    ).rejects.toMatchObject({ code: 'document.data-reserved' });
  });

  it('stores one version per idempotency key, and its compensation deletes only that version', async () => {
    const handler = createActionHandlers().generate_document as CompensableHandler;
    const params = {
      template: 'convocation-rdv',
      workspaceId,
      filename: 'idempotence.pdf',
      data: { dateRdv: '1 avril 2026', pieces: 'aucune' },
    };
    const context = handlerContext(db, firm, `doc-once-${new Types.ObjectId()}`);
    const first = (await handler.perform(params, context)) as { documentId: string; version: number };
    const repeat = (await handler.perform(params, context)) as { documentId: string; version: number };
    expect(repeat).toEqual(first);
    const next = (await handler.perform(params, handlerContext(db, firm, `doc-next-${new Types.ObjectId()}`))) as {
      documentId: string;
      version: number;
    };
    expect(next.version).toBe(first.version + 1);
    const key = `generated:${workspaceId}:idempotence.pdf`;
    expect((await listDocumentVersions(db.connection, firm, key)).length).toBe(2);

    await handler.compensate?.({ params, output: next }, context);
    await handler.compensate?.({ params, output: next }, context);
    const left = await listDocumentVersions(db.connection, firm, key);
    expect(left.map((v) => v.id)).toEqual([first.documentId]);
    await expect(getDocument(db.connection, firm, next.documentId)).rejects.toMatchObject({
      code: 'document.not-found',
    });
    expect((await getDocument(db.connection, firm, first.documentId)).meta.version).toBe(1);
  });
});
